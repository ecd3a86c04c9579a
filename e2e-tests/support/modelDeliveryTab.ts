import { expect, Locator, Page } from '@playwright/test';
import {
  CHAT_ASSISTANT_REF,
  chatAssistant,
} from '@model-delivery/test-kit/fixtures';
import { signIn } from './portal';

const { name } = chatAssistant.metadata;
/** The example entity of the seeded samples, and its pages. */
export const CHAT_ASSISTANT = {
  ref: CHAT_ASSISTANT_REF,
  page: `/catalog/default/component/${name}`,
  tab: `/catalog/default/component/${name}/model-delivery`,
  statusApi: `/api/model-delivery/entity/component/default/${name}/status`,
};

/** The signal channel on which the backend pushes an entity's status changes. */
export const CHAT_ASSISTANT_CHANNEL = `model-delivery:${CHAT_ASSISTANT.ref}`;

/**
 * Watches the page's websockets for the signals client subscribing to `channel`. Call it
 * before opening the page. The tab fetches the status once, then refetches on signals
 * only: a change made before the subscription reached the backend would not show, so a
 * test that changes the cluster waits for `subscribed()` first.
 */
export function watchSignalSubscription(page: Page, channel: string) {
  let subscribed = false;
  page.on('websocket', ws => {
    ws.on('framesent', frame => {
      if (typeof frame.payload !== 'string') return;
      try {
        const message = JSON.parse(frame.payload);
        if (message.action === 'subscribe' && message.channel === channel) {
          subscribed = true;
        }
      } catch {
        // not a signals message
      }
    });
  });
  return {
    async subscribed() {
      await expect
        .poll(() => subscribed, {
          message: `the page subscribes to the signal channel ${channel}`,
        })
        .toBe(true);
    },
  };
}

/** Opens chat-assistant's Model delivery tab and waits for its content. */
export async function openModelDeliveryTab(page: Page): Promise<void> {
  await page.goto(CHAT_ASSISTANT.tab);
  await signIn(page);
  await expect(summaryOf(page)).toBeVisible();
}

/** The entity page's Model delivery card, and its link to the tab. */
export function modelDeliveryCardOf(page: Page): {
  card: Locator;
  link: Locator;
} {
  const link = page.getByRole('link', { name: 'View model delivery' });
  // The card: the innermost element holding both its title and its link.
  const card = page
    .locator('div')
    .filter({ has: page.getByText('Model delivery', { exact: true }) })
    .filter({ has: link })
    .last();
  return { card, link };
}

/** The tab's summary bar: counts per state across every resource. */
export function summaryOf(page: Page): Locator {
  return page.getByRole('region', { name: 'Summary' });
}

/** A resource's section, e.g. `ModelDownload chat-models`. */
export function sectionOf(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title, exact: true });
}

/** The items table of a section, e.g. `models of chat-models`. */
export function tableOf(section: Locator, label: string): Locator {
  return section.getByRole('table', { name: label, exact: true });
}

/**
 * The row of an item, found by its name cell: names such as `gpu-node-1` are prefixes
 * of Job names in other cells, so the row's accessible name would be ambiguous.
 */
export function rowOf(table: Locator, itemName: string): Locator {
  return table.getByRole('row').filter({
    has: table.page().getByRole('cell', { name: itemName, exact: true }),
  });
}

/** The state chip of a row (its first cell): pending, downloading, completed, failed. */
export function stateCellOf(row: Locator): Locator {
  return row.getByRole('cell').first();
}

/** A fact of a section (`<dt>label</dt><dd>value</dd>`), as its value element. */
export function factOf(section: Locator, label: string): Locator {
  return section
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Records whether the page reloads or navigates from now on: a marker on `window` that
 * a reload would drop, and every navigation of the main frame (history changes too).
 */
export async function watchForNavigation(page: Page) {
  const navigations: string[] = [];
  page.on('framenavigated', frame => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  await page.evaluate(() => {
    (window as unknown as { __noReload?: boolean }).__noReload = true;
  });
  return {
    /** Asserts the page neither reloaded nor navigated since the call. */
    async expectNone() {
      expect(
        await page.evaluate(
          () => (window as unknown as { __noReload?: boolean }).__noReload,
        ),
        'the page was not reloaded (the marker set on window is still there)',
      ).toBe(true);
      expect(navigations, 'the page did not navigate').toEqual([]);
    },
  };
}

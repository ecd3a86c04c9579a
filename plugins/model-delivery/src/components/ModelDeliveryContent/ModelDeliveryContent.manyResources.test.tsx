import { ResourceStatus } from '@model-delivery/plugin-model-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import {
  cluster,
  item,
  resource,
  statusResponse,
} from '../../__testUtils__/statusFixtures';
import { ModelDeliveryContent } from './ModelDeliveryContent';

/*
 * The tab for an entity with many resources: what needs attention first, counts that
 * filter, search, kind and cluster filters, completed resources collapsed, a page at a
 * time.
 */

const completed = (name: string) =>
  item({ name, state: 'completed', phase: 'completed', detail: 'completed' });
const failed = (name: string) =>
  item({
    name,
    state: 'failed',
    phase: 'failed',
    detail: 'failed: BackoffLimitExceeded',
    jobName: `hf-dl-${name.replace(/\W/g, '-').toLowerCase()}`,
    retryable: true,
  });
const downloading = (name: string) =>
  item({
    name,
    phase: 'downloading',
    detail: 'downloading (pod running)',
  });

/** A ModelDownload of two models, both completed: the bulk of a large fleet. */
function doneDownload(n: number, extra: Partial<ResourceStatus> = {}) {
  const name = `models-${String(n).padStart(3, '0')}`;
  return resource({
    name,
    items: [completed(`org/model-a-${n}`), completed(`org/model-b-${n}`)],
    ...extra,
  });
}

/**
 * A mixed entity, in the backend's order (by name): completed, in progress and failed
 * resources interleaved, in two clusters and two kinds.
 */
function mixed(): ResourceStatus[] {
  return [
    resource({
      name: 'alpha-done',
      items: [completed('org/alpha-1'), completed('org/alpha-2')],
    }),
    resource({
      name: 'bravo-mixed',
      items: [
        completed('org/bravo-ok'),
        downloading('org/bravo-running'),
        failed('meta-llama/Llama-3.1-8B'),
      ],
    }),
    resource({
      name: 'charlie-running',
      cluster: 'edge',
      items: [downloading('org/charlie-1')],
    }),
    resource({
      kind: 'LocalModelCache',
      apiVersion: 'serving.kserve.io/v1alpha1',
      name: 'gemma-cache',
      namespace: undefined,
      itemNoun: 'node',
      items: [
        completed('gpu-node-1'),
        item({
          name: 'gpu-node-3',
          state: 'failed',
          phase: 'download-error',
          detail: 'download failed',
        }),
      ],
    }),
    resource({
      name: 'delta-done',
      cluster: 'edge',
      items: [completed('org/delta-1')],
    }),
  ];
}

const CLUSTERS = [cluster({ name: 'local' }), cluster({ name: 'edge' })];

/** The titles of the resource sections on screen, top to bottom. */
function sectionTitles(): string[] {
  return screen
    .getAllByRole('heading', { level: 2 })
    .map(h => h.textContent ?? '');
}

function sectionOf(title: string): HTMLElement {
  return screen.getByRole('region', { name: title });
}

/** The item names of a section's table, top to bottom. */
function itemNames(section: HTMLElement): string[] {
  return within(section)
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[1].textContent ?? '');
}

async function renderTab(resources: ResourceStatus[]) {
  const api = mockModelDeliveryApi();
  api.getEntityStatus.mockResolvedValue(statusResponse(resources, CLUSTERS));
  await renderForEntity(<ModelDeliveryContent />, { api });
  await screen.findByRole('region', { name: 'Summary' });
  return api;
}

describe('ModelDeliveryContent with many resources', () => {
  it('shows failed resources first, then those in progress, then completed ones; items likewise', async () => {
    await renderTab(mixed());

    expect(sectionTitles()).toEqual([
      // failed, in the backend's order
      'ModelDownload bravo-mixed',
      'LocalModelCache gemma-cache',
      // in progress
      'ModelDownload charlie-running',
      // completed
      'ModelDownload alpha-done',
      'ModelDownload delta-done',
    ]);
    expect(itemNames(sectionOf('ModelDownload bravo-mixed'))).toEqual([
      'meta-llama/Llama-3.1-8B',
      'org/bravo-running',
      'org/bravo-ok',
    ]);
    expect(itemNames(sectionOf('LocalModelCache gemma-cache'))).toEqual([
      'gpu-node-3',
      'gpu-node-1',
    ]);
  });

  it('shows only the items in a state when its count is clicked, and all again on a second click', async () => {
    await renderTab(mixed());
    const summary = within(screen.getByRole('region', { name: 'Summary' }));

    const failedCount = summary.getByRole('button', { name: '2 failed' });
    expect(failedCount).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(failedCount);

    expect(failedCount).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText('Showing only failed items')).toBeInTheDocument();
    expect(sectionTitles()).toEqual([
      'ModelDownload bravo-mixed',
      'LocalModelCache gemma-cache',
    ]);
    expect(itemNames(sectionOf('ModelDownload bravo-mixed'))).toEqual([
      'meta-llama/Llama-3.1-8B',
    ]);
    expect(
      within(sectionOf('ModelDownload bravo-mixed')).getByRole('button', {
        name: 'Retry meta-llama/Llama-3.1-8B',
      }),
    ).toBeInTheDocument();

    // Another count replaces the filter.
    await userEvent.click(summary.getByRole('button', { name: '2 pending' }));
    expect(failedCount).toHaveAttribute('aria-pressed', 'false');
    expect(sectionTitles()).toEqual([
      'ModelDownload bravo-mixed',
      'ModelDownload charlie-running',
    ]);
    expect(itemNames(sectionOf('ModelDownload bravo-mixed'))).toEqual([
      'org/bravo-running',
    ]);

    await userEvent.click(summary.getByRole('button', { name: '2 pending' }));
    expect(sectionTitles()).toHaveLength(5);
    expect(screen.queryByText(/Showing only/)).toBeNull();
  });

  it('clears a state filter with its clear control', async () => {
    await renderTab(mixed());
    const summary = within(screen.getByRole('region', { name: 'Summary' }));

    await userEvent.click(summary.getByRole('button', { name: '5 completed' }));
    expect(sectionTitles()).toHaveLength(4);
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );

    expect(sectionTitles()).toHaveLength(5);
    expect(
      summary.getByRole('button', { name: '5 completed' }),
    ).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('searches model, node and resource names', async () => {
    await renderTab(mixed());
    const search = screen.getByRole('textbox', { name: 'Search' });

    // A model name: only the resource listing it, with only that model.
    await userEvent.type(search, 'LLAMA');
    expect(sectionTitles()).toEqual(['ModelDownload bravo-mixed']);
    expect(itemNames(sectionOf('ModelDownload bravo-mixed'))).toEqual([
      'meta-llama/Llama-3.1-8B',
    ]);
    expect(
      screen.getByText('1 of 5 resources match “LLAMA”'),
    ).toBeInTheDocument();

    // A node name.
    await userEvent.clear(search);
    await userEvent.type(search, 'gpu-node-1');
    expect(sectionTitles()).toEqual(['LocalModelCache gemma-cache']);
    expect(itemNames(sectionOf('LocalModelCache gemma-cache'))).toEqual([
      'gpu-node-1',
    ]);

    // A resource name: the resource with all of its items.
    await userEvent.clear(search);
    await userEvent.type(search, 'bravo-mix');
    expect(sectionTitles()).toEqual(['ModelDownload bravo-mixed']);
    expect(itemNames(sectionOf('ModelDownload bravo-mixed'))).toHaveLength(3);

    await userEvent.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(search).toHaveValue('');
    expect(sectionTitles()).toHaveLength(5);
  });

  it('filters by kind and by cluster, together with a search', async () => {
    await renderTab(mixed());

    const kind = screen.getByRole('combobox', { name: 'Kind' });
    expect(
      within(kind)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All kinds', 'LocalModelCache (1)', 'ModelDownload (4)']);
    await userEvent.selectOptions(kind, 'LocalModelCache');
    expect(sectionTitles()).toEqual(['LocalModelCache gemma-cache']);

    await userEvent.selectOptions(kind, 'ModelDownload');
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Cluster' }),
      'edge',
    );
    expect(sectionTitles()).toEqual([
      'ModelDownload charlie-running',
      'ModelDownload delta-done',
    ]);

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'delta',
    );
    expect(sectionTitles()).toEqual(['ModelDownload delta-done']);
  });

  it('says when nothing matches, and offers to clear the filters', async () => {
    await renderTab(mixed());

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'no-such-model',
    );

    expect(screen.getByText('Nothing matches the filters')).toBeInTheDocument();
    expect(
      screen.getByText(
        'None of the 5 resources of this entity matches “no-such-model”.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryAllByRole('heading', { level: 2 })).toHaveLength(0);

    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    await userEvent.click(clear[clear.length - 1]);
    expect(sectionTitles()).toHaveLength(5);
    expect(screen.getByRole('textbox', { name: 'Search' })).toHaveValue('');
  });

  it('collapses completed resources when there are many, each expandable', async () => {
    const resources = [
      ...Array.from({ length: 11 }, (_, i) => doneDownload(i + 1)),
      resource({ name: 'broken', items: [failed('org/broken')] }),
    ];
    await renderTab(resources);

    expect(sectionTitles()[0]).toBe('ModelDownload broken');
    // Not collapsed: it failed.
    expect(
      within(sectionOf('ModelDownload broken')).getByRole('table'),
    ).toBeInTheDocument();

    const done = sectionOf('ModelDownload models-001');
    // Header and counts, no table.
    expect(within(done).getByText('2 models: 2 completed')).toBeInTheDocument();
    expect(within(done).getByText(/cluster local/)).toBeInTheDocument();
    expect(within(done).queryByRole('table')).toBeNull();
    expect(
      screen.getByText('Completed resources are collapsed'),
    ).toBeInTheDocument();

    const show = within(done).getByRole('button', {
      name: 'Show models of models-001',
    });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(show);

    expect(itemNames(done)).toEqual(['org/model-a-1', 'org/model-b-1']);
    const collapse = within(done).getByRole('button', {
      name: 'Collapse models-001',
    });
    expect(collapse).toHaveAttribute('aria-expanded', 'true');
    // The others stay collapsed.
    expect(
      within(sectionOf('ModelDownload models-002')).queryByRole('table'),
    ).toBeNull();

    await userEvent.click(collapse);
    expect(within(done).queryByRole('table')).toBeNull();
  });

  it('shows every resource expanded when there are few', async () => {
    await renderTab(mixed());

    for (const title of sectionTitles()) {
      expect(within(sectionOf(title)).getByRole('table')).toBeInTheDocument();
    }
    expect(screen.queryByRole('button', { name: /^Show models/ })).toBeNull();
  });

  it('renders 250 resources a page at a time, the failed ones on the first page', async () => {
    const resources = Array.from({ length: 250 }, (_, i) =>
      [97, 180].includes(i)
        ? resource({
            name: `models-${String(i).padStart(3, '0')}`,
            items: [failed(`org/broken-${i}`), completed(`org/fine-${i}`)],
          })
        : doneDownload(i),
    );
    await renderTab(resources);

    // One page of resources in the DOM, not 250.
    expect(
      screen.getAllByRole('region', { name: /^ModelDownload / }),
    ).toHaveLength(20);
    expect(sectionTitles().slice(0, 3)).toEqual([
      'ModelDownload models-097',
      'ModelDownload models-180',
      'ModelDownload models-000',
    ]);
    expect(screen.getByText(/^Resources 1–20 of 250/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Retry org/broken-97' }),
    ).toBeInTheDocument();

    const pages = screen.getByRole('navigation', { name: 'Resource pages' });
    await userEvent.click(
      within(pages).getByRole('button', { name: 'Go to page 2' }),
    );
    expect(sectionTitles()).toHaveLength(20);
    expect(sectionTitles()[0]).toBe('ModelDownload models-018');
    expect(screen.getByText(/^Resources 21–40 of 250/)).toBeInTheDocument();

    await userEvent.click(
      within(pages).getByRole('button', { name: 'Go to last page' }),
    );
    expect(sectionTitles()).toHaveLength(10);
    expect(screen.getByText(/^Resources 241–250 of 250/)).toBeInTheDocument();

    // A new filter starts at its first page.
    await userEvent.click(
      within(screen.getByRole('region', { name: 'Summary' })).getByRole(
        'button',
        { name: '2 failed' },
      ),
    );
    await waitFor(() => expect(sectionTitles()).toHaveLength(2));
    expect(
      screen.queryByRole('navigation', { name: 'Resource pages' }),
    ).toBeNull();
  });
});

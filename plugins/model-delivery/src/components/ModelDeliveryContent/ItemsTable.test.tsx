import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHAT_ASSISTANT_REF,
  item,
  resource,
} from '../../__testUtils__/statusFixtures';
import { formatFullTimestamp, formatTimestamp } from '../formatTimestamp';
import { ItemsTable } from './ItemsTable';

const STARTED = '2025-11-21T07:07:42Z';

describe('ItemsTable', () => {
  it('shows a start time short, with the full time as its tooltip', async () => {
    await renderInTestApp(
      <ItemsTable
        entityRef={CHAT_ASSISTANT_REF}
        resource={resource({
          name: 'chat-models',
          items: [
            item({
              name: 'org/downloading',
              phase: 'downloading',
              detail: 'downloading (pod running)',
              startedAt: STARTED,
            }),
            item({ name: 'org/waiting' }),
          ],
        })}
        canRetry={false}
        now={Date.parse('2025-11-21T07:10:00Z')}
        onRetryOutcome={() => {}}
      />,
    );

    const row = screen.getByRole('row', { name: /org\/downloading/ });
    const started = within(row).getByText(formatTimestamp(STARTED));
    await userEvent.hover(started);
    expect(started).toHaveAttribute('title', formatFullTimestamp(STARTED));
    expect(started).toHaveAttribute('dateTime', STARTED);

    // Not started: nothing to hover.
    const waiting = screen.getByRole('row', { name: /org\/waiting/ });
    expect(waiting.querySelector('time')).toBeNull();
  });
});

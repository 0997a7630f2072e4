// A manual tracking event entered offline and refused later inside the payload's per-event results
// (recordTrackingEvents answers `results[i].userErrors`, not top-level userErrors): the sync screen
// lists it under "needs attention" with the API's reason, like any other refusal.
import { describe, expect, it } from 'vitest';
import { stringifyDocument } from '@urql/core';
import { fireEvent, screen, within } from '@solidjs/testing-library';
import { createMockFetch, userErrors } from '../test/graphqlMock';
import { renderApp } from '../test/renderApp';
import { RecordTrackingEventMutation } from '../pages/order/tracking.graphql';
import { memoryOutboxStore } from './outboxStore';

describe('a queued tracking event refused per event', () => {
  it('shows under "needs attention" on the sync screen, with the reason and the order', async () => {
    let online = false;
    const api = createMockFetch({
      RecordTrackingEvent: () => ({
        data: {
          recordTrackingEvents: {
            __typename: 'RecordTrackingEventsPayload',
            recordedCount: 0,
            duplicateCount: 0,
            failedCount: 1,
            results: [
              {
                __typename: 'TrackingEventResult',
                index: 0,
                recorded: null,
                order: null,
                userErrors: userErrors({
                  code: 'ORDER_CANCELLED',
                  field: ['events', '0', 'trackingNumber'],
                  message: 'Order #1042 was cancelled; its tracking is no longer recorded',
                }),
              },
            ],
          },
        },
      }),
    });
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'en', path: '/sync', outboxStore: memoryOutboxStore(), isOnline: () => online });
    await screen.findByTestId('sync-page');
    const queued = await outbox.submit({
      op: 'recordTrackingEvents',
      query: stringifyDocument(RecordTrackingEventMutation),
      variables: { events: [{ trackingNumber: 'RP123456789CN', status: 'DELIVERED', occurredAt: '2026-12-06T05:00:00.000Z' }] },
      entity: { type: 'Order', id: 'T3JkZXI6MTA0Mg==', label: '#1042' },
    });
    expect(queued.kind).toBe('queued');
    expect((await screen.findByTestId('sync-pending-item')).dataset.op).toBe('recordTrackingEvents');

    online = true;
    fireEvent.click(screen.getByTestId('sync-now'));
    const item = await screen.findByTestId('sync-attention-item');
    expect(item.dataset.op).toBe('recordTrackingEvents');
    expect(item.dataset.status).toBe('conflict');
    expect(item.textContent).toContain('Enter a tracking event');
    expect(item.querySelector('a')!.getAttribute('href')).toBe('/orders/T3JkZXI6MTA0Mg%3D%3D');
    const error = within(item).getByTestId('sync-attention-error');
    expect(error.dataset.code).toBe('ORDER_CANCELLED');
    expect(within(item).getByTestId('sync-attention-server').textContent).toContain('Order #1042 was cancelled');
    expect(api.requests.filter((r) => r.operationName === 'RecordTrackingEvent')).toHaveLength(1);
    expect(outbox.items()).toMatchObject([{ status: 'conflict', userErrors: [{ code: 'ORDER_CANCELLED', field: ['events', '0', 'trackingNumber'] }] }]);
  });
});

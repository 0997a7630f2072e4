import { describe, expect, it, vi } from 'vitest';
import { createRoot } from 'solid-js';
import { Outbox, payloadUserErrors, type SendResult } from './outbox';
import { indexedDbOutboxStore, memoryOutboxStore, type OutboxItem } from './outboxStore';

let dbCounter = 0;
const freshStore = () => indexedDbOutboxStore(`outbox-test-${++dbCounter}`);

/** A fake API: answers each send from a script (or a function), records what was sent. */
function fakeSend(answer: (item: OutboxItem, n: number) => SendResult | Promise<SendResult>) {
  const sent: OutboxItem[] = [];
  const send = vi.fn(async (item: OutboxItem) => {
    sent.push(structuredClone(item));
    return answer(item, sent.length);
  });
  return { send, sent };
}

const ok = (payload: Record<string, unknown>): SendResult => ({ kind: 'ok', payload: { userErrors: [], ...payload } });
const holdSpec = (version = 3, key?: string) => ({
  op: 'placeHold',
  query: 'mutation PlaceHold($id: ID!) { placeHold(id: $id) { order { id version } userErrors { code field message } } }',
  variables: { id: 'T3JkZXI6MQ==', reason: 'OTHER', expectedVersion: version },
  idempotencyKey: key,
  entity: { type: 'Order' as const, id: 'T3JkZXI6MQ==', label: '#1' },
});

function withOutbox<T>(fn: (dispose: () => void) => Promise<T>): Promise<T> {
  return createRoot((dispose) => fn(dispose));
}

describe('Outbox', () => {
  it('sends at once when online, with a generated idempotency key, and forgets the item', () =>
    withOutbox(async () => {
      const api = fakeSend(() => ok({ order: { id: 'T3JkZXI6MQ==', version: 4 } }));
      const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => true });
      const outcome = await outbox.submit(holdSpec());
      expect(outcome).toMatchObject({ kind: 'done', userErrors: [] });
      expect(api.sent).toHaveLength(1);
      expect(api.sent[0].variables.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(api.sent[0].variables.expectedVersion).toBe(3);
      expect(outbox.pendingCount()).toBe(0);
      expect(outbox.items()).toEqual([]);
    }));

  it('queues while offline (persisted), then replays in order once, reusing the keys', () =>
    withOutbox(async () => {
      let online = false;
      const store = freshStore();
      const api = fakeSend((item) => ok({ order: { id: item.entity!.id, version: Number(item.variables.expectedVersion) + 1 } }));
      const outbox = new Outbox({ store, send: api.send, isOnline: () => online });

      expect(await outbox.submit(holdSpec(3, 'key-hold-0001'))).toEqual({ kind: 'queued', key: 'key-hold-0001' });
      const release = await outbox.submit({ ...holdSpec(3, 'key-release-001'), op: 'releaseHold' });
      expect(release.kind).toBe('queued');
      expect(outbox.pendingCount()).toBe(2);
      expect(api.send).not.toHaveBeenCalled();
      // It is in IndexedDB: a new outbox on the same store (an app restart) sees both, in order.
      expect((await store.all()).map((i) => i.op)).toEqual(['placeHold', 'releaseHold']);

      online = true;
      await outbox.flush();
      expect(api.sent.map((i) => [i.op, i.variables.idempotencyKey])).toEqual([
        ['placeHold', 'key-hold-0001'],
        ['releaseHold', 'key-release-001'],
      ]);
      // The release was queued behind the hold on the same order: it continues from the hold's version.
      expect(api.sent[1].variables.expectedVersion).toBe(4);
      expect(outbox.pendingCount()).toBe(0);
      await outbox.flush();
      expect(api.send).toHaveBeenCalledTimes(2); // exactly once each
    }));

  it('keeps the item (and everything behind it) on a network error and retries with backoff', () =>
    withOutbox(async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        let failures = 2;
        const api = fakeSend(() => (failures-- > 0 ? { kind: 'network', message: 'Failed to fetch' } : ok({})));
        // (fake-indexeddb schedules with timers too: the in-memory store keeps this about the backoff)
        const outbox = new Outbox({ store: memoryOutboxStore(), send: api.send, isOnline: () => true, retryBaseMs: 1000 });
        const first = await outbox.submit(holdSpec(3, 'key-retry-0001'));
        expect(first.kind).toBe('queued');
        expect(outbox.pendingCount()).toBe(1);
        expect(outbox.items()[0]).toMatchObject({ attempts: 1, lastError: 'Failed to fetch' });

        await vi.advanceTimersByTimeAsync(1000); // 1st retry: fails again
        expect(api.send).toHaveBeenCalledTimes(2);
        await vi.advanceTimersByTimeAsync(1500); // backoff doubled: not yet
        expect(api.send).toHaveBeenCalledTimes(2);
        await vi.advanceTimersByTimeAsync(600);
        expect(api.send).toHaveBeenCalledTimes(3);
        await vi.waitFor(() => expect(outbox.pendingCount()).toBe(0));
        expect(new Set(api.sent.map((i) => i.variables.idempotencyKey))).toEqual(new Set(['key-retry-0001']));
        outbox.stop();
      } finally {
        vi.useRealTimers();
      }
    }));

  it('turns userErrors of a replayed action into a conflict that stays until dismissed', () =>
    withOutbox(async () => {
      let online = false;
      const api = fakeSend(() => ({
        kind: 'ok',
        payload: { order: null, userErrors: [{ code: 'INVALID_TRANSITION', field: null, message: 'Order is CANCELLED' }] },
      }));
      const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => online });
      await outbox.submit(holdSpec());
      online = true;
      await outbox.flush();
      expect(outbox.pendingCount()).toBe(0);
      expect(outbox.attentionCount()).toBe(1);
      const [conflict] = outbox.items();
      expect(conflict).toMatchObject({ status: 'conflict', op: 'placeHold', userErrors: [{ code: 'INVALID_TRANSITION' }] });
      await outbox.flush();
      expect(api.send).toHaveBeenCalledTimes(1); // a conflict is not resent
      await outbox.dismiss(conflict.seq!);
      expect(outbox.items()).toEqual([]);
    }));

  it('gives userErrors straight to a screen that waits for them (no conflict entry)', () =>
    withOutbox(async () => {
      const api = fakeSend(() => ({ kind: 'ok', payload: { order: null, userErrors: [{ code: 'STALE_VERSION', field: ['expectedVersion'], message: 'changed' }] } }));
      const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => true });
      const outcome = await outbox.submit(holdSpec());
      expect(outcome).toMatchObject({ kind: 'done', userErrors: [{ code: 'STALE_VERSION' }] });
      expect(outbox.items()).toEqual([]);
    }));

  it('reports a server failure to the waiting screen, and keeps a replayed one as failed', () =>
    withOutbox(async () => {
      let online = true;
      const api = fakeSend(() => ({ kind: 'error', message: 'Unexpected error.', code: 'FORBIDDEN' }));
      const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => online });
      expect(await outbox.submit(holdSpec())).toEqual({ kind: 'failed', message: 'Unexpected error.', code: 'FORBIDDEN' });
      expect(outbox.items()).toEqual([]);

      online = false;
      await outbox.submit(holdSpec());
      online = true;
      await outbox.flush();
      expect(outbox.items()[0]).toMatchObject({ status: 'failed', lastError: 'Unexpected error.' });
      // Retry from the sync screen: same key.
      const key = outbox.items()[0].key;
      await outbox.retry(outbox.items()[0].seq!);
      await outbox.flush();
      expect(api.sent.at(-1)!.variables.idempotencyKey).toBe(key);
    }));

  it('flushes when the browser comes back online', () =>
    withOutbox(async () => {
      let online = false;
      const api = fakeSend(() => ok({}));
      const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => online });
      const target = new EventTarget();
      const stop = outbox.start(target as unknown as Window);
      await outbox.submit(holdSpec());
      expect(outbox.pendingCount()).toBe(1);
      online = true;
      target.dispatchEvent(new Event('online'));
      await vi.waitFor(() => expect(outbox.pendingCount()).toBe(0));
      expect(api.send).toHaveBeenCalledTimes(1);
      stop();
    }));
});

describe('fallbackOutboxStore', () => {
  it('keeps working in memory when IndexedDB refuses', async () => {
    const { fallbackOutboxStore } = await import('./outboxStore');
    const broken = {
      all: () => Promise.reject(new Error('blocked')),
      add: () => Promise.reject(new Error('blocked')),
      put: () => Promise.reject(new Error('blocked')),
      delete: () => Promise.reject(new Error('blocked')),
      clear: () => Promise.reject(new Error('blocked')),
    };
    const store = fallbackOutboxStore(broken);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await store.all()).toEqual([]);
    await store.add({ key: 'k-00000001', op: 'placeHold', query: 'mutation { x }', variables: {}, status: 'pending', createdAt: '', attempts: 0 });
    expect((await store.all()).map((i) => i.key)).toEqual(['k-00000001']);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('Outbox: following answers', () => {
  it('announces every answer (sent now or replayed later) with the item and its meta', () =>
    withOutbox(async () => {
      let online = false;
      const api = fakeSend((item) =>
        item.op === 'placeHold'
          ? ok({ order: { id: item.entity!.id, version: 4 } })
          : { kind: 'ok', payload: { userErrors: [{ code: 'OVER_PICK', field: null, message: 'x' }] } },
      );
      const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => online });
      const heard: [string, string, unknown][] = [];
      const stop = outbox.onResult((r) => heard.push([r.item.op, r.kind, r.item.meta?.taskId]));
      await outbox.submit({ ...holdSpec(3, 'key-hold-0001'), meta: { taskId: 't-1' } });
      await outbox.submit({ op: 'scanPick', query: 'mutation { scanPick }', variables: { code: 'A' }, idempotencyKey: 'key-scan-0001', meta: { taskId: 't-2' } });
      online = true;
      await outbox.flush();
      expect(heard).toEqual([
        ['placeHold', 'done', 't-1'],
        ['scanPick', 'conflict', 't-2'],
      ]);
      stop();
      expect(outbox.items()[0]).toMatchObject({ op: 'scanPick', status: 'conflict', meta: { taskId: 't-2' } });
    }));

  it('detach: the screen stops waiting (its promise says queued) and a refusal later needs attention', () =>
    withOutbox(async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const api = fakeSend(async () => {
        await gate;
        return { kind: 'ok', payload: { userErrors: [{ code: 'WRONG_ITEM', field: null, message: 'x' }] } };
      });
      const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => true });
      const outcome = outbox.submit({ op: 'scanPick', query: 'mutation { scanPick }', variables: { code: 'A' }, idempotencyKey: 'key-scan-0002' });
      await vi.waitFor(() => expect(api.send).toHaveBeenCalledTimes(1));
      outbox.detach('key-scan-0002');
      expect(await outcome).toEqual({ kind: 'queued', key: 'key-scan-0002' });
      release();
      await vi.waitFor(() => expect(outbox.attentionCount()).toBe(1));
      expect(outbox.items()[0]).toMatchObject({ status: 'conflict', userErrors: [{ code: 'WRONG_ITEM' }] });
    }));

  describe('refusals inside a nested payload (recordTrackingEvents answers per event)', () => {
    const unknownNumber = { code: 'UNKNOWN_TRACKING_NUMBER', field: ['events', '0', 'trackingNumber'], message: 'No shipment has tracking number "RP000"' };
    const trackingSpec = (key: string) => ({
      op: 'recordTrackingEvents',
      query:
        'mutation RecordTrackingEvent($events: [TrackingEventInput!]!) { recordTrackingEvents(events: $events) { results { index userErrors { code field message } } } }',
      variables: { events: [{ trackingNumber: 'RP000', status: 'DELIVERED', occurredAt: '2026-12-06T05:00:00.000Z' }] },
      idempotencyKey: key,
      entity: { type: 'Order' as const, id: 'T3JkZXI6MQ==', label: '#1' },
    });
    const refusedRow = (): SendResult => ({
      kind: 'ok',
      payload: { recordedCount: 0, failedCount: 1, results: [{ index: 0, recorded: null, order: null, userErrors: [unknownNumber] }] },
    });

    it('payloadUserErrors finds them at the top and in nested results, in order, and nothing else', () => {
      expect(payloadUserErrors(null)).toEqual([]);
      expect(payloadUserErrors({ order: { id: 'x', version: 2 }, userErrors: [] })).toEqual([]);
      const top = { code: 'STALE_VERSION', field: ['expectedVersion'], message: 'changed' };
      const second = { code: 'ORDER_CANCELLED', field: ['events', '2', 'trackingNumber'], message: 'Order #7 was cancelled' };
      expect(
        payloadUserErrors({
          userErrors: [top],
          results: [
            { index: 0, userErrors: [unknownNumber], order: { id: 'o', lines: [{ userErrors: 'not a list of errors' }] } },
            { index: 1, userErrors: [] },
            { index: 2, userErrors: [second, { note: 'not an error' }] },
          ],
        }),
      ).toEqual([top, unknownNumber, second]);
    });

    it('a tracking event replayed later and refused per event becomes a conflict under "needs attention"', () =>
      withOutbox(async () => {
        let online = false;
        const api = fakeSend(refusedRow);
        const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => online });
        expect((await outbox.submit(trackingSpec('key-track-0001'))).kind).toBe('queued');
        online = true;
        await outbox.flush();
        expect(api.send).toHaveBeenCalledTimes(1);
        expect(outbox.pendingCount()).toBe(0);
        expect(outbox.attentionCount()).toBe(1);
        expect(outbox.items()[0]).toMatchObject({ op: 'recordTrackingEvents', status: 'conflict', userErrors: [unknownNumber] });
        await outbox.flush();
        expect(api.send).toHaveBeenCalledTimes(1); // not resent
      }));

    it('gives the nested refusals to the screen that waits (and announces the answer as refused)', () =>
      withOutbox(async () => {
        const api = fakeSend(refusedRow);
        const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => true });
        const heard: string[] = [];
        outbox.onResult((r) => heard.push(`${r.kind}:${r.userErrors.map((e) => e.code).join(',')}`));
        const outcome = await outbox.submit(trackingSpec('key-track-0002'));
        expect(outcome).toMatchObject({ kind: 'done', userErrors: [unknownNumber] });
        expect(heard).toEqual(['done:UNKNOWN_TRACKING_NUMBER']);
        expect(outbox.items()).toEqual([]);
      }));

    it('a replayed event recorded without refusal is forgotten, as before', () =>
      withOutbox(async () => {
        let online = false;
        const api = fakeSend(() => ({ kind: 'ok', payload: { recordedCount: 1, results: [{ index: 0, recorded: true, userErrors: [] }] } }));
        const outbox = new Outbox({ store: freshStore(), send: api.send, isOnline: () => online });
        await outbox.submit(trackingSpec('key-track-0003'));
        online = true;
        await outbox.flush();
        expect(outbox.items()).toEqual([]);
      }));
  });
});

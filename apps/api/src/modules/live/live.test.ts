// Live updates in-process: GraphQL subscriptions over SSE through the real yoga pipeline
// (yoga.fetch with Accept: text/event-stream), changes made through mutations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import type { Db } from '@orderly/schema';
import { createContext, systemViewer } from '../../context.ts';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';
import { DomainError, userError } from '../../core/errors.ts';
import { runMutation } from '../common/mutation.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { liveUpdates, type OrderChangeEvent } from './live-bus.ts';
import { openStreamCount } from './live.graphql.ts';
import { readEventStream } from './sse-client.ts';

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const HOLD = `mutation($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { order { status } userErrors { code message } } }`;
const RELEASE = `mutation($id: ID!) { releaseHold(id: $id) { order { status } userErrors { code message } } }`;

async function subscribe(client: TestClient, query: string, variables: Record<string, unknown> = {}) {
  const response = await client.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  return readEventStream(response);
}

/** Resolves once the bus has a listener more than before (the subscription is live). */
async function untilSubscribed(count: () => number, before: number) {
  for (let i = 0; i < 200 && count() <= before; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('live updates (GraphQL subscriptions over SSE)', () => {
  let database: TestDatabase;
  let db: Db;
  let admin: TestClient;
  const listeners = () => openStreamCount();
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.prisma;
    admin = createTestClient(db);
  });
  afterAll(() => database.drop());

  it('streams the committed change of an order, with the order as it is now', async () => {
    const order = await createOrder(db);
    const id = globalId('Order', order.id);
    const before = listeners();
    const stream = await subscribe(
      admin,
      `subscription($id: ID) { orderChanged(id: $id) { eventId eventType fromStatus toStatus occurredAt order { id status version } } }`,
      { id },
    );
    await untilSubscribed(listeners, before);
    const other = await createOrder(db);
    expect((await admin(HOLD, { id: globalId('Order', other.id) })).data.placeHold.userErrors).toEqual([]); // not this order
    expect((await admin(HOLD, { id })).data.placeHold.userErrors).toEqual([]);

    const message = await stream.next();
    expect(message.errors).toBeUndefined();
    expect(message.data.orderChanged).toEqual({
      eventId: expect.any(String),
      eventType: 'ORDER_STATUS_CHANGED',
      fromStatus: 'NEW',
      toStatus: 'ON_HOLD',
      occurredAt: expect.any(String),
      order: { id, status: 'ON_HOLD', version: order.version + 1 },
    });
    const outbox = await db.outboxEvent.findUniqueOrThrow({ where: { id: message.data.orderChanged.eventId } });
    expect(outbox).toMatchObject({ type: 'order.status_changed', aggregateId: order.id });

    expect((await admin(RELEASE, { id })).data.releaseHold.userErrors).toEqual([]);
    expect((await stream.next()).data.orderChanged).toMatchObject({ fromStatus: 'ON_HOLD', toStatus: 'NEW', order: { status: 'NEW' } });
    await stream.close();
  });

  it('streams every order without an id, and gathers bursts for queue screens', async () => {
    const [a, b] = [await createOrder(db), await createOrder(db)];
    const before = listeners();
    const all = await subscribe(admin, `subscription { orderChanged { eventType toStatus order { id } } }`);
    const queue = await subscribe(admin, `subscription { orderQueueChanged(status: [ON_HOLD]) { orderIds changes { eventType toStatus order { id status } } } }`);
    await untilSubscribed(listeners, before + 1);
    await Promise.all([admin(HOLD, { id: globalId('Order', a.id) }), admin(HOLD, { id: globalId('Order', b.id) })]);

    const seen = [(await all.next()).data.orderChanged.order.id, (await all.next()).data.orderChanged.order.id];
    expect(seen.sort()).toEqual([globalId('Order', a.id), globalId('Order', b.id)].sort());
    const batch = (await queue.next()).data.orderQueueChanged;
    expect(batch.orderIds.sort()).toEqual([globalId('Order', a.id), globalId('Order', b.id)].sort());
    expect(batch.changes).toHaveLength(2);
    expect(batch.changes.every((c: any) => c.toStatus === 'ON_HOLD' && c.order.status === 'ON_HOLD')).toBe(true);
    await Promise.all([all.close(), queue.close()]);
  });

  it('announces only committed work: nothing for a rolled-back mutation or an idempotent replay', async () => {
    const order = await createOrder(db);
    const received: OrderChangeEvent[] = [];
    const iterator = liveUpdates().subscribe();
    const pump = (async () => {
      for await (const event of iterator) received.push(event);
    })();
    const ctx = createContext(db, systemViewer(['orders:write']));
    const write = (tx: Parameters<Parameters<typeof runMutation>[3]>[0]) =>
      recordOutboxEvent(tx, {
        type: 'order.status_changed',
        aggregateType: 'Order',
        aggregateId: order.id,
        payload: { orderId: order.id, number: order.number, from: 'NEW', to: 'ON_HOLD' },
      });

    const refused = await runMutation<{ ok: true }>(ctx, 'liveTest', {}, async (tx) => {
      await write(tx);
      throw new DomainError(userError('INVALID_TRANSITION', 'no'));
    });
    expect(refused.userErrors[0].code).toBe('INVALID_TRANSITION');
    await expect(
      runMutation(ctx, 'liveTest', {}, async (tx) => {
        await write(tx);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    const committed = await runMutation(ctx, 'liveTest', { idempotencyKey: 'live-test-key-1' }, async (tx) => ({ eventId: (await write(tx)).id }));
    const replay = await runMutation(ctx, 'liveTest', { idempotencyKey: 'live-test-key-1' }, async (tx) => ({ eventId: (await write(tx)).id }));
    expect(replay.eventId).toBe(committed.eventId);

    await new Promise((r) => setTimeout(r, 50));
    await iterator.return?.();
    await pump;
    expect(received.map((e) => e.eventId)).toEqual([committed.eventId]);
    expect(await db.outboxEvent.count({ where: { aggregateId: order.id } })).toBe(1);
  });

  it('needs orders:read, and says so on the stream', async () => {
    const key = createTestClient(db, { apiKeyScopes: ['read_inventory'] });
    const stream = await subscribe(key, `subscription { orderChanged { eventType } }`);
    const message = await stream.next();
    expect(message.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['orders:read'] });
    await stream.close();

    const anonymous = createTestClient(db, { anonymous: true });
    const anonymousStream = await subscribe(anonymous, `subscription { orderChanged { eventType } }`);
    expect((await anonymousStream.next()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await anonymousStream.close();

    // An integrator key with read_orders may listen too.
    const reader = createTestClient(db, { apiKeyScopes: ['read_orders'] });
    const order = await createOrder(db);
    const before = listeners();
    const ok = await subscribe(reader, `subscription($id: ID) { orderChanged(id: $id) { toStatus order { status } } }`, { id: globalId('Order', order.id) });
    await untilSubscribed(listeners, before);
    await admin(HOLD, { id: globalId('Order', order.id) });
    expect((await ok.next()).data.orderChanged).toEqual({ toStatus: 'ON_HOLD', order: { status: 'ON_HOLD' } });
    await ok.close();
  });
  it('writes unmasked buyer data sent on a stream to the audit log, per message', async () => {
    const order = await createOrder(db);
    const id = globalId('Order', order.id);
    const before = listeners();
    const stream = await subscribe(admin, `subscription($id: ID) { orderChanged(id: $id) { order { shippingAddress { name masked } } } }`, { id });
    await untilSubscribed(listeners, before);
    await admin(HOLD, { id });
    expect((await stream.next()).data.orderChanged.order.shippingAddress).toEqual({ name: 'Анна Смирнова', masked: false });
    const audit = await db.auditLog.findMany({ where: { action: 'pii.read', subjectType: 'Order', subjectId: order.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe((await admin.ready).actor);
    await stream.close();
  });

  /** The stream's last message is UNAUTHENTICATED, then it closes. */
  async function expectEnded(stream: Awaited<ReturnType<typeof subscribe>>) {
    const last = await stream.next(10_000);
    expect(last?.errors?.[0]?.extensions?.code ?? last).toBe('UNAUTHENTICATED');
    expect(await stream.next()).toBeNull();
  }

  it('ends a stream at once when its API key is revoked, with no order change needed', async () => {
    const key = createTestClient(db, { apiKeyScopes: ['read_orders'] });
    const caller = await key.ready;
    const order = await createOrder(db);
    const id = globalId('Order', order.id);
    const before = listeners();
    const stream = await subscribe(key, `subscription($id: ID) { orderChanged(id: $id) { toStatus } }`, { id });
    await untilSubscribed(listeners, before);
    await admin(HOLD, { id });
    expect((await stream.next()).data.orderChanged.toStatus).toBe('ON_HOLD');

    // The periodic re-check (LIVE_REAUTH_SECONDS, 60 s) is far away and nothing changes: the revocation ends it.
    const revoked = await admin(`mutation($id: ID!) { revokeApiKey(id: $id) { userErrors { code } } }`, { id: globalId('ApiKey', caller.apiKeyId!) });
    expect(revoked.data.revokeApiKey.userErrors).toEqual([]);
    await expectEnded(stream);
  });

  it("ends a deactivated user's streams and a logged-out session's stream at once", async () => {
    const query = `subscription { orderQueueChanged { orderIds } }`;
    const picker = createTestClient(db, { roles: ['PICKER'] });
    const pickerId = (await picker.ready).userId!;
    const packer = createTestClient(db, { roles: ['PACKER'] });
    await packer.ready;
    let before = listeners();
    const [first, second, packing] = [await subscribe(picker, query), await subscribe(picker, query), await subscribe(packer, query)];
    await untilSubscribed(listeners, before + 2);

    const deactivated = await admin(`mutation($id: ID!) { deactivateUser(id: $id) { userErrors { code } } }`, { id: globalId('User', pickerId) });
    expect(deactivated.data.deactivateUser.userErrors).toEqual([]);
    await expectEnded(first);
    await expectEnded(second);

    expect((await packer(`mutation { logout { loggedOut } }`)).data.logout.loggedOut).toBe(true);
    await expectEnded(packing);
    before = listeners();
    // Other callers' streams are untouched.
    const order = await createOrder(db);
    const adminStream = await subscribe(admin, `subscription { orderChanged { order { id } } }`);
    await untilSubscribed(listeners, before);
    await admin(HOLD, { id: globalId('Order', order.id) });
    expect((await adminStream.next()).data.orderChanged.order.id).toBe(globalId('Order', order.id));
    await adminStream.close();
  });

  it('ends a stream at the periodic re-check when its key was revoked without an announcement', async () => {
    const previous = process.env.LIVE_REAUTH_SECONDS;
    process.env.LIVE_REAUTH_SECONDS = '1';
    try {
      const key = createTestClient(db, { apiKeyScopes: ['read_orders'] });
      const caller = await key.ready;
      const before = listeners();
      const stream = await subscribe(key, `subscription { orderChanged { toStatus } }`);
      await untilSubscribed(listeners, before);
      // Straight in the database (as another tool would): nothing is announced, and no order changes.
      await db.apiKey.update({ where: { id: caller.apiKeyId! }, data: { revokedAt: new Date() } });
      await expectEnded(stream);
    } finally {
      if (previous === undefined) delete process.env.LIVE_REAUTH_SECONDS;
      else process.env.LIVE_REAUTH_SECONDS = previous;
    }
  });
  it('checks the operation limits when a stream starts', async () => {
    const strict = createTestClient(db, { app: { limits: { depth: 3 } } });
    const stream = await subscribe(strict, `subscription { orderChanged { order { lines { product { sku } } } } }`);
    const message = await stream.next();
    expect(message.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', maxDepth: 3 });
    expect(await stream.next()).toBeNull();
  });
});

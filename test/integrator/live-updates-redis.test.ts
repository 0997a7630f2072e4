// Live updates across API instances: two real server processes on one database share events
// through Redis. A client subscribed (SSE) on process A sees an order changed through process B.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testRedisAvailable, testRedisUrl } from '@orderly/schema/testing';
import { apiKeyDisplayPrefix, disabledPasswordHash, newApiKey, newSessionToken, sha256 } from '../../apps/api/src/modules/auth/crypto.ts';
import { type EventStream, readEventStream } from '../../apps/api/src/modules/live/sse-client.ts';
import { createOrder } from '../../apps/api/src/testing/fixtures.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

describe('live updates shared by several API processes through Redis', () => {
  let database: TestDatabase;
  let serverA: RunningServer | undefined;
  let serverB: RunningServer | undefined;
  let available = true;
  let apiKey: string;
  let adminToken: string;
  // Parallel runs (and other tests) must not hear each other: a channel prefix of their own.
  const channelPrefix = `orderly-test-${process.pid}-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Two processes need PostgreSQL (no database.url: ORDERLY_TEST_PGLITE=1 asked for PGlite) and
    // Redis (testRedisAvailable fails when it does not answer, unless ORDERLY_TEST_SKIP_REDIS=1).
    if (!database.url || !(await testRedisAvailable())) {
      available = false;
      return;
    }
    // Streams re-check their key only every 10 minutes here: what ends one sooner is the announcement.
    // LOG_LEVEL=info: the test reads which live-update mode each process started in from its log.
    const env = {
      LOG_LEVEL: 'info',
      REDIS_URL: testRedisUrl,
      REDIS_CHANNEL_PREFIX: channelPrefix,
      ORDERLY_DEMO_DATA: 'off',
      PII_RETENTION_JOB: 'off',
      LIVE_REAUTH_SECONDS: '600',
    };
    [serverA, serverB] = await Promise.all([startServer(database.url, env), startServer(database.url, env)]);
    apiKey = await createKey('live test');
    adminToken = newSessionToken();
    await database.prisma.user.create({
      data: {
        email: 'live-admin@orderly.test',
        name: 'Live Admin',
        passwordHash: disabledPasswordHash,
        roles: ['ADMIN'],
        sessions: { create: { tokenHash: sha256(adminToken), expiresAt: new Date(Date.now() + 3_600_000) } },
      },
    });
  });
  afterAll(async () => {
    await Promise.all([serverA?.stop(), serverB?.stop()]);
    await database?.drop();
  });

  async function createKey(name: string) {
    const key = newApiKey();
    await database.prisma.apiKey.create({ data: { name, prefix: apiKeyDisplayPrefix(key), keyHash: sha256(key), scopes: ['write_orders'] } });
    return key;
  }

  const graphql = async (server: RunningServer, query: string, variables: Record<string, unknown> = {}, credential = apiKey) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  /** Subscribes on A (with `credential`) and changes the order through B until A reports a change: then the stream is live. */
  async function liveStream(orderId: string, credential: string): Promise<EventStream> {
    const id = globalId('Order', orderId);
    const response = await fetch(`${serverA!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ query: `subscription($id: ID) { orderChanged(id: $id) { toStatus } }`, variables: { id } }),
    });
    expect(response.status).toBe(200);
    const stream = readEventStream(response);
    for (let attempt = 0; attempt < 6; attempt++) {
      const hold = attempt % 2 === 0;
      await graphql(
        serverB!,
        hold
          ? `mutation($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { userErrors { code } } }`
          : `mutation($id: ID!) { releaseHold(id: $id) { userErrors { code } } }`,
        { id },
      );
      const message = await stream.next(1_500).catch(() => null);
      if (message) {
        expect(message.errors).toBeUndefined();
        return stream;
      }
    }
    throw new Error(`the stream on A never went live; A's log:\n${serverA!.output()}`);
  }

  it('delivers a change made through process B to a subscriber on process A', async (ctx) => {
    if (!available) return ctx.skip();
    expect(serverA!.output()).toContain(`"msg":"Live updates: Redis (${channelPrefix}live:orders)"`);
    const order = await createOrder(database.prisma);
    const id = globalId('Order', order.id);

    const response = await fetch(`${serverA!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({
        query: `subscription($id: ID) { orderChanged(id: $id) { eventId eventType fromStatus toStatus order { id status version } } }`,
        variables: { id },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const stream = readEventStream(response);
    try {
      // The stream attaches on A a moment after the response starts: change the order (on B) until
      // A reports a change (placeHold / releaseHold alternately), at most a few times.
      let message: any = null;
      const set: string[] = [];
      for (let attempt = 0; attempt < 6 && !message; attempt++) {
        const hold = attempt % 2 === 0;
        const result = await graphql(
          serverB!,
          hold
            ? `mutation($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { order { status } userErrors { code message } } }`
            : `mutation($id: ID!) { releaseHold(id: $id) { order { status } userErrors { code message } } }`,
          { id },
        );
        expect(result.errors).toBeUndefined();
        const payload = hold ? result.data.placeHold : result.data.releaseHold;
        expect(payload.userErrors).toEqual([]);
        set.push(payload.order.status);
        message = await stream.next(1_500).catch(() => null);
      }
      expect(message, `no event on A; A's log:\n${serverA!.output()}`).not.toBeNull();
      expect(message.errors).toBeUndefined();
      const change = message.data.orderChanged;
      expect(change).toMatchObject({ eventType: 'ORDER_STATUS_CHANGED', order: { id } });
      expect(set).toContain(change.toStatus);
      expect(change.fromStatus).toBe(change.toStatus === 'ON_HOLD' ? 'NEW' : 'ON_HOLD');
      // The event is the one B committed to the outbox.
      const event = await database.prisma.outboxEvent.findUniqueOrThrow({ where: { id: change.eventId } });
      expect(event).toMatchObject({ type: 'order.status_changed', aggregateId: order.id });

      // Once live, every further change on B arrives on A too.
      const hold = change.toStatus !== 'ON_HOLD';
      await graphql(
        serverB!,
        hold
          ? `mutation($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { userErrors { code } } }`
          : `mutation($id: ID!) { releaseHold(id: $id) { userErrors { code } } }`,
        { id },
      );
      let next = await stream.next(5_000);
      // A change made before A attached may still be in flight: skip to the newest.
      while (next?.data.orderChanged.toStatus !== (hold ? 'ON_HOLD' : 'NEW')) next = await stream.next(5_000);
      expect(next.data.orderChanged.order.status).toBe(hold ? 'ON_HOLD' : 'NEW');
    } finally {
      await stream.close();
    }
  });

  it('ends the streams of an API key revoked through the other process, at once', async (ctx) => {
    if (!available) return ctx.skip();
    const doomed = await createKey('revoked while listening');
    const order = await createOrder(database.prisma);
    const stream = await liveStream(order.id, doomed);
    try {
      const key = await database.prisma.apiKey.findUniqueOrThrow({ where: { keyHash: sha256(doomed) } });
      const revoked = await graphql(
        serverB!,
        `
          mutation ($id: ID!) {
            revokeApiKey(id: $id) {
              apiKey {
                active
              }
              userErrors {
                code
              }
            }
          }
        `,
        { id: globalId('ApiKey', key.id) },
        adminToken,
      );
      expect(revoked.data.revokeApiKey).toEqual({ apiKey: { active: false }, userErrors: [] });

      // No order changes meanwhile, and the periodic re-check is 10 minutes away: the announcement ends it.
      const last = await stream.next(10_000);
      expect(last?.errors?.[0]?.extensions?.code, JSON.stringify(last)).toBe('UNAUTHENTICATED');
      expect(await stream.next(10_000)).toBeNull(); // closed
    } finally {
      await stream.close();
    }
  });
});

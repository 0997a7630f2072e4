// Live updates across API instances: two real server processes on one database share events
// through Redis. A client subscribed (SSE) on process A sees an order changed through process B.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { apiKeyDisplayPrefix, newApiKey, sha256 } from '../../apps/api/src/modules/auth/crypto.ts';
import { readEventStream } from '../../apps/api/src/modules/live/sse-client.ts';
import { createOrder } from '../../apps/api/src/testing/fixtures.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** PING over a plain socket: is Redis there? */
function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

describe('live updates shared by several API processes through Redis', () => {
  let database: TestDatabase;
  let serverA: RunningServer | undefined;
  let serverB: RunningServer | undefined;
  let available = true;
  let apiKey: string;
  // Parallel runs (and other tests) must not hear each other: a channel prefix of their own.
  const channelPrefix = `orderly-test-${process.pid}-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const redisUp = await redisReachable(redisUrl);
    if (!database.url || !redisUp) {
      // Two processes need a real PostgreSQL and Redis; CI (.ci/run) starts both.
      if (process.env.CI) throw new Error(`needs PostgreSQL and Redis (${redisUrl}); redis reachable: ${redisUp}`);
      available = false;
      return;
    }
    const env = { REDIS_URL: redisUrl, REDIS_CHANNEL_PREFIX: channelPrefix, ORDERLY_DEMO_DATA: 'off', PII_RETENTION_JOB: 'off' };
    [serverA, serverB] = await Promise.all([startServer(database.url, env), startServer(database.url, env)]);
    apiKey = newApiKey();
    await database.prisma.apiKey.create({ data: { name: 'live test', prefix: apiKeyDisplayPrefix(apiKey), keyHash: sha256(apiKey), scopes: ['write_orders'] } });
  });
  afterAll(async () => {
    await Promise.all([serverA?.stop(), serverB?.stop()]);
    await database?.drop();
  });

  const graphql = async (server: RunningServer, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  it('delivers a change made through process B to a subscriber on process A', async (ctx) => {
    if (!available) return ctx.skip();
    expect(serverA!.output()).toContain(`Live updates: Redis (${channelPrefix}live:orders)`);
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
});

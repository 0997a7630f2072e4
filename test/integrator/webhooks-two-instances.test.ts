// Webhooks with two real server processes on one database, a healthy receiver and a slow one
// (answers after 2 s, within the 4 s timeout): order changes are made through both processes at
// about 5 per second, and both dispatchers deliver. The slow receiver must only slow itself, and
// no event may reach either receiver twice. The healthy receiver's latency is printed, not
// asserted (timing depends on the machine).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { apiKeyDisplayPrefix, newApiKey, sha256 } from '../../apps/api/src/modules/auth/crypto.ts';
import { createOrder } from '../../apps/api/src/testing/fixtures.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** An integrator's endpoint: counts what arrives per event id and when. */
class Receiver {
  readonly arrivals = new Map<string, number[]>();
  readonly latencies: number[] = [];
  private readonly server: http.Server;
  port = 0;
  constructor(answerAfterMs: number) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const arrived = Date.now();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; createdAt: string };
        const seen = this.arrivals.get(body.id) ?? [];
        if (!seen.length) this.latencies.push(arrived - Date.parse(body.createdAt));
        this.arrivals.set(body.id, [...seen, arrived]);
        setTimeout(() => res.writeHead(200).end('ok'), answerAfterMs);
      });
    });
  }
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const figures = (values: number[]) => `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms (n=${values.length})`;
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhooks from two API processes with a slow receiver', () => {
  let database: TestDatabase;
  let servers: RunningServer[] = [];
  let healthy: Receiver;
  let slow: Receiver;
  let available = true;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    if (!database.url) {
      // Two processes need the real PostgreSQL; CI (.ci/run) starts it.
      if (process.env.CI) throw new Error('needs PostgreSQL');
      available = false;
      return;
    }
    [healthy, slow] = await Promise.all([new Receiver(0).start(), new Receiver(2_000).start()]);
    const env = {
      ORDERLY_DEMO_DATA: 'off',
      PII_RETENTION_JOB: 'off',
      WEBHOOK_TIMEOUT_SECONDS: '4',
      WEBHOOK_RETRY_SCHEDULE: '1s,2s,2s,5s',
    };
    servers = await Promise.all([startServer(database.url, env), startServer(database.url, env)]);
    apiKey = newApiKey();
    await database.prisma.apiKey.create({
      data: { name: 'webhook test', prefix: apiKeyDisplayPrefix(apiKey), keyHash: sha256(apiKey), scopes: ['write_webhooks', 'write_orders'] },
    });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all([healthy?.stop(), slow?.stop()]);
    await database?.drop();
  });

  const graphql = async (server: RunningServer, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = await response.json();
    expect(result.errors).toBeUndefined();
    return result.data;
  };

  it('keeps the healthy receiver unaffected and sends no event twice', async (ctx) => {
    if (!available) return ctx.skip();
    const [a, b] = servers;
    for (const receiver of [healthy, slow]) {
      const data = await graphql(
        a,
        `
          mutation ($input: CreateWebhookSubscriptionInput!) {
            createWebhookSubscription(input: $input) {
              webhookSubscription {
                id
              }
              userErrors {
                code
                message
              }
            }
          }
        `,
        { input: { url: receiver.url, eventTypes: ['ORDER_STATUS_CHANGED'] } },
      );
      expect(data.createWebhookSubscription.userErrors).toEqual([]);
    }

    // 36 order changes at about 5 per second, alternating between the two processes.
    const orders = await Promise.all(Array.from({ length: 12 }, () => createOrder(database.prisma)));
    const changes = ['placeHold(id: $id, reason: AWAITING_BUYER)', 'releaseHold(id: $id)', 'placeHold(id: $id, reason: AWAITING_BUYER)'];
    let n = 0;
    const mutationTimes: number[] = [];
    for (const change of changes) {
      for (const order of orders) {
        const started = Date.now();
        const data = await graphql(n++ % 2 ? b : a, `mutation($id: ID!) { r: ${change} { userErrors { code message } } }`, { id: globalId('Order', order.id) });
        expect(data.r.userErrors).toEqual([]);
        mutationTimes.push(Date.now() - started);
        await sleep(Math.max(0, 200 - (Date.now() - started)));
      }
    }
    const events = (await database.prisma.outboxEvent.findMany({ where: { type: 'order.status_changed' }, select: { id: true } })).map((e) => e.id);
    expect(events).toHaveLength(36);

    // Every event reaches both receivers (bounded: the slow one needs about 36 / 4 in flight × 2 s).
    const done = async () => (await database.prisma.webhookDelivery.count({ where: { status: 'SUCCEEDED' } })) === 72;
    for (let i = 0; i < 90 && !(await done()); i++) await sleep(500);
    // Latency: from the event's createdAt (written inside the mutation's transaction) to its arrival.
    console.log(`mutation round trip, for scale: ${figures(mutationTimes)}`);
    console.log(`healthy receiver latency: ${figures(healthy.latencies)}`);
    console.log(`slow receiver latency (answers after 2 s): ${figures(slow.latencies)}`);
    expect(await done(), `not all delivered; A:\n${a.output()}\nB:\n${b.output()}`).toBe(true);

    for (const receiver of [healthy, slow]) {
      expect([...receiver.arrivals.keys()].sort()).toEqual([...events].sort());
      const twice = [...receiver.arrivals].filter(([, times]) => times.length > 1);
      expect(twice).toEqual([]);
    }
    const attempts = await database.prisma.webhookDeliveryAttempt.groupBy({ by: ['succeeded', 'duplicate'], _count: true });
    expect(attempts).toEqual([{ succeeded: true, duplicate: false, _count: 72 }]);
  });
});

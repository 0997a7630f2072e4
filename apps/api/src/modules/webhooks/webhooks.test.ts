// Webhooks end to end on a real database with a real HTTP receiver (node:http on 127.0.0.1):
// subscriptions through the GraphQL API, the dispatcher invoked directly with a clock the test
// controls, signatures checked the way an integrator would.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createOrder, createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { dispatchBuyerNotifications, LoggingNotifier } from '../notifications/notifier.ts';
import {
  attemptDelivery,
  claimDeliveries,
  deliverDueWebhooks,
  type DispatcherOptions,
  dispatcherOptionsFromEnv,
  createWebhookDispatcher,
  fanOutWebhookEvents,
  runWebhookDispatcher,
} from './dispatcher.ts';
import { startJobs } from '../jobs/start.ts';
import { webhookDispatchTask } from '../jobs/tasks.ts';
import { recordOutboxEvent } from './outbox.service.ts';
import { postWebhook } from './sender.ts';
import { verifyWebhookSignature } from './signing.ts';
import { checkWebhookUrl, type UrlPolicy } from './url-policy.ts';

// ─── A receiver, like an integrator's endpoint ──────────────────────────────────────────────────

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

class Receiver {
  readonly received: Received[] = [];
  /** What to answer: a status, or 'slow' (answers 200 after a while). */
  status = 200;
  delayMs = 0;
  /** Hold every answer until release() (a hanging receiver the test lets go of). */
  hold = false;
  private held: (() => void)[] = [];
  /** Requests received and not answered yet, and the most there ever were at once. */
  open = 0;
  maxOpen = 0;
  responseBody = (req: Received) => `ok ${req.headers['x-orderly-event-id']}`;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      this.received.push(entry);
      this.maxOpen = Math.max(this.maxOpen, ++this.open);
      const answer = () => {
        this.open--;
        res.writeHead(this.status, { 'content-type': 'text/plain' });
        res.end(this.responseBody(entry));
      };
      if (this.hold) this.held.push(answer);
      else setTimeout(answer, this.delayMs);
    });
  });

  /** Answers the held requests (and those still to come) now. */
  release() {
    this.hold = false;
    for (const answer of this.held.splice(0)) answer();
  }
  port = 0;

  async start(port = 0) {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  /** Back up on the same port, after stop(). */
  async restart() {
    this.server = http.createServer(this.server.listeners('request')[0] as http.RequestListener);
    await this.start(this.port);
  }
  url(path = '/hooks') {
    return `http://127.0.0.1:${this.port}${path}`;
  }
}

// ─── Set-up ─────────────────────────────────────────────────────────────────────────────────────

const loopbackPolicy: UrlPolicy = { allowPrivate: true, requireHttps: false, allowedHosts: [] };
const productionPolicy: UrlPolicy = { allowPrivate: false, requireHttps: true, allowedHosts: [] };
const minute = 60_000;

const CREATE = `mutation($input: CreateWebhookSubscriptionInput!, $key: String) {
  createWebhookSubscription(input: $input, idempotencyKey: $key) {
    secret webhookSubscription { id url eventTypes active apiKey { id } } userErrors { code field message }
  }
}`;
const UPDATE = `mutation($id: ID!, $input: UpdateWebhookSubscriptionInput, $rotate: Boolean) {
  updateWebhookSubscription(id: $id, input: $input, rotateSecret: $rotate) { secret webhookSubscription { id url eventTypes active } userErrors { code message } }
}`;
const DELETE = `mutation($id: ID!) { deleteWebhookSubscription(id: $id) { webhookSubscription { id active deactivatedAt } userErrors { code message } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { webhookDelivery { id status } userErrors { code message } } }`;
const LIST = `query($apiKeyId: ID, $all: Boolean) { webhookSubscriptions(first: 50, apiKeyId: $apiKeyId, includeInactive: $all) { edges { node { id url active apiKey { id } } } } }`;
const DELIVERIES = `query($sub: ID, $status: [WebhookDeliveryStatus!]) {
  webhookDeliveries(first: 50, subscriptionId: $sub, status: $status) {
    totalCount
    edges { node {
      id eventId eventType status attemptCount nextAttemptAt lastStatusCode lastError deliveredAt body
      attempts { number manual statusCode succeeded duplicate error responseSnippet durationMs }
    } }
  }
}`;
const HOLD = `mutation($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { order { id status } userErrors { code message } } }`;

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** Waits for a condition the test drives towards (bounded, so a broken dispatcher fails instead of hanging). */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!condition()) throw new Error(`never happened: ${what}`);
}

describe('webhooks', () => {
  let database: TestDatabase;
  let db: Db;
  let admin: TestClient;
  let integrator: TestClient;
  let receiver: Receiver;
  let clock: Date;
  const options = (overrides: Partial<DispatcherOptions> = {}): Partial<DispatcherOptions> => ({
    now: () => clock,
    timeoutMs: 3_000,
    retryScheduleMs: [1 * minute, 5 * minute, 30 * minute],
    jitter: 0,
    policy: loopbackPolicy,
    log: () => {},
    ...overrides,
  });
  const dispatch = (overrides: Partial<DispatcherOptions> = {}) => runWebhookDispatcher(db, options(overrides));
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.prisma;
    admin = createTestClient(db);
    integrator = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders'] });
    await Promise.all([admin.ready, integrator.ready]);
  });
  afterAll(() => database.drop());

  afterEach(async () => {
    await receiver?.stop().catch(() => {});
    // Subscriptions of one test never see the next test's events.
    await db.webhookSubscription.updateMany({ data: { active: false } });
    await dispatch().catch(() => {});
  });

  async function subscribe(client: TestClient, input: Record<string, unknown>) {
    const r = await client(CREATE, { input });
    expect(r.errors).toBeUndefined();
    expect(r.data.createWebhookSubscription.userErrors).toEqual([]);
    return r.data.createWebhookSubscription as { secret: string; webhookSubscription: { id: string; apiKey: { id: string } } };
  }

  /** A NEW order put on hold through the API: one order.status_changed event. */
  async function holdNewOrder() {
    const order = await createOrder(db);
    const r = await admin(HOLD, { id: globalId('Order', order.id) });
    expect(r.data.placeHold.userErrors).toEqual([]);
    return order;
  }

  async function deliveries(client: TestClient, subscriptionId?: string, status?: string[]) {
    const r = await client(DELIVERIES, { sub: subscriptionId, status });
    expect(r.errors).toBeUndefined();
    return r.data.webhookDeliveries.edges.map((e: any) => e.node);
  }

  it('signs every request: the receiver verifies X-Orderly-Signature with the secret over the exact body', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    const { secret, webhookSubscription } = await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'], description: 'ERP sync' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const order = await holdNewOrder();

    const result = await dispatch();
    expect(result).toMatchObject({ fannedOut: 1, attempted: 1, succeeded: 1 });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const body = JSON.parse(request.body);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-orderly-event-id']).toBe(body.id);
    expect(request.headers['x-orderly-event-type']).toBe('order.status_changed');
    expect(body).toEqual({
      id: expect.any(String),
      type: 'order.status_changed',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { orderId: globalId('Order', order.id), number: order.number, fromStatus: 'NEW', toStatus: 'ON_HOLD', orderVersion: 2 },
    });

    // How an integrator checks it (documented in docs/integrators.md).
    const t = request.headers['x-orderly-timestamp'] as string;
    expect(Number(t)).toBe(Math.floor(clock.getTime() / 1000));
    const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex');
    expect(request.headers['x-orderly-signature']).toBe(`t=${t},v1=${expected}`);
    const header = request.headers['x-orderly-signature'] as string;
    expect(verifyWebhookSignature({ secret, header, body: request.body, now: clock })).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body: request.body.replace('ON_HOLD', 'SHIPPED'), now: clock })).toBe(false);
    expect(verifyWebhookSignature({ secret: `${secret}x`, header, body: request.body, now: clock })).toBe(false);
    expect(verifyWebhookSignature({ secret, header, body: request.body, now: new Date(clock.getTime() + 10 * minute) })).toBe(false);

    // The delivery log.
    const [delivery] = await deliveries(integrator, webhookSubscription.id);
    expect(delivery).toMatchObject({
      eventId: body.id,
      eventType: 'ORDER_STATUS_CHANGED',
      status: 'SUCCEEDED',
      attemptCount: 1,
      lastStatusCode: 200,
      nextAttemptAt: null,
      body: request.body,
    });
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ number: 1, manual: false, statusCode: 200, succeeded: true, error: null, responseSnippet: `ok ${body.id}` }),
    ]);
  });

  it('sends only the event types the subscription asked for', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    const { webhookSubscription } = await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    // order.created (not subscribed), then order.status_changed.
    const warehouse = await createWarehouse(db);
    const product = await createProduct(db);
    const created = await admin(`mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id } userErrors { code message } } }`, {
      input: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode: warehouse.code,
        shippingAddress: { name: 'Анна Смирнова', phone: '+7 900 111-22-33', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
        lines: [{ sku: product.sku, quantity: 1 }],
      },
    });
    expect(created.data.createOrder.userErrors).toEqual([]);
    expect(
      await db.outboxEvent.count({ where: { type: 'order.created', aggregateId: Buffer.from(created.data.createOrder.order.id, 'base64').toString().split(':')[1] } }),
    ).toBe(1);
    await admin(HOLD, { id: created.data.createOrder.order.id });

    await dispatch();
    expect(receiver.received.map((r) => r.headers['x-orderly-event-type'])).toEqual(['order.status_changed']);
    expect(await deliveries(integrator, webhookSubscription.id)).toHaveLength(1);
  });

  it('retries with backoff while the receiver answers 503 or is down, and delivers once it is back', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    receiver.status = 503;
    // A careless receiver echoing our headers must not put the signature into the log.
    receiver.responseBody = (req) => `down for maintenance; you sent ${req.headers['x-orderly-signature']}`;
    const { secret, webhookSubscription } = await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    await holdNewOrder();
    const t0 = clock.getTime();

    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });
    let [delivery] = await deliveries(integrator, webhookSubscription.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: 503, lastError: 'HTTP 503' });
    expect(Date.parse(delivery.nextAttemptAt)).toBe(t0 + 1 * minute); // jitter off in this test
    expect(delivery.attempts[0].responseSnippet).toContain('down for maintenance');
    expect(delivery.attempts[0].responseSnippet).not.toMatch(/v1=[0-9a-f]{64}/);
    expect(delivery.attempts[0].responseSnippet).not.toContain(secret);

    advance(30_000); // not due yet
    expect(await dispatch()).toMatchObject({ attempted: 0 });

    await receiver.stop(); // the receiver is down: connection refused
    advance(31_000);
    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });
    [delivery] = await deliveries(integrator, webhookSubscription.id);
    expect(delivery).toMatchObject({ status: 'PENDING', attemptCount: 2, lastStatusCode: null });
    expect(delivery.lastError).toMatch(/ECONNREFUSED/);
    expect(Date.parse(delivery.nextAttemptAt)).toBe(clock.getTime() + 5 * minute);

    await receiver.restart(); // back up, healthy
    receiver.status = 200;
    advance(5 * minute);
    expect(await dispatch()).toMatchObject({ attempted: 1, succeeded: 1 });
    [delivery] = await deliveries(integrator, webhookSubscription.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(delivery.attempts.map((a: any) => [a.number, a.statusCode, a.succeeded])).toEqual([
      [3, 200, true],
      [2, null, false],
      [1, 503, false],
    ]);
    // Every attempt carried the same event id (receivers deduplicate on it).
    const ids = new Set(receiver.received.map((r) => r.headers['x-orderly-event-id']));
    expect(ids.size).toBe(1);
    expect(receiver.received.map((r) => r.headers['x-orderly-attempt'])).toEqual(['1', '3']);
  });

  it('gives up after the last retry, and redeliverWebhook sends a FAILED delivery again', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    receiver.status = 500;
    const { webhookSubscription } = await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    await holdNewOrder();
    const schedule = { retryScheduleMs: [1 * minute] }; // two attempts in all

    await dispatch(schedule);
    advance(1 * minute);
    await dispatch(schedule);
    let [delivery] = await deliveries(integrator, webhookSubscription.id, ['FAILED']);
    expect(delivery).toMatchObject({ status: 'FAILED', attemptCount: 2, lastStatusCode: 500, nextAttemptAt: null });
    advance(60 * minute);
    expect(await dispatch(schedule)).toMatchObject({ attempted: 0 }); // FAILED is final…

    // …until someone asks for it again: one more attempt, now.
    receiver.status = 204;
    const r = await integrator(REDELIVER, { id: delivery.id });
    expect(r.data.redeliverWebhook).toEqual({ webhookDelivery: { id: delivery.id, status: 'PENDING' }, userErrors: [] });
    expect(await dispatch(schedule)).toMatchObject({ attempted: 1, succeeded: 1 });
    [delivery] = await deliveries(integrator, webhookSubscription.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 3, lastStatusCode: 204 });
    expect(delivery.attempts[0]).toMatchObject({ number: 3, manual: true, succeeded: true });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((x) => x.body)).size).toBe(1); // the same event, the same body

    // A manual attempt that fails leaves it FAILED (no new retry cycle).
    receiver.status = 502;
    await integrator(REDELIVER, { id: delivery.id });
    await dispatch(schedule);
    [delivery] = await deliveries(integrator, webhookSubscription.id);
    expect(delivery).toMatchObject({ status: 'FAILED', attemptCount: 4, lastStatusCode: 502 });
    expect(await db.auditLog.count({ where: { action: 'webhook.redelivery_requested', subjectId: Buffer.from(delivery.id, 'base64').toString().split(':')[1] } })).toBe(
      2,
    );
  });

  it('delivers each event once per subscription even when several dispatchers run at once', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    receiver.delayMs = 30;
    const other = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders'] });
    await subscribe(integrator, { url: receiver.url('/a'), eventTypes: ['ORDER_STATUS_CHANGED'] });
    await subscribe(other, { url: receiver.url('/b'), eventTypes: ['ORDER_STATUS_CHANGED'] });
    const orders = [];
    for (let i = 0; i < 8; i++) orders.push(await holdNewOrder());

    // A second process: its own connection pool on the same database.
    const second = database.url ? await openDatabase({ target: { kind: 'postgres', url: database.url } }) : null;
    try {
      const dbs = [db, second?.prisma ?? db, db, second?.prisma ?? db];
      const results = await Promise.all(dbs.map((d) => runWebhookDispatcher(d, options())));
      expect(results.reduce((n, r) => n + r.fannedOut, 0)).toBe(16);
      expect(results.reduce((n, r) => n + r.succeeded, 0)).toBe(16);
      // And again, with nothing left to do.
      const again = await Promise.all(dbs.map((d) => runWebhookDispatcher(d, options())));
      expect(again.reduce((n, r) => n + r.fannedOut + r.attempted, 0)).toBe(0);
    } finally {
      await second?.close();
    }
    for (const path of ['/a', '/b']) {
      const ids = receiver.received.filter((r) => r.path === path).map((r) => r.headers['x-orderly-event-id']);
      expect(ids).toHaveLength(8);
      expect(new Set(ids).size).toBe(8);
    }
    const rows = await db.webhookDelivery.findMany({ where: { event: { aggregateId: { in: orders.map((o) => o.id) } } } });
    expect(rows).toHaveLength(16);
    expect(rows.every((d) => d.status === 'SUCCEEDED' && d.attempts === 1)).toBe(true);
  });

  describe('a slow receiver, several instances', () => {
    const full = (overrides: Partial<DispatcherOptions> = {}): DispatcherOptions => ({ ...dispatcherOptionsFromEnv(), ...options(overrides) });
    /** Another instance: its own connection pool on the same database. */
    let secondDatabase: Awaited<ReturnType<typeof openDatabase>> | null = null;
    const openSecond = async () => {
      secondDatabase = database.url ? await openDatabase({ target: { kind: 'postgres', url: database.url } }) : null;
      return secondDatabase?.prisma ?? db;
    };
    let second: Db;
    let slow: Receiver | undefined;
    afterEach(async () => {
      slow?.release();
      await slow?.stop().catch(() => {});
      slow = undefined;
      await secondDatabase?.close();
      secondDatabase = null;
    });

    it('lets a hanging receiver hold only its own slots: the healthy one gets every event meanwhile', async () => {
      clock = new Date();
      receiver = await new Receiver().start();
      slow = await new Receiver().start();
      slow.hold = true; // answers nothing until the test releases it
      const other = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders'] });
      await subscribe(other, { url: slow.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
      await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
      for (let i = 0; i < 10; i++) await holdNewOrder();
      second = await openSecond();

      // Two instances with 4 slots each; each subscription at most 2 in flight over both.
      const tuning = { concurrency: 4, perSubscription: 2, timeoutMs: 30_000 };
      await fanOutWebhookEvents(db, options());
      const runs = [deliverDueWebhooks(db, options(tuning)), deliverDueWebhooks(second, options(tuning))];
      // Before: the batch's workers all ended up waiting on the hanging receiver.
      await until(() => receiver.received.length === 10, 'the healthy receiver got all 10 events while the other hangs');
      await until(() => slow!.received.length === 2, 'the hanging receiver holds its two slots');
      expect(slow.maxOpen).toBe(2);
      slow.release();
      await Promise.all(runs);
      await until(() => slow!.received.length === 10, 'the slow receiver got the rest once it answered');
      expect(slow.maxOpen).toBeLessThanOrEqual(2);
      for (const r of [receiver, slow]) expect(new Set(r.received.map((x) => x.headers['x-orderly-event-id'])).size).toBe(10);
    });

    it('never sends on a lease that ran out: the instance that lost it sends nothing', async () => {
      clock = new Date();
      receiver = await new Receiver().start();
      await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
      await holdNewOrder();
      const a = full();
      await fanOutWebhookEvents(db, a);
      const {
        claimed: [claimed],
      } = await claimDeliveries(db, a, 10); // instance A claims it, then stalls…
      expect(claimed).toMatchObject({ attempts: 1 });
      advance(a.timeoutMs + a.leaseMarginMs + 1); // …past its lease
      second = await openSecond();
      expect(await runWebhookDispatcher(second, options())).toMatchObject({ attempted: 1, succeeded: 1 }); // B takes over
      expect(await attemptDelivery(db, claimed, a)).toBeNull(); // A wakes up: not sent again
      expect(receiver.received.map((r) => r.headers['x-orderly-attempt'])).toEqual(['2']);
      const attempts = await db.webhookDeliveryAttempt.findMany({ where: { deliveryId: claimed.id } });
      expect(attempts.map((x) => [x.number, x.succeeded, x.duplicate])).toEqual([[2, true, false]]);
    });

    it('records a second success (a lease lost mid-request) as a duplicate, not a second delivery', async () => {
      clock = new Date();
      receiver = await new Receiver().start();
      receiver.hold = true;
      const { webhookSubscription } = await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
      await holdNewOrder();
      const a = full();
      await fanOutWebhookEvents(db, a);
      const {
        claimed: [claimed],
      } = await claimDeliveries(db, a, 10);
      const first = attemptDelivery(db, claimed, a); // A's request is out, unanswered
      await until(() => receiver.received.length === 1, "A's request arrived");
      // A stalls past its lease: instance B (its clock past A's lease) takes the delivery over.
      second = await openSecond();
      const later = new Date(clock.getTime() + a.timeoutMs + a.leaseMarginMs + 1);
      const takeover = deliverDueWebhooks(second, options({ now: () => later }));
      await until(() => receiver.received.length === 2, "B's request arrived");
      receiver.release(); // the receiver answers both 200
      await Promise.all([first, takeover]);
      const attempts = await db.webhookDeliveryAttempt.findMany({ where: { deliveryId: claimed.id }, orderBy: { number: 'asc' } });
      expect(attempts.map((x) => x.succeeded)).toEqual([true, true]);
      expect(attempts.filter((x) => x.duplicate)).toHaveLength(1);
      const [delivery] = await deliveries(integrator, webhookSubscription.id);
      expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2 });
      expect(delivery.attempts.map((x: any) => x.duplicate).sort()).toEqual([false, true]);
    });
  });

  it("brings a recovered receiver's waiting deliveries forward with its first success", async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    receiver.status = 503;
    const { webhookSubscription } = await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    for (let i = 0; i < 3; i++) await holdNewOrder();
    expect(await dispatch()).toMatchObject({ attempted: 3, failed: 3 }); // unavailable: next try in 1 min
    receiver.status = 422; // this one the receiver refuses: about the event, it keeps its backoff
    await holdNewOrder();
    expect(await dispatch()).toMatchObject({ attempted: 1, failed: 1 });

    receiver.status = 200;
    advance(10_000);
    await holdNewOrder();
    // The new event succeeds; the three that failed while the receiver was down follow at once.
    expect(await dispatch()).toMatchObject({ attempted: 4, succeeded: 4 });
    const log = await deliveries(integrator, webhookSubscription.id);
    expect(log.filter((d: any) => d.status === 'SUCCEEDED')).toHaveLength(4);
    const [refused] = log.filter((d: any) => d.status === 'PENDING');
    expect(refused).toMatchObject({ lastStatusCode: 422, attemptCount: 1 });
    expect(Date.parse(refused.nextAttemptAt)).toBeGreaterThan(clock.getTime());
  });

  it("puts the order's version in every payload, so a consumer can drop an event older than what it applied", async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    const order = await holdNewOrder();
    const released = await admin(`mutation($id: ID!) { releaseHold(id: $id) { order { version } userErrors { code message } } }`, { id: globalId('Order', order.id) });
    expect(released.data.releaseHold.userErrors).toEqual([]);
    await dispatch();
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    const byVersion = bodies.map((b) => [b.data.orderVersion, b.data.toStatus]).sort();
    expect(byVersion).toEqual([
      [2, 'ON_HOLD'],
      [3, 'NEW'],
    ]);
    expect(released.data.releaseHold.order.version).toBe(3);
    // The check from docs/integrators.md, in either arrival order: the newest version wins.
    for (const arrival of [bodies, [...bodies].reverse()]) {
      let applied = { version: 0, status: '' };
      for (const event of arrival) if (event.data.orderVersion > applied.version) applied = { version: event.data.orderVersion, status: event.data.toStatus };
      expect(applied).toEqual({ version: 3, status: 'NEW' });
    }
  });

  it('runs on the job runner and delivers right after a mutation commits (its job is added in the transaction)', async () => {
    receiver = await new Receiver().start();
    await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    const dispatcher = createWebhookDispatcher(db, { ...options(), now: () => new Date() });
    // Without its minute tick: only the job the mutation's transaction added can deliver within the test.
    const task = { ...webhookDispatchTask(dispatcher), schedule: undefined };
    const target = database.url ? ({ kind: 'postgres', url: database.url } as const) : ({ kind: 'pglite', dataDir: null } as const);
    const jobs = await startJobs(db, target, [task], { log: () => {}, pollMs: 3_600_000 });
    try {
      await new Promise((r) => setTimeout(r, 100)); // jobs left by earlier tests have nothing to do
      const order = await holdNewOrder();
      for (let i = 0; i < 100 && receiver.received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(receiver.received).toHaveLength(1);
      expect(JSON.parse(receiver.received[0].body).data.orderId).toBe(globalId('Order', order.id));
    } finally {
      await dispatcher.stop();
      await jobs.stop();
    }
  });

  it('runs one pass per job: a job arriving meanwhile joins it, and the next one is added for the soonest retry', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    receiver.hold = true;
    receiver.status = 503;
    await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    await holdNewOrder();
    const dispatcher = createWebhookDispatcher(db, options());
    const added: unknown[][] = [];
    const job = webhookDispatchTask(dispatcher).run({ db, now: () => clock, log: () => {}, addJob: async (...args) => void added.push(args) }, {});
    try {
      await until(() => receiver.received.length === 1, 'the first attempt is out');
      // A second event while the pass waits on the receiver: its job joins the running pass and ends at once.
      await holdNewOrder();
      expect(await dispatcher.pass()).toEqual({ joined: true, more: false, nextAttemptAt: null });
      await until(() => receiver.received.length === 2, 'the running pass fanned the new event out');
      receiver.release();
      await job;
    } finally {
      await dispatcher.stop();
    }
    // Both failed (503): the next pass is a job at the first retry, 1 min later (no jitter here).
    expect(added).toEqual([['webhooks.dispatch', {}, { runAt: new Date(clock.getTime() + minute), jobKey: 'webhooks.dispatch:retry' }]]);
    expect(await db.webhookDelivery.count({ where: { status: 'PENDING', lastStatusCode: 503, nextAttemptAt: new Date(clock.getTime() + minute) } })).toBe(2);
  });

  it('keeps buyer notifications out of webhooks: they are sent by the notifier, on their own marker', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED', 'ORDER_CREATED'] });
    const order = await createOrder(db);
    const event = await db.$transaction((tx) =>
      recordOutboxEvent(tx, {
        type: 'notification.order_shipped',
        aggregateType: 'Order',
        aggregateId: order.id,
        payload: { orderId: order.id, number: order.number, channel: 'manual', externalId: null, carrier: 'CDEK', trackingNumbers: ['1'], trackingUrls: [] },
      }),
    );
    await dispatch();
    const after = await db.outboxEvent.findUniqueOrThrow({ where: { id: event.id }, include: { deliveries: true } });
    expect(after.webhooksFannedOutAt).not.toBeNull();
    expect(after.dispatchedAt).toBeNull(); // still the notifier's to send
    expect(after.deliveries).toEqual([]);
    expect(receiver.received).toEqual([]);

    const notifier = new LoggingNotifier(() => {});
    await dispatchBuyerNotifications(db, notifier);
    expect(notifier.sent.map((n) => n.eventId)).toContain(event.id);
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).dispatchedAt).not.toBeNull();
  });

  it('deactivates on delete (pending deliveries FAILED, no new ones), reactivates, and rotates the secret', async () => {
    clock = new Date();
    receiver = await new Receiver().start();
    receiver.status = 503;
    const { webhookSubscription, secret } = await subscribe(integrator, { url: receiver.url(), eventTypes: ['ORDER_STATUS_CHANGED'] });
    await holdNewOrder();
    await dispatch();
    expect((await deliveries(integrator, webhookSubscription.id))[0].status).toBe('PENDING');

    const deleted = await integrator(DELETE, { id: webhookSubscription.id });
    expect(deleted.data.deleteWebhookSubscription.webhookSubscription).toMatchObject({ active: false, deactivatedAt: expect.any(String) });
    const [failed] = await deliveries(integrator, webhookSubscription.id);
    expect(failed).toMatchObject({ status: 'FAILED', lastError: 'subscription deactivated before delivery' });
    expect((await integrator(REDELIVER, { id: failed.id })).data.redeliverWebhook.userErrors[0].code).toBe('SUBSCRIPTION_INACTIVE');
    await holdNewOrder();
    await dispatch();
    expect(await deliveries(integrator, webhookSubscription.id)).toHaveLength(1);
    const listed = async (all: boolean) => (await integrator(LIST, { all })).data.webhookSubscriptions.edges.map((e: any) => e.node.id);
    expect(await listed(false)).not.toContain(webhookSubscription.id);
    expect(await listed(true)).toContain(webhookSubscription.id);

    receiver.status = 200;
    const reactivated = await integrator(UPDATE, { id: webhookSubscription.id, input: { active: true }, rotate: true });
    expect(reactivated.data.updateWebhookSubscription.userErrors).toEqual([]);
    const newSecret = reactivated.data.updateWebhookSubscription.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await holdNewOrder();
    receiver.received.length = 0;
    await dispatch();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(verifyWebhookSignature({ secret: newSecret, header: request.headers['x-orderly-signature'] as string, body: request.body, now: clock })).toBe(true);
    expect(verifyWebhookSignature({ secret, header: request.headers['x-orderly-signature'] as string, body: request.body, now: clock })).toBe(false);
  });

  describe('who may do what', () => {
    it('needs write_webhooks (webhooks:manage) to subscribe; read_webhooks only reads', async () => {
      const ordersOnly = createTestClient(db, { apiKeyScopes: ['read_orders'] });
      const r = await ordersOnly(CREATE, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['ORDER_CREATED'] } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['webhooks:manage'] });
      expect((await ordersOnly(LIST, {})).errors?.[0].extensions?.code).toBe('FORBIDDEN');

      const reader = createTestClient(db, { apiKeyScopes: ['read_webhooks', 'read_orders'] });
      expect((await reader(LIST, {})).data.webhookSubscriptions.edges).toEqual([]);
      expect((await reader(CREATE, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['ORDER_CREATED'] } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');

      const anonymous = createTestClient(db, { anonymous: true });
      expect((await anonymous(LIST, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

      const picker = createTestClient(db, { roles: ['MANAGER'] });
      expect((await picker(LIST, {})).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it("shows and changes only the key's own subscriptions; admins see all and create them for a key", async () => {
      const keyA = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders'] });
      const keyB = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders', 'read_shipments'] });
      const [callerA, callerB] = await Promise.all([keyA.ready, keyB.ready]);
      const a = await subscribe(keyA, { url: 'http://127.0.0.1:9/a', eventTypes: ['ORDER_CREATED'] });
      const b = await subscribe(keyB, { url: 'http://127.0.0.1:9/b', eventTypes: ['SHIPMENT_CREATED'] });
      expect(a.webhookSubscription.apiKey.id).toBe(globalId('ApiKey', callerA.apiKeyId!));

      const seenByA = (await keyA(LIST, {})).data.webhookSubscriptions.edges.map((e: any) => e.node.id);
      expect(seenByA).toEqual([a.webhookSubscription.id]);
      expect((await keyB(`query($id: ID!) { webhookSubscription(id: $id) { id } }`, { id: a.webhookSubscription.id })).data.webhookSubscription).toBeNull();
      expect((await keyB(UPDATE, { id: a.webhookSubscription.id, input: { url: 'http://127.0.0.1:9/stolen' } })).data.updateWebhookSubscription.userErrors[0].code).toBe(
        'NOT_FOUND',
      );
      expect((await keyB(DELETE, { id: a.webhookSubscription.id })).data.deleteWebhookSubscription.userErrors[0].code).toBe('NOT_FOUND');
      expect(await deliveries(keyB, a.webhookSubscription.id)).toEqual([]);
      // Nor may a key create one for another key.
      const forB = await keyA(CREATE, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['ORDER_CREATED'], apiKeyId: globalId('ApiKey', callerB.apiKeyId!) } });
      expect(forB.data.createWebhookSubscription.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'apiKeyId'] });
      // Nobody can read another key's subscription through node(id:) either: it is not there for them.
      const viaNode = await keyA(`query($id: ID!) { node(id: $id) { id } }`, { id: b.webhookSubscription.id });
      expect(viaNode.errors).toBeUndefined();
      expect(viaNode.data.node).toBeNull();
      expect((await keyA(`query($id: ID!) { node(id: $id) { id } }`, { id: a.webhookSubscription.id })).data.node).toEqual({ id: a.webhookSubscription.id });

      const all = (await admin(LIST, {})).data.webhookSubscriptions.edges.map((e: any) => e.node.id);
      expect(all).toEqual(expect.arrayContaining([a.webhookSubscription.id, b.webhookSubscription.id]));
      const onlyB = (await admin(LIST, { apiKeyId: globalId('ApiKey', callerB.apiKeyId!) })).data.webhookSubscriptions.edges.map((e: any) => e.node.id);
      expect(onlyB).toEqual([b.webhookSubscription.id]);

      // An admin names the key; the secret goes to the admin once, to hand over.
      const missingKey = await admin(CREATE, { input: { url: 'http://127.0.0.1:9/c', eventTypes: ['ORDER_CREATED'] } });
      expect(missingKey.data.createWebhookSubscription.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'apiKeyId'] });
      const forKeyB = await subscribe(admin, { url: 'http://127.0.0.1:9/c', eventTypes: ['ORDER_CREATED'], apiKeyId: globalId('ApiKey', callerB.apiKeyId!) });
      expect(forKeyB.secret).toMatch(/^whsec_/);
      const seenByB = (await keyB(LIST, {})).data.webhookSubscriptions.edges.map((e: any) => e.node.id);
      expect(seenByB).toEqual(expect.arrayContaining([b.webhookSubscription.id, forKeyB.webhookSubscription.id]));
      const created = await db.webhookSubscription.findUniqueOrThrow({ where: { id: Buffer.from(forKeyB.webhookSubscription.id, 'base64').toString().split(':')[1] } });
      expect(created.createdBy).toBe((await admin.ready).actor);
      expect(await db.auditLog.count({ where: { action: 'webhook.subscription_created', subjectId: created.id } })).toBe(1);
    });

    it('refuses event types the key may not read, and bad URLs', async () => {
      const ordersKey = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders'] });
      const shipments = await ordersKey(CREATE, { input: { url: 'https://erp.example.com/h', eventTypes: ['ORDER_CREATED', 'SHIPMENT_CREATED'] } });
      expect(shipments.data.createWebhookSubscription.userErrors[0]).toMatchObject({ code: 'MISSING_SCOPE', field: ['input', 'eventTypes'] });
      expect(shipments.data.createWebhookSubscription.userErrors[0].message).toMatch(/read_shipments/);
      for (const url of ['ftp://erp.example.com/h', 'not a url', 'https://user:pass@erp.example.com/h']) {
        const r = await ordersKey(CREATE, { input: { url, eventTypes: ['ORDER_CREATED'] } });
        expect(r.data.createWebhookSubscription.userErrors[0]).toMatchObject({ code: 'INVALID_WEBHOOK_URL', field: ['input', 'url'] });
      }
      expect(await db.webhookSubscription.count({ where: { apiKeyId: (await ordersKey.ready).apiKeyId! } })).toBe(0);
    });

    it('returns the secret once: an idempotent replay does not repeat it', async () => {
      const key = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders'] });
      const input = { url: 'https://erp.example.com/h', eventTypes: ['ORDER_CREATED'] };
      const first = await key(CREATE, { input, key: 'erp-webhook-setup-1' });
      const replay = await key(CREATE, { input, key: 'erp-webhook-setup-1' });
      expect(first.data.createWebhookSubscription.secret).toMatch(/^whsec_/);
      expect(replay.data.createWebhookSubscription.secret).toBeNull();
      expect(replay.data.createWebhookSubscription.webhookSubscription.id).toBe(first.data.createWebhookSubscription.webhookSubscription.id);
      const stored = await db.idempotencyRecord.findMany({ where: { key: 'erp-webhook-setup-1' } });
      expect(JSON.stringify(stored)).not.toContain('whsec_');
    });
  });

  describe('where webhooks may go', () => {
    it('refuses private and loopback targets in production unless allow-listed', () => {
      const refused = [
        'https://127.0.0.1/h',
        'https://10.1.2.3/h',
        'https://192.168.0.10/h',
        'https://169.254.169.254/latest',
        'https://[::1]/h',
        'https://localhost/h',
        'https://[::ffff:127.0.0.1]/h',
        'https://2130706433/h',
      ];
      for (const url of refused) expect(checkWebhookUrl(url, productionPolicy), url).toMatchObject({ ok: false });
      expect(checkWebhookUrl('http://erp.example.com/h', productionPolicy)).toMatchObject({ ok: false, reason: expect.stringMatching(/https/) });
      expect(checkWebhookUrl('https://erp.example.com/h', productionPolicy)).toMatchObject({ ok: true });
      const allowList = { ...productionPolicy, allowedHosts: ['10.1.0.0/16', 'erp.internal', 'localhost'] };
      expect(checkWebhookUrl('https://10.1.2.3/h', allowList)).toMatchObject({ ok: true });
      expect(checkWebhookUrl('https://10.2.0.1/h', allowList)).toMatchObject({ ok: false });
      expect(checkWebhookUrl('https://localhost/h', allowList)).toMatchObject({ ok: true });
      // Development and tests: a receiver on this machine is fine.
      expect(checkWebhookUrl('http://127.0.0.1:8080/h', loopbackPolicy)).toMatchObject({ ok: true });
    });

    it('refuses at connection time a name that resolves to a private address', async () => {
      receiver = await new Receiver().start();
      const strict = { ...productionPolicy, requireHttps: false };
      const byName = await postWebhook(`http://localhost:${receiver.port}/h`, '{}', {}, { timeoutMs: 2000, policy: strict });
      expect(byName).toMatchObject({ succeeded: false, statusCode: null, error: expect.stringMatching(/refused: localhost resolves to/) });
      const literal = await postWebhook(`http://127.0.0.1:${receiver.port}/h`, '{}', {}, { timeoutMs: 2000, policy: strict });
      expect(literal).toMatchObject({ succeeded: false, error: expect.stringMatching(/refused/) });
      expect(receiver.received).toEqual([]);
      const allowed = await postWebhook(`http://localhost:${receiver.port}/h`, '{}', {}, { timeoutMs: 2000, policy: { ...strict, allowedHosts: ['localhost'] } });
      expect(allowed).toMatchObject({ succeeded: true, statusCode: 200 });
    });

    it('gives up on a receiver that does not answer in time', async () => {
      receiver = await new Receiver().start();
      receiver.delayMs = 1_000;
      const slow = await postWebhook(receiver.url(), '{}', {}, { timeoutMs: 200, policy: loopbackPolicy });
      expect(slow).toMatchObject({ succeeded: false, statusCode: null, error: 'timeout: no answer within 200 ms' });
      expect(slow.durationMs).toBeGreaterThanOrEqual(190);
    });
  });
});

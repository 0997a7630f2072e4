// docs/integrators.md's examples, run as an integrator would: the code blocks are read from the
// document itself (so they cannot drift from the server) and sent over the HTTP pipeline with one
// API key holding the scopes the document names — from taking an order in to the closed hand-over
// act and shipping, without staff. And docs/examples/orderly-client.ts, the TypeScript client the
// document points to, against a running server.
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, type DocumentNode, Kind, type OperationDefinitionNode, parse, print, validate, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../apps/api/src/testing/graphql-client.ts';
import { createOrder } from '../../apps/api/src/testing/fixtures.ts';
import { signatureHeaderValue } from '../../apps/api/src/modules/webhooks/signing.ts';
import {
  ConfirmOrder,
  idempotencyKey,
  ImportOrders,
  OrderChanges,
  OrderlyClient,
  OrderlyUserErrors,
  unwrap,
  verifyOrderlyWebhook,
} from '../../docs/examples/orderly-client.ts';
import { createApiKey } from '../support/api-auth.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const doc = fs.readFileSync(path.join(repoRoot, 'docs/integrators.md'), 'utf8');

/** The fenced blocks of one `###` section, in order. */
function blocks(heading: string, language: string): string[] {
  const start = doc.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`docs/integrators.md has no section "${heading}"`);
  const ends = ['\n## ', '\n### '].map((h) => doc.indexOf(h, start + 1)).filter((i) => i > 0);
  const section = doc.slice(start, ends.length ? Math.min(...ends) : undefined);
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** Each operation of a block on its own (blocks list several anonymous ones). */
const operations = (block: string) => parse(block).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

/** What earlier answers told us: the ids the examples write as "…". */
type State = Record<string, string>;

/** Fills the document's "…" placeholders (and the example parcel code) from what earlier answers returned. */
function fill(operation: OperationDefinitionNode, state: State): DocumentNode {
  const filled = visit(operation, {
    Argument(node) {
      if (node.value.kind !== Kind.STRING || node.value.value !== '…') return undefined;
      const key = node.name.value === 'id' ? 'orderId' : node.name.value;
      if (!state[key]) throw new Error(`no value for ${key} yet in ${print(operation).slice(0, 80)}`);
      return { ...node, value: { kind: Kind.STRING, value: state[key] } };
    },
    ObjectField(node) {
      if (node.value.kind !== Kind.STRING || node.value.value !== '…') return undefined;
      if (!state[node.name.value]) throw new Error(`no value for ${node.name.value} yet in ${print(operation).slice(0, 80)}`);
      return { ...node, value: { kind: Kind.STRING, value: state[node.name.value] } };
    },
    StringValue(node) {
      return node.value === 'P1042-1' && state.parcelCode ? { ...node, value: state.parcelCode } : undefined;
    },
  });
  return { kind: Kind.DOCUMENT, definitions: [filled] };
}

/** Picks the ids an answer carries into the state (the examples' next steps refer to them). */
function harvest(value: unknown, state: State, parent = ''): void {
  if (Array.isArray(value)) return value.forEach((v) => harvest(v, state, parent));
  if (!value || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  const ids: Record<string, string> = { pickList: 'pickListId', tasks: 'taskId', parcel: 'parcelId', manifest: 'manifestId', order: 'orderId' };
  if (typeof object.id === 'string' && ids[parent]) state[ids[parent]] = object.id;
  if (parent === 'parcel' && typeof object.code === 'string') state.parcelCode = object.code;
  for (const [key, child] of Object.entries(object)) harvest(child, state, key);
}

describe('docs/integrators.md examples, run with the scopes they name', () => {
  let database: TestDatabase;
  let key: TestClient;
  const state: State = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.prisma;
    // What the examples assume exists: the product, its bin and the carrier.
    await db.warehouse.create({
      data: { code: 'MSK-1', name: 'Москва', locations: { create: [{ code: 'A-01-1-1', zone: 'A', aisle: '01', shelf: '1', bin: '1', pickOrder: 10 }] } },
    });
    await db.product.create({
      data: { sku: 'TWS-PRO-53', name: 'Наушники TWS Pro', priceAmount: 199000, currency: 'RUB', barcodes: { create: [{ code: '4607000010010' }] } },
    });
    // A WMS key: takes orders in, keeps stock, picks, packs, prints labels and acts, ships, keeps carriers.
    key = createTestClient(db, { apiKeyScopes: ['write_orders', 'write_inventory', 'read_products', 'write_fulfillment', 'write_shipments', 'write_carriers'] });
    const carrier = await key(`mutation { saveCarrier(input: { code: "cdek", name: "СДЭК" }) { carrier { code } userErrors { code message } } }`);
    expect(carrier.data).toEqual({ saveCarrier: { carrier: { code: 'cdek' }, userErrors: [] } });
  });
  afterAll(() => database?.drop());

  async function run(operation: OperationDefinitionNode, variables: Record<string, unknown> = {}) {
    const query = print(fill(operation, state));
    const answer = await key(query, variables);
    expect(answer.errors, query).toBeUndefined();
    harvest(answer.data, state);
    return answer.data as Record<string, any>;
  }
  const userErrorsOf = (data: Record<string, any>) => Object.values(data).flatMap((payload) => payload?.userErrors ?? []);

  it('takes the order in, receives stock and confirms it', async () => {
    const [importBlock] = blocks('Take orders in', 'graphql');
    const [importVariables] = blocks('Take orders in', 'json');
    const imported = await run(operations(importBlock)[0], JSON.parse(importVariables));
    expect(imported.importOrders).toMatchObject({ createdCount: 1, failedCount: 0, results: [{ created: true, order: { status: 'NEW' } }] });

    for (const operation of operations(blocks('Stock', 'graphql')[0])) expect(userErrorsOf(await run(operation))).toEqual([]);

    const confirmed = await run(operations(blocks('Confirm and reserve stock', 'graphql')[0])[0], { id: state.orderId, version: 1 });
    expect(confirmed.confirmOrder).toMatchObject({ order: { status: 'CONFIRMED' }, shortages: [], priceMismatches: [], userErrors: [] });
  });

  it('reads the queue and the timeline', async () => {
    const [queue, timeline] = operations(blocks('Reading orders', 'graphql')[0]);
    // The example's filters (a ship-by before the order's own) match nothing here: it runs, and counts.
    expect((await run(queue, { after: null })).orders).toMatchObject({ totalCount: 0, edges: [] });
    expect((await run(timeline, { id: state.orderId })).order.timeline.edges.length).toBeGreaterThan(0);
  });

  it('pulls the change feed', async () => {
    const [changes] = operations(blocks('Catching up: the change feed', 'graphql')[0]);
    const feed = (await run(changes, { since: '2000-01-01T00:00:00Z', after: null })).orderChanges;
    expect(feed.edges.map((e: any) => e.node.id)).toEqual([state.orderId]);
    expect((await run(changes, { since: '2000-01-01T00:00:00Z', after: feed.pageInfo.endCursor })).orderChanges.edges).toEqual([]);
  });

  it('runs the floor — pick, pack, label, hand-over act, ship — and the committed act comes back', async () => {
    const answers: Record<string, any>[] = [];
    for (const operation of operations(blocks('The warehouse floor (pick, pack, label, hand over, ship)', 'graphql')[0])) {
      const data = await run(operation);
      answers.push(data);
      // shortPick: nothing is short here (the list is picked), so it is refused — and writes nothing.
      if (!('shortPick' in data)) expect(userErrorsOf(data), print(operation).slice(0, 60)).toEqual([]);
    }
    const closed = answers.find((a) => 'closeManifest' in a)!.closeManifest;
    expect(Buffer.from(closed.manifest.act.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const label = answers.find((a) => 'printLabel' in a)!.printLabel.label;
    expect(label.document.contentType).toBe('application/pdf');
    expect(answers.at(-1)!.shipOrder.order.status).toBe('SHIPPED');
  });

  it('places and releases a hold, cancels lines and orders', async () => {
    const order = await createOrder(database.prisma, { lineCount: 2 });
    state.orderId = Buffer.from(`Order:${order.id}`).toString('base64');
    state.lineId = Buffer.from(`OrderLine:${order.lines[1].id}`).toString('base64');
    const [hold, release, cancel, cancelLines] = operations(blocks('Holds and cancellation', 'graphql')[0]);
    expect((await run(hold)).placeHold).toEqual({ order: { status: 'ON_HOLD' }, userErrors: [] });
    expect((await run(release)).releaseHold).toEqual({ order: { status: 'NEW' }, userErrors: [] });
    expect(userErrorsOf(await run(cancelLines))).toEqual([]);
    expect((await run(cancel)).cancelOrder).toEqual({ order: { status: 'CANCELLED' }, userErrors: [] });
  });
});

describe('docs/examples/orderly-client.ts against a running server', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let client: OrderlyClient;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.url);
    apiKey = await createApiKey(server.url, ['write_orders', 'read_products']);
    client = new OrderlyClient(server.url, apiKey, { baseDelayMs: 10 });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('its operations are valid against the published SDL', () => {
    const schema = buildSchema(fs.readFileSync(path.join(repoRoot, 'packages/schema/schema.graphql'), 'utf8'));
    for (const op of [ImportOrders, ConfirmOrder, OrderChanges]) expect(validate(schema, parse(op.query)).map((e) => e.message)).toEqual([]);
  });

  it('its returns, exchanges and damaged-stock examples are valid against the published SDL', () => {
    const schema = buildSchema(fs.readFileSync(path.join(repoRoot, 'packages/schema/schema.graphql'), 'utf8'));
    const examples = blocks('Returns, refunds and exchanges', 'graphql').flatMap(operations);
    expect(examples.map((op) => print(op)).join('\n')).toContain('createExchange');
    for (const op of examples) expect(validate(schema, { kind: Kind.DOCUMENT, definitions: [op] }).map((e) => e.message)).toEqual([]);
  });

  it('retries a write whose answer was lost with the same idempotency key: it runs once', async () => {
    const product = await database.prisma.product.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { sku: 'asc' } });
    const warehouse = await database.prisma.warehouse.findFirstOrThrow({ orderBy: { code: 'asc' } });
    // The first answer is lost on the way back (the server did the work): fetch throws like a reset connection.
    let lost = 0;
    const flaky = new OrderlyClient(server.url, apiKey, {
      baseDelayMs: 10,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (lost++ === 0) throw new TypeError('fetch failed');
        return response;
      },
    });
    const order = {
      channel: 'erp',
      externalId: 'EX-CLIENT-1',
      currency: 'RUB',
      warehouseCode: warehouse.code,
      shippingAddress: { name: 'Test Buyer', address1: 'Main street 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
      lines: [{ sku: product.sku, quantity: 1 }],
    };
    const key = idempotencyKey('import');
    const { importOrders } = await flaky.request(ImportOrders, { orders: [order], idempotencyKey: key });
    expect(lost).toBe(2);
    // The replayed first answer: created (not "existing"), one order in the database.
    expect(unwrap(importOrders)).toMatchObject({ createdCount: 1, existingCount: 0, failedCount: 0, results: [{ created: true, order: { status: 'NEW' } }] });
    expect(await database.prisma.order.count({ where: { externalId: 'EX-CLIENT-1' } })).toBe(1);

    // The same key with a different batch is a business refusal, thrown as userErrors, not retried.
    const reused = await client.request(ImportOrders, { orders: [{ ...order, externalId: 'EX-CLIENT-2' }], idempotencyKey: key });
    expect(() => unwrap(reused.importOrders)).toThrow(OrderlyUserErrors);
    expect(reused.importOrders.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);

    // A stale version: the refusal names its code and field.
    const created = importOrders.results[0]!.order!;
    const stale = await client.request(ConfirmOrder, { id: created.id, version: created.version + 5, idempotencyKey: idempotencyKey('confirm') });
    const refusal = (() => {
      try {
        unwrap(stale.confirmOrder);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(OrderlyUserErrors);
    expect((refusal as OrderlyUserErrors).userErrors).toEqual([expect.objectContaining({ code: 'STALE_VERSION' })]);
  });

  it('pages the change feed to the end: every order once', async () => {
    const seen: string[] = [];
    // Pages of 20 over the demo orders: several pages.
    for await (const order of client.nodes(OrderChanges, { since: '2000-01-01T00:00:00Z', first: 20 }, (d) => d.orderChanges)) seen.push(order.id);
    const total = await database.prisma.order.count();
    expect(total).toBeGreaterThan(40);
    expect(new Set(seen).size).toBe(total);
  });

  it('verifies a webhook signature as the server makes it, and refuses a changed body or an old timestamp', () => {
    const secret = 'whsec_example';
    const body = JSON.stringify({ id: 'evt-1', type: 'order.status_changed' });
    const t = Math.floor(Date.now() / 1000);
    expect(verifyOrderlyWebhook(secret, signatureHeaderValue(secret, t, body), body)).toBe(true);
    expect(verifyOrderlyWebhook(secret, signatureHeaderValue(secret, t, body), body.replace('evt-1', 'evt-2'))).toBe(false);
    expect(verifyOrderlyWebhook(secret, signatureHeaderValue(secret, t - 3600, body), body)).toBe(false);
  });
});

// An integrator's view: plain HTTP requests to a running Orderly server, nothing in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { createApiKey } from '../support/api-auth.ts';

describe('GraphQL over HTTP for integrators', () => {
  let database: TestDatabase;
  let server: RunningServer;
  /** The integrator's API key (created by the demo admin), sent as Authorization: Bearer; an order's
   * lines reach their catalogue products only with read_products as well. */
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.url);
    apiKey = await createApiKey(server.url, ['read_orders', 'read_products']);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${apiKey}`, ...headers },
      body: JSON.stringify(body),
    });

  it('reports health with the database reachable and the job runner without failures', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok', jobs: { runner: 'graphile-worker', failed: 0, retrying: 0, failingTasks: [] } });
  });

  it('pages through the demo orders with Relay cursors, most urgent first', async () => {
    const query = `query Page($after: String) {
      orders(first: 20, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id number channel externalId status shipBy total { minorUnits currency } lines { sku quantity product { sku } } } }
      }
    }`;
    const seen: any[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const response = await post({ query, variables: { after } });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      total = body.data.orders.totalCount;
      seen.push(...body.data.orders.edges.map((e: any) => e.node));
      if (!body.data.orders.pageInfo.hasNextPage) break;
      after = body.data.orders.pageInfo.endCursor;
    }
    expect(total).toBe(50);
    expect(seen).toHaveLength(50);
    expect(new Set(seen.map((o) => o.id)).size).toBe(50);
    const deadlines = seen.map((o) => Date.parse(o.shipBy));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    const channels = new Set(seen.map((o) => o.channel));
    expect(channels).toEqual(new Set(['ozon', 'manual']));
    const ozon = seen.find((o) => o.channel === 'ozon');
    expect(ozon.externalId).toMatch(/^\d{8}-0001-1$/);
    for (const order of seen) {
      expect(order.total.currency).toBe('RUB');
      expect(order.lines.length).toBeGreaterThan(0);
      for (const line of order.lines) expect(line.product.sku).toBe(line.sku);
    }
  });

  it('answers GET queries (cacheable reads) too', async () => {
    const url = `${server.url}/graphql?query=${encodeURIComponent('{ orderStatusCounts { status count } }')}`;
    const body = await (await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${apiKey}` } })).json();
    const counts = Object.fromEntries(body.data.orderStatusCounts.map((c: any) => [c.status, c.count]));
    expect(counts.NEW).toBe(11);
    expect(counts.PICKED).toBe(2);
    expect(Object.values(counts).reduce((a: number, b) => a + (b as number), 0)).toBe(50);
  });

  it('needs the API key: anonymous requests are refused, the key is limited to its scopes', async () => {
    const anonymous = await post({ query: '{ orders(first: 1) { totalCount } }' }, { authorization: '' });
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const outOfScope = await (await post({ query: '{ inventoryLevels(first: 1) { edges { node { onHand } } } }' })).json();
    expect(outOfScope.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['inventory:read'] });
    const withCost = await (await post({ query: '{ orders(first: 1) { totalCount } }' })).json();
    expect(withCost.extensions.cost).toMatchObject({ requested: expect.any(Number), remaining: expect.any(Number) });
    const tooMany = await (await post({ query: '{ orders(first: 500) { totalCount } }' })).json();
    expect(tooMany.errors[0].extensions.code).toBe('PAGE_SIZE_EXCEEDED');
  });

  it('rejects malformed requests with a GraphQL error and no internals', async () => {
    const syntax = await post({ query: '{ orders(first: 5) { edges { node { id } }' });
    expect(syntax.status).toBe(400);
    const syntaxBody = await syntax.json();
    expect(syntaxBody.errors[0].message).toMatch(/Syntax Error/);

    const unknownField = await post({ query: '{ orders(first: 5) { edges { node { passwordHash } } } }' });
    const unknownBody = await unknownField.json();
    expect(unknownBody.errors[0].message).toMatch(/Cannot query field "passwordHash" on type "Order"/);
    const text = JSON.stringify(unknownBody);
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(text).not.toMatch(/stack/i);
  });
});

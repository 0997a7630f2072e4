// An integrator's view: plain HTTP requests to a running Orderly server, nothing in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';

describe('GraphQL over HTTP for integrators', () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(database.url);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify(body),
    });

  it('reports health with the database reachable', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
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
    const body = await (await fetch(url, { headers: { accept: 'application/json' } })).json();
    const counts = Object.fromEntries(body.data.orderStatusCounts.map((c: any) => [c.status, c.count]));
    expect(counts.NEW).toBe(12);
    expect(Object.values(counts).reduce((a: number, b) => a + (b as number), 0)).toBe(50);
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

// OpenTelemetry traces (issue 18): the real server with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a
// tiny OTLP/HTTP collector here sends a span for a GraphQL operation and, beneath it, spans of the
// database calls it made — and none of the operation's variables.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { demoLogins, loginToken } from '../support/api-auth.ts';
import { type RunningServer, startServer } from '../support/server.ts';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

describe('OpenTelemetry traces over OTLP', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let collector: http.Server;
  const spans: Span[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    collector = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        if (req.url === '/v1/traces') {
          const data = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
          for (const resource of data.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    database = await createTestDatabase();
    server = await startServer(database.url, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    collector?.close();
  });

  it('sends a span per operation with the database calls beneath it', async () => {
    const token = await loginToken(server.url, demoLogins.admin);
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query TracedOrders($search: String) { orders(first: 3, search: $search) { totalCount } }', variables: { search: 'Смирнова' } }),
    });
    expect(response.status).toBe(200);
    // The batch processor sends within seconds.
    for (let i = 0; i < 100 && !spans.some((s) => s.name === 'query.TracedOrders'); i++) await new Promise((r) => setTimeout(r, 100));
    const operation = spans.find((s) => s.name === 'query.TracedOrders');
    expect(operation).toBeDefined();
    expect(operation!.attributes).toContainEqual({ key: 'graphql.execute.operationName', value: { stringValue: 'TracedOrders' } });
    for (let i = 0; i < 100 && !spans.some((s) => s.traceId === operation!.traceId && s.name.startsWith('prisma:')); i++) await new Promise((r) => setTimeout(r, 100));
    const database = spans.filter((s) => s.traceId === operation!.traceId && s.name.startsWith('prisma:'));
    expect(database.map((s) => s.name)).toContain('prisma:client:operation');
    expect(database.some((s) => s.name === 'prisma:client:db_query' || s.name === 'prisma:engine:db_query')).toBe(true);
    // Variables (buyer names, phones) never leave in a span.
    expect(bodies.join('\n')).not.toContain('Смирнова');
  });
});

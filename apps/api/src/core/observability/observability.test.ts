// Metrics kept by the request plugin (yoga.fetch on the real PostgreSQL) and the migration check
// behind /ready and MIGRATE_ON_BOOT=off. The running process (logs, /metrics, shutdown) is tested
// in test/operations.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { measureDatabasePool, operationLabel, registry, serveMetrics } from './metrics.ts';
import { pendingMigrations, shippedMigrations } from './readiness.ts';

/** A series' current value in the registry (0 when it has none yet). */
async function valueOf(name: string, labels: Record<string, string>) {
  const metric = await registry.getSingleMetric(name)!.get();
  return metric.values.find((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))?.value ?? 0;
}

describe('observability', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('counts operations by name and result, errors by code and rate-limit refusals by caller kind', async () => {
    const gql = createTestClient(database.prisma, { apiKeyScopes: ['read_orders'], app: { rateLimit: { capacity: 3, restorePerSecond: 0.001 } } });
    const before = {
      ok: await valueOf('orderly_graphql_operations_total', { operation: 'ObsCounts', result: 'ok' }),
      refused: await valueOf('orderly_rate_limit_refusals_total', { caller: 'apiKey' }),
      code: await valueOf('orderly_graphql_errors_total', { code: 'RATE_LIMITED' }),
    };
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) codes.push((await gql('query ObsCounts { orderStatusCounts { status count } }')).errors?.[0]?.extensions?.code as string | undefined);
    const refusals = codes.filter((code) => code === 'RATE_LIMITED').length;
    expect(refusals).toBeGreaterThan(0);
    expect(await valueOf('orderly_graphql_operations_total', { operation: 'ObsCounts', type: 'query', result: 'ok' })).toBe(before.ok + 6 - refusals);
    expect(await valueOf('orderly_graphql_operations_total', { operation: 'ObsCounts', type: 'query', result: 'error' })).toBeGreaterThanOrEqual(refusals);
    expect(await valueOf('orderly_rate_limit_refusals_total', { caller: 'apiKey' })).toBe(before.refused + refusals);
    expect(await valueOf('orderly_graphql_errors_total', { code: 'RATE_LIMITED' })).toBe(before.code + refusals);
    const histogram = await registry.getSingleMetric('orderly_graphql_operation_duration_seconds')!.get();
    expect(histogram.values.some((v) => v.labels.operation === 'ObsCounts' && (v as { metricName?: string }).metricName?.endsWith('_count') && v.value >= 6)).toBe(true);
  });

  it('groups unnamed and unusual operation names under one label each', async () => {
    const gql = createTestClient(database.prisma);
    await gql('{ orderStatusCounts { status count } }');
    expect(await valueOf('orderly_graphql_operations_total', { operation: 'anonymous', type: 'query' })).toBeGreaterThan(0);
    expect([operationLabel('ConfirmOrder'), operationLabel('x'.repeat(200)), operationLabel(null)]).toEqual(['ConfirmOrder', 'other', 'anonymous']);
  });

  it('finds the migrations a database has not applied', async () => {
    expect(shippedMigrations().length).toBeGreaterThan(10);
    expect(await pendingMigrations(database.prisma)).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-migrations-'));
    try {
      for (const name of [...shippedMigrations().slice(0, 2), '29991231000000_from_the_future']) {
        fs.mkdirSync(path.join(dir, name));
        fs.writeFileSync(path.join(dir, name, 'migration.sql'), '-- test');
      }
      expect(await pendingMigrations(database.prisma, dir)).toEqual(['29991231000000_from_the_future']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports each active marketplace account's sync lag at scrape time", async () => {
    const db = database.prisma;
    await db.ozonAccount.create({
      data: { name: 'Lagging shop', channel: 'ozon-lag', clientId: 'lag-1', apiKeySealed: 'x', lastSyncAt: new Date(Date.now() - 600_000) },
    });
    await db.ozonAccount.create({ data: { name: 'Off', channel: 'ozon-off', clientId: 'lag-2', apiKeySealed: 'x', active: false } });
    const server = http.createServer((req, res) => void serveMetrics(db, null, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const text = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`)).text();
      const lag = Number(/^orderly_marketplace_sync_age_seconds\{channel="ozon-lag"\} ([\d.]+)$/m.exec(text)?.[1]);
      expect(lag).toBeGreaterThanOrEqual(600);
      expect(lag).toBeLessThan(3600);
      expect(text).not.toContain('channel="ozon-off"');
    } finally {
      server.close();
    }
  });
  it("reports this instance's PostgreSQL pool: open, idle, waiting and its size", async () => {
    const db = database.prisma;
    measureDatabasePool(database.poolUsage);
    // Four statements at once open (at least) four connections, which go back to the pool idle.
    await Promise.all([1, 2, 3, 4].map(() => db.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.05)`));
    const server = http.createServer((req, res) => void serveMetrics(db, null, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const text = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`)).text();
      const gauge = (state: string) => Number(new RegExp(`^orderly_database_pool_connections\\{state="${state}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
      expect(gauge('max')).toBe(10);
      expect(gauge('total')).toBeGreaterThanOrEqual(4);
      expect(gauge('total')).toBeLessThanOrEqual(10);
      expect(gauge('idle')).toBeLessThanOrEqual(gauge('total'));
      expect(gauge('waiting')).toBe(0);
    } finally {
      server.close();
      measureDatabasePool(() => null);
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig, parsePortRanges } from './config.ts';

// Variables read by packages/schema (the database and the test harness), not by this module.
const readBySchemaPackage = ['DATABASE_URL', 'TEST_DATABASE_URL', 'TEST_REDIS_URL', 'ORDERLY_TEST_PGLITE', 'ORDERLY_TEST_SKIP_REDIS'];

/** README's configuration table as variable → documented default (the backticked value outside parentheses). */
function readmeTable(): Map<string, string | undefined> {
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Configuration')[1].split('\n## ')[0];
  const table = new Map<string, string | undefined>();
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    const [names, defaults] = row.split(' | ').map((cell) => cell.replace(/^\| /, ''));
    const values = [...defaults.replace(/\([^)]*\)/g, '').matchAll(/`([^`]*)`/g)].map((m) => m[1]);
    [...names.matchAll(/`([A-Z0-9_]+)`/g)].forEach((m, i) => table.set(m[1], values[i]));
  }
  return table;
}

const documented = (value: unknown) =>
  typeof value === 'boolean' ? (value ? 'on' : 'off') : Array.isArray(value) && value.length === 0 ? undefined : value === undefined ? undefined : String(value);

describe('configuration', () => {
  it('README lists every variable with its default, and nothing else', () => {
    const defaults: Record<string, unknown> = loadConfig({});
    const table = readmeTable();
    for (const name of readBySchemaPackage) table.delete(name);
    expect([...table.keys()].sort()).toEqual([...configVariables].sort());
    for (const name of configVariables) expect({ name, default: table.get(name) }).toEqual({ name, default: documented(defaults[name]) });
  });

  it('production turns the development conveniences off', () => {
    const production = loadConfig({ NODE_ENV: 'production' });
    expect([production.GRAPHIQL, production.INTROSPECTION, production.ORDERLY_DEMO_DATA, production.WEBHOOK_ALLOW_PRIVATE, production.WEBHOOK_REQUIRE_HTTPS]).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('production keeps printers on printer ports; a malformed port list stops the boot', () => {
    const ranges = parsePortRanges(loadConfig({ NODE_ENV: 'production' }).PRINTER_PORTS)!;
    const allowed = (port: number) => ranges.some(([from, to]) => port >= from && port <= to);
    expect([9100, 9103, 6101].map(allowed)).toEqual([true, true, true]);
    expect([6379, 5432, 25, 80, 443, 11211].map(allowed)).toEqual([false, false, false, false, false, false]);
    for (const bad of ['9100-', '70000', '9109-9100', 'abc', ',']) expect(() => loadConfig({ PRINTER_PORTS: bad })).toThrow(/PRINTER_PORTS/);
    expect(parsePortRanges(' 9100 , 9200-9201 ')).toEqual([
      [9100, 9100],
      [9200, 9201],
    ]);
  });

  it('a wrong value stops with a message naming each variable at fault', () => {
    expect(() => loadConfig({ PORT: 'abc', GRAPHIQL: 'maybe', IDEMPOTENCY_TTL_HOURS: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc', GRAPHIQL: 'maybe', IDEMPOTENCY_TTL_HOURS: '2' })).toThrow(/PORT="abc".*\n.*GRAPHIQL="maybe".*\n.*IDEMPOTENCY_TTL_HOURS="2"/);
  });

  it('reads flags, lists and empty values the usual ways', () => {
    const config = loadConfig({ TRUST_PROXY: 'ON', JOBS_WORKER: 'false', CORS_ORIGINS: ' https://a.example , https://b.example ', PORT: '' });
    expect([config.TRUST_PROXY, config.JOBS_WORKER, config.CORS_ORIGINS, config.PORT]).toEqual([true, false, ['https://a.example', 'https://b.example'], 4000]);
  });

  it('validates the operations settings: log level, metrics token and port, migrations at boot', () => {
    expect([loadConfig({}).LOG_LEVEL, loadConfig({ NODE_ENV: 'test' }).LOG_LEVEL, loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'DEBUG' }).LOG_LEVEL]).toEqual([
      'info',
      'silent',
      'debug',
    ]);
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL="verbose"/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN="short": expected at least 16 characters/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT="70000"/);
    expect(() => loadConfig({ PORT: '9464', METRICS_PORT: '9464' })).toThrow(/METRICS_PORT="9464": must differ from PORT/);
    expect(['on', 'OFF', 'only'].map((value) => loadConfig({ MIGRATE_ON_BOOT: value }).MIGRATE_ON_BOOT)).toEqual(['on', 'off', 'only']);
    expect(() => loadConfig({ MIGRATE_ON_BOOT: 'later' })).toThrow(/MIGRATE_ON_BOOT="later": expected on, off or only/);
  });

  it('reads TRUSTED_DOCUMENTS as enforce (default, or "on") or off, nothing else', () => {
    expect([undefined, '', 'enforce', 'on', 'OFF'].map((value) => loadConfig({ TRUSTED_DOCUMENTS: value }).TRUSTED_DOCUMENTS)).toEqual([
      'enforce',
      'enforce',
      'enforce',
      'enforce',
      'off',
    ]);
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'maybe' })).toThrow(/TRUSTED_DOCUMENTS="maybe"/);
  });
});

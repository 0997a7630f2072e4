// The Dockerfile and compose.yaml cannot be run here (no Docker on these machines): this checks
// what can be checked without it — the compose file parses and wires PostgreSQL, Redis, a migration
// step and two API instances behind a proxy; every variable it sets is one the API reads; the
// commands and files the Dockerfile relies on exist in the repository.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@orderly/schema';
import { configVariables } from '../../apps/api/src/core/config.ts';
import { startCommand } from '../support/start-command.ts';

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
const scripts = (file: string) => (JSON.parse(read(file)) as { scripts: Record<string, string> }).scripts;

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: string[];
  configs?: { source: string; target: string }[];
}

describe('deployment files', () => {
  const compose = yaml.load(read('compose.yaml')) as { services: Record<string, Service>; configs: Record<string, { content: string }> };
  const dockerfile = read('Dockerfile');

  it('compose.yaml: PostgreSQL, Redis, a migration step, two API instances behind a proxy', () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'migrate', 'postgres', 'proxy', 'redis']);
    const apis = [services['api-1']!, services['api-2']!];
    for (const api of apis) {
      expect(api.build).toBe('.');
      expect(api.environment).toMatchObject({ NODE_ENV: 'production', MIGRATE_ON_BOOT: 'off', REDIS_URL: 'redis://redis:6379', TRUST_PROXY: 'on' });
      expect(api.environment!.DATABASE_URL).toMatch(/^postgresql:\/\/\w+:\w+@postgres:5432\/\w+$/);
      expect(api.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } });
      // No published port: traffic comes through the proxy, metrics stay internal.
      expect(api.ports).toBeUndefined();
    }
    expect(services.migrate!.environment).toMatchObject({ MIGRATE_ON_BOOT: 'only', DATABASE_URL: apis[0]!.environment!.DATABASE_URL });
    expect(services.migrate!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });

    const caddyfile = compose.configs[services.proxy!.configs![0]!.source]!.content;
    expect(caddyfile).toMatch(/reverse_proxy api-1:4000 api-2:4000/);
    expect(caddyfile).toMatch(/health_uri \/ready/);
    expect(caddyfile).toMatch(/flush_interval -1/);
  });

  it('compose.yaml sets only variables the API reads (README documents them)', () => {
    const known = new Set([...configVariables, 'NODE_ENV', 'DATABASE_URL']);
    for (const name of ['api-1', 'api-2', 'migrate']) {
      for (const variable of Object.keys(compose.services[name]!.environment ?? {}))
        expect({ name, variable, known: known.has(variable) }).toEqual({ name, variable, known: true });
    }
  });

  it("Dockerfile: runs the repository's own build and start, as a non-root user", () => {
    const runs = [...dockerfile.matchAll(/^RUN (.+)$/gm)].map((m) => m[1]!);
    const pnpmScripts = runs.flatMap((line) => [...line.matchAll(/\bpnpm (?!install\b)([\w:-]+)/g)].map((m) => m[1]!));
    expect(pnpmScripts).toEqual(['build']);
    for (const script of pnpmScripts) expect(scripts('package.json')).toHaveProperty(script);
    // The same pnpm as the repository pins.
    expect(runs.filter((line) => line.includes('npm install -g pnpm@')).map((line) => /pnpm@([\d.]+)/.exec(line)![1])).toEqual(
      Array(2).fill((JSON.parse(read('package.json')) as { packageManager: string }).packageManager.replace('pnpm@', '')),
    );

    // CMD runs what `pnpm --filter @orderly/api start` runs, from the folder the build writes, with
    // the environment the script sets (malloc tuning) as the image's ENV.
    const cmd = JSON.parse(/^CMD (\[.+\])$/m.exec(dockerfile)![1]!) as string[];
    const start = startCommand();
    expect(cmd).toEqual(['node', ...start.nodeFlags, `apps/api/${start.entry}`]);
    const imageEnv = Object.fromEntries([.../^ENV (.+)$/m.exec(dockerfile)![1]!.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(start.env)).not.toHaveLength(0);
    expect(imageEnv).toMatchObject(start.env);
    expect(read('apps/api/build.mjs')).toMatch(/entryPoints: \{ main: path\.join\(apiRoot, 'src\/main\.ts'\)/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(3);

    // Every path copied from the context or a stage is one the repository has or the build writes.
    for (const [, source] of dockerfile.matchAll(/^COPY --from=\w[\w-]* \/app\/(\S+) /gm)) {
      const built = /(^|\/)(dist|node_modules)$/.test(source!);
      if (!built) expect(fs.existsSync(path.join(repoRoot, source!)), source).toBe(true);
    }
    expect(read('.dockerignore')).toMatch(/^\*\*\/node_modules$/m);
  });
});

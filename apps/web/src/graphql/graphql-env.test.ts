// graphql-env.d.ts (the schema's introspection types gql.tada types the documents from) is generated
// from packages/schema/schema.graphql and committed, so a clean clone type-checks without running
// anything. Fails when the SDL changed and `pnpm schema:print` (or `pnpm --filter @orderly/web
// graphql:types`) was not run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const webRoot = path.resolve(__dirname, '../..');

it('graphql-env.d.ts is generated from the current schema.graphql', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graphql-env-'));
  try {
    const output = path.join(dir, 'graphql-env.d.ts');
    execFileSync(path.join(webRoot, 'node_modules/.bin/gql.tada'), ['generate-output', '--output', output], { cwd: webRoot, stdio: 'pipe' });
    const fresh = fs.readFileSync(output, 'utf8');
    const committed = fs.readFileSync(path.join(webRoot, 'src/graphql/graphql-env.d.ts'), 'utf8');
    expect(fresh.length).toBeGreaterThan(10_000);
    expect(fresh === committed, 'src/graphql/graphql-env.d.ts is stale: run `npx pnpm@10.34.9 schema:print`').toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node resolves `graphql` (no exports map) to its CommonJS entry while Vite would pick the .mjs
// one: two instances of graphql-js break `instanceof`. Pin every server-side import to Node's.
const graphqlEntry = createRequire(new URL('./apps/api/package.json', import.meta.url)).resolve('graphql');
const serverResolve = { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] };

// One command runs every suite: `pnpm test`. Database suites share a migrated template database
// created by the global setup on the real PostgreSQL (see packages/schema/src/testing.ts).
const databaseSetup = './test/support/database-setup.ts';

export default defineConfig({
  test: {
    projects: [
      {
        resolve: serverResolve,
        test: {
          name: 'schema',
          include: ['packages/schema/src/**/*.test.ts'],
          environment: 'node',
          globalSetup: [databaseSetup],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: serverResolve,
        test: {
          name: 'api',
          include: ['apps/api/src/**/*.test.ts'],
          environment: 'node',
          globalSetup: [databaseSetup],
          env: { NODE_ENV: 'test' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      'apps/web',
      {
        resolve: serverResolve,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: [databaseSetup],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // Browser and server processes are heavy: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});

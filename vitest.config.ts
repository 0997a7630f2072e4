import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
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
    // Workers for the file-parallel projects (schema, api, web), which share one pool: at least two,
    // even on a 2-CPU machine (Vitest's default there, CPUs − 1, ran them one file at a time): most
    // files spend their time waiting on PostgreSQL, not computing. (The e2e project is not
    // file-parallel: Vitest runs it after the others, one file at a time.)
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
          // Browser and server processes are heavy, and some floor steps are timed (a scanner's
          // keystrokes, a pause between scans): one file at a time, after the other projects. The PWA
          // is built once per run (test/support/browser.ts buildWeb).
          fileParallelism: false,
        },
      },
    ],
  },
});

// Global setup of the database suites: the migrated template database (packages/schema/src/testing.ts)
// and, for the e2e project, the compiled API its servers run (test/support/server.ts).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@orderly/schema';
import { setupTestDatabaseServer } from '@orderly/schema/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** apps/api/<dir>/main.js: the API compiled once for this run's e2e servers; absent when not built. */
    compiledApi?: string;
    /** A file that exists once this run has built the PWA (test/support/browser.ts buildWeb); absent outside the e2e project. */
    webBuildMarker?: string;
  }
}

/**
 * Compiles the API once per run, as `pnpm start` does (apps/api/build.mjs), into a folder of this
 * run's own (apps/api/dist-test-<pid>, packages/schema/dist-test-<pid>): a build or `pnpm start`
 * elsewhere meanwhile cannot replace the files under running servers. Removed at teardown.
 */
function buildApi(): { main: string; remove: () => void } {
  const dir = `dist-test-${process.pid}`;
  execFileSync(process.execPath, [path.join(repoRoot, 'apps/api/build.mjs')], { env: { ...process.env, ORDERLY_DIST_DIR: dir }, stdio: 'ignore' });
  const remove = () => {
    for (const root of ['apps/api', 'packages/schema']) fs.rmSync(path.join(repoRoot, root, dir), { recursive: true, force: true });
  };
  return { main: path.join(repoRoot, 'apps/api', dir, 'main.js'), remove };
}

export default async function setup(project: TestProject) {
  const teardown = await setupTestDatabaseServer();
  const api = project.name === 'e2e' && process.env.ORDERLY_E2E_TSX !== '1' ? buildApi() : null;
  if (api) project.provide('compiledApi', api.main);
  // The PWA is built by the first e2e file that needs it (not here: files that need no browser, run
  // on their own, should not wait for a build), then reused by the others of this run.
  const webBuildMarker = project.name === 'e2e' ? path.join(os.tmpdir(), `orderly-web-built-${process.pid}-${randomBytes(3).toString('hex')}`) : null;
  if (webBuildMarker) project.provide('webBuildMarker', webBuildMarker);
  return async () => {
    if (webBuildMarker) for (const file of [webBuildMarker, `${webBuildMarker}.lock`]) fs.rmSync(file, { force: true });
    api?.remove();
    await teardown();
  };
}

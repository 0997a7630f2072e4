// Starts the real Orderly server process (the same entry point as `pnpm start`) on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@orderly/schema';
import { inject } from 'vitest';
import { startCommand } from './start-command.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
  /** The server process (to signal it and watch it exit). */
  process: ChildProcess;
}

/**
 * How the server runs: the API compiled once for this test run by the global setup
 * (database-setup.ts), with `pnpm start`'s flags — or the TypeScript sources under tsx when there
 * is none (ORDERLY_E2E_TSX=1, or outside the e2e project).
 */
function serverArgs(): string[] {
  const compiled = inject('compiledApi');
  if (compiled && fs.existsSync(compiled)) return [...startCommand().nodeFlags, '--enable-source-maps', compiled];
  return ['--import', 'tsx', 'apps/api/src/main.ts'];
}

/**
 * Runs the API (serverArgs) with node (no package-manager wrapper, so no pipes stay open) on the
 * given database URL — or, when null (no PostgreSQL here), on a throw-away PGlite folder.
 */
export async function startServer(databaseUrl: string | null, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const pgliteDir = databaseUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-e2e-'));
  const child: ChildProcess = spawn(process.execPath, serverArgs(), {
    cwd: repoRoot,
    env: { ...process.env, ...startCommand().env, NODE_ENV: 'test', PORT: String(port), DATABASE_URL: databaseUrl ?? `pglite:${pgliteDir}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    output: () => output,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
}

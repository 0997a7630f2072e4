// How `pnpm start` runs the compiled API (apps/api/package.json "start"): the environment it sets
// (glibc malloc tuning, README "Benchmarks") and node's flags. Read from the script itself, so the
// e2e servers, the benchmarks and the Dockerfile check run the server exactly as production does.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@orderly/schema';

export interface StartCommand {
  /** Variables the script sets before `node`, e.g. { MALLOC_ARENA_MAX: '2' }. */
  env: Record<string, string>;
  /** node's flags before the script path, e.g. ['--max-semi-space-size=2']. */
  nodeFlags: string[];
  /** The script path, relative to apps/api. */
  entry: string;
}

export function startCommand(): StartCommand {
  const script = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'apps/api/package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0]?.includes('=')) {
    const [name, value] = words.shift()!.split('=') as [string, string];
    env[name] = value;
  }
  if (words.shift() !== 'node') throw new Error(`apps/api start script must run node: ${script}`);
  const entry = words.pop();
  if (!entry || words.some((word) => !word.startsWith('-'))) throw new Error(`apps/api start script must be [VAR=value …] node [--flags …] <entry>: ${script}`);
  return { env, nodeFlags: words, entry };
}

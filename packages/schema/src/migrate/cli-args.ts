// Argument parsing and the reset safety rule of the migration CLI (no side effects, testable).

import type { DatabaseTarget } from '../config.ts';

export const USAGE = `Usage: tsx src/migrate/cli.ts <command> [options]

Commands:
  create [--name <name>] [--accept-data-loss]
                 apply pending migrations, then create a migration from the changes in
                 prisma/schema.prisma (checked on a temporary shadow database) and apply it
  deploy         apply pending migrations (production-safe, never creates or resets anything)
  status         list applied and pending migrations and problems (exit code 1 if any)
  reset [--force]
                 DROP SCHEMA public CASCADE, then apply every migration (all data is lost)

The database is taken from DATABASE_URL: unset → PGlite in .data/pglite, "pglite:memory",
"pglite:<dir>", or "postgresql://…".`;

export interface ParsedArgs {
  command: string | undefined;
  name: string | undefined;
  force: boolean;
  acceptDataLoss: boolean;
  help: boolean;
  unknown: string[];
}

export function parseArgs(argv: string[]): ParsedArgs {
  const args: ParsedArgs = { command: undefined, name: undefined, force: false, acceptDataLoss: false, help: false, unknown: [] };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue; // pnpm / npm separator
    if (arg === '--name' || arg === '-n') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) args.unknown.push(`${arg} needs a value`);
      else args.name = value;
      i++;
    } else if (arg.startsWith('--name=')) args.name = arg.slice('--name='.length);
    else if (arg === '--force' || arg === '-f') args.force = true;
    else if (arg === '--accept-data-loss') args.acceptDataLoss = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg.startsWith('-')) args.unknown.push(`unknown option ${arg}`);
    else positional.push(arg);
  }
  args.command = positional.shift();
  if (args.command === 'create' && args.name === undefined && positional.length > 0) args.name = positional.shift();
  for (const extra of positional) args.unknown.push(`unexpected argument ${extra}`);
  return args;
}

export const RESET_RULE =
  'reset runs without --force only on PGlite, or on a PostgreSQL database whose name contains ' +
  '"test", "dev" or "local" — and never without --force when NODE_ENV=production.';

/** Whether `reset` may run without --force on this target. */
export function resetAllowedWithoutForce(target: DatabaseTarget, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NODE_ENV === 'production') return false;
  if (target.kind === 'pglite') return true;
  const database = decodeURIComponent(new URL(target.url).pathname.replace(/^\//, ''));
  return /test|dev|local/i.test(database);
}

// Command line for the migration runner. The target database comes from DATABASE_URL (see
// ../config.ts): unset → PGlite in .data/pglite, `pglite:memory`, `pglite:<dir>`, `postgresql://…`.
//
//   tsx src/migrate/cli.ts create [--name <name> | <name>] [--accept-data-loss]
//   tsx src/migrate/cli.ts deploy
//   tsx src/migrate/cli.ts status          exit code 1 when migrations are pending or problems exist
//   tsx src/migrate/cli.ts reset [--force]
//
// pnpm's `--` separator is accepted anywhere (`pnpm db:migrate -- --name add_notes`).

import { describeDatabaseTarget, resolveDatabaseTarget } from '../config.ts';
import { parseArgs, RESET_RULE, resetAllowedWithoutForce, USAGE } from './cli-args.ts';
import { createMigration, deployMigrations, migrationStatus, resetDatabase } from './index.ts';

const print = (line: string) => console.log(line);

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help || !args.command) {
    print(USAGE);
    return args.help ? 0 : 2;
  }
  if (args.unknown.length > 0) {
    console.error(`${args.unknown.join('; ')}\n\n${USAGE}`);
    return 2;
  }
  const target = resolveDatabaseTarget();
  const where = describeDatabaseTarget(target);
  print(`Database: ${where}`);

  switch (args.command) {
    case 'create': {
      const name = args.name ?? 'migration';
      const { created, applied } = await createMigration(target, { name, acceptDataLoss: args.acceptDataLoss, log: print });
      if (created) print(`✔ Created and applied migration ${created}.`);
      else print(`✔ No migration created${applied.length ? `; applied ${applied.length} pending migration(s)` : ''}.`);
      return 0;
    }
    case 'deploy': {
      const { applied } = await deployMigrations(target, { log: print });
      print(applied.length ? `✔ Applied ${applied.length} migration(s).` : '✔ Database already up to date.');
      return 0;
    }
    case 'status': {
      const { applied, pending, problems } = await migrationStatus(target, { log: () => {} });
      print(`Applied: ${applied.length}`);
      for (const name of applied) print(`  ✔ ${name}`);
      print(`Pending: ${pending.length}`);
      for (const name of pending) print(`  • ${name}`);
      if (problems.length) {
        print(`Problems: ${problems.length}`);
        for (const problem of problems) print(`  ✖ ${problem.replace(/\n/g, '\n    ')}`);
      }
      if (pending.length === 0 && problems.length === 0) {
        print('✔ Database schema is up to date.');
        return 0;
      }
      if (pending.length) print('Run "deploy" to apply the pending migrations.');
      return 1;
    }
    case 'reset': {
      if (!args.force && !resetAllowedWithoutForce(target)) {
        console.error(`Refusing to reset ${where}: ${RESET_RULE}\nAdd --force to reset it anyway (ALL DATA IS LOST).`);
        return 1;
      }
      print(args.force ? 'Reset forced (--force).' : `Reset allowed by the safety rule: ${RESET_RULE}`);
      const { applied } = await resetDatabase(target, { log: print });
      print(`✔ Database reset; applied ${applied.length} migration(s).`);
      return 0;
    }
    default:
      console.error(`Unknown command "${args.command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.ORDERLY_MIGRATE_DEBUG && error instanceof Error && error.cause) console.error(error.cause);
    process.exitCode = 1;
  },
);

// Orderly's migration runner: the Prisma CLI's `migrate deploy|dev|status|reset`, offline, on the
// WASM schema engine, for PostgreSQL and PGlite. Same migrations folder format and the same
// `_prisma_migrations` bookkeeping as the Prisma CLI, so either tool can take over.

import { readFile } from 'node:fs/promises';
import type { MigrationList, SchemaFilter, SchemasContainer } from '@prisma/schema-engine-wasm';
import { migrationsDir as defaultMigrationsDir, prismaSchemaPath } from '../config.ts';
import { openMigrationConnection, type MigrationConnection, type MigrationTarget } from './adapters.ts';
import { MigrationEngineError, withSchemaEngine, type EngineSession } from './engine.ts';
import { lockfileProvider, migrationNames, readMigrationsList, slugifyMigrationName, writeMigration } from './migrations-dir.ts';

export type { MigrationTarget } from './adapters.ts';
export { describeMigrationTarget } from './adapters.ts';
export { MigrationEngineError } from './engine.ts';

export interface MigrateOptions {
  /** Folder holding `<timestamp>_<name>/migration.sql` + `migration_lock.toml`. Default: packages/schema/prisma/migrations. */
  migrationsDir?: string;
  /** The Prisma schema. Default: packages/schema/prisma/schema.prisma. */
  schemaPath?: string;
  /** Progress lines (human readable, never credentials). Default: silent. */
  log?: (line: string) => void;
}

export interface CreateMigrationOptions extends MigrateOptions {
  name: string;
  /** Create and apply a migration even if it drops data (the engine warned). Default false: refuse. */
  acceptDataLoss?: boolean;
}

const PROVIDER = 'postgresql';
const FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
/** Used by deploy/status/reset when no schema file exists: the engine only needs the provider. */
const MINIMAL_SCHEMA = `datasource db {\n  provider = "${PROVIDER}"\n}\n`;

interface Context {
  conn: MigrationConnection;
  migrationsDir: string;
  schemaPath: string;
  schemaText: string;
  log: (line: string) => void;
}

async function loadSchema(schemaPath: string, required: boolean): Promise<string> {
  try {
    return await readFile(schemaPath, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return MINIMAL_SCHEMA;
    throw new Error(`Cannot read the Prisma schema ${schemaPath}: ${(error as Error).message}`, { cause: error });
  }
}

/** Open the target, run `fn`, and always release every connection / shadow database. */
async function withContext<T>(target: MigrationTarget, opts: MigrateOptions | undefined, schemaRequired: boolean, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const log = opts?.log ?? (() => {});
  const schemaPath = opts?.schemaPath ?? prismaSchemaPath;
  const schemaText = await loadSchema(schemaPath, schemaRequired);
  const conn = await openMigrationConnection(target, log);
  let result: T;
  try {
    result = await fn({ conn, migrationsDir: opts?.migrationsDir ?? defaultMigrationsDir, schemaPath, schemaText, log });
  } catch (error) {
    await conn.close().catch((closeError: Error) => log(`WARNING: ${closeError.message}`));
    throw error;
  }
  await conn.close();
  return result;
}

function withEngine<T>(ctx: Context, fn: (session: EngineSession) => Promise<T>): Promise<T> {
  const debug = process.env.ORDERLY_MIGRATE_DEBUG;
  return withSchemaEngine(
    {
      schemaPath: ctx.schemaPath,
      schemaText: ctx.schemaText,
      factory: ctx.conn.factory,
      engineLog: debug ? (line) => ctx.log(`  [engine] ${line}`) : undefined,
    },
    fn,
  );
}

async function readList(ctx: Context): Promise<MigrationList> {
  const list = await readMigrationsList(ctx.migrationsDir);
  const provider = lockfileProvider(list.lockfile.content);
  if (list.lockfile.content !== null && provider !== PROVIDER) {
    throw new MigrationEngineError(`${ctx.migrationsDir}/migration_lock.toml names provider "${provider ?? '?'}", but this project uses "${PROVIDER}".`);
  }
  const unreadable = list.migrationDirectories.filter((d) => d.migrationFile.content.tag === 'error');
  if (unreadable.length > 0) {
    throw new MigrationEngineError(`Unreadable migrations in ${ctx.migrationsDir}: ${unreadable.map((d) => `${d.path} (${d.migrationFile.content.value})`).join(', ')}`);
  }
  return list;
}

async function apply(ctx: Context, session: EngineSession, list: MigrationList): Promise<string[]> {
  const { appliedMigrationNames } = await session.call('applyMigrations', (e) => e.applyMigrations({ migrationsList: list, filters: FILTERS }));
  for (const name of appliedMigrationNames) ctx.log(`Applied migration ${name}`);
  return appliedMigrationNames;
}

async function deployWithin(ctx: Context): Promise<{ applied: string[] }> {
  const list = await readList(ctx);
  ctx.log(`Deploying ${list.migrationDirectories.length} migration(s) from ${ctx.migrationsDir} to ${ctx.conn.description}`);
  const applied = await withEngine(ctx, (session) => apply(ctx, session, list));
  if (applied.length === 0) ctx.log('No pending migrations to apply.');
  return { applied };
}

/** Apply every migration of the folder that the database does not have yet (`prisma migrate deploy`). */
export function deployMigrations(target: MigrationTarget, opts?: MigrateOptions): Promise<{ applied: string[] }> {
  return withContext(target, opts, false, deployWithin);
}

/**
 * `prisma migrate dev --name <name>`: apply pending migrations, then diff the migrations against
 * the schema on a shadow database, write `<timestamp>_<name>/migration.sql` and apply it.
 * created = the new folder's name, or null when the schema has no changes. Refuses (throws) when
 * the database drifted from the migration history, a migration was edited or failed, or the new
 * migration would lose data (unless `acceptDataLoss`).
 */
export function createMigration(target: MigrationTarget, opts: CreateMigrationOptions): Promise<{ created: string | null; applied: string[] }> {
  return withContext(target, opts, true, async (ctx) => {
    const migrationName = slugifyMigrationName(opts.name ?? '');
    if (!migrationName) throw new MigrationEngineError(`Invalid migration name ${JSON.stringify(opts.name)}: use letters and digits.`);
    const schema: SchemasContainer = { files: [{ path: ctx.schemaPath, content: ctx.schemaText }] };

    return withEngine(ctx, async (session) => {
      let list = await readList(ctx);
      ctx.log(`Checking ${ctx.conn.description} against ${list.migrationDirectories.length} migration(s)…`);
      // devDiagnostic checks drift/edited/failed migrations on a shadow database and leaves the
      // engine in the state evaluateDataLoss/createMigration need ("PostgreSQL shadow DB must be
      // provided through an external factory" otherwise).
      const diagnose = async () => {
        const { action } = await session.call('devDiagnostic', (e) => e.devDiagnostic({ migrationsList: list, filters: FILTERS }));
        if (action.tag === 'reset') {
          throw new MigrationEngineError(
            `The database must be reset before a new migration can be created:\n${action.reason.trim()}\n` +
              `Reset it (ALL DATA IS LOST) with the "reset" command, or fix the migration history.`,
          );
        }
      };
      await diagnose();
      const applied = await apply(ctx, session, list);
      // Applying migrations drops that state again (verified with engine 7.10.0-7.561d7b…):
      // diagnose once more on the now up-to-date database.
      if (applied.length > 0) await diagnose();

      const loss = await session.call('evaluateDataLoss', (e) => e.evaluateDataLoss({ migrationsList: list, schema, filters: FILTERS }));
      if (loss.unexecutableSteps.length > 0) {
        throw new MigrationEngineError(`The schema change cannot be applied to this database:\n${loss.unexecutableSteps.map((s) => `  • ${s.message}`).join('\n')}`);
      }
      if (loss.warnings.length > 0) {
        const lines = loss.warnings.map((w) => `  • ${w.message}`).join('\n');
        if (!opts.acceptDataLoss) {
          throw new MigrationEngineError(
            `The new migration would lose data:\n${lines}\nNothing was created. Re-run with acceptDataLoss (CLI: --accept-data-loss) to create and apply it anyway.`,
          );
        }
        ctx.log(`WARNING: the new migration loses data (accepted):\n${lines}`);
      }

      const created = await session.call('createMigration', (e) => e.createMigration({ draft: false, migrationName, migrationsList: list, schema, filters: FILTERS }));
      if (created.migrationScript === null) {
        ctx.log('The schema has no changes: no migration created.');
        return { created: null, applied };
      }
      const file = await writeMigration(ctx.migrationsDir, created.generatedMigrationName, created.extension, created.migrationScript, created.connectorType);
      ctx.log(`Created ${file}`);
      list = await readList(ctx);
      const appliedNow = await apply(ctx, session, list);
      return { created: created.generatedMigrationName, applied: [...applied, ...appliedNow] };
    });
  });
}

interface MigrationRow extends Record<string, unknown> {
  migration_name: string;
  finished: boolean;
  rolled_back: boolean;
}

/**
 * Compare the migrations folder with the database (`prisma migrate status`, plus a drift check
 * on a shadow database when the history itself is in order).
 */
export function migrationStatus(target: MigrationTarget, opts?: MigrateOptions): Promise<{ applied: string[]; pending: string[]; problems: string[] }> {
  return withContext(target, opts, false, async (ctx) => {
    const list = await readMigrationsList(ctx.migrationsDir);
    const problems: string[] = [];
    const provider = lockfileProvider(list.lockfile.content);
    if (list.lockfile.content !== null && provider !== PROVIDER) {
      problems.push(`migration_lock.toml names provider "${provider ?? '?'}", expected "${PROVIDER}".`);
    }
    if (list.migrationDirectories.length > 0 && list.lockfile.content === null) {
      problems.push(`${ctx.migrationsDir}/migration_lock.toml is missing.`);
    }
    for (const d of list.migrationDirectories) {
      if (d.migrationFile.content.tag === 'error') problems.push(`Cannot read ${d.path}/migration.sql: ${d.migrationFile.content.value}`);
    }
    const usable: MigrationList = {
      ...list,
      migrationDirectories: list.migrationDirectories.filter((d) => d.migrationFile.content.tag === 'ok'),
    };

    return withEngine(ctx, async (session) => {
      const diag = await session.call('diagnoseMigrationHistory', (e) =>
        e.diagnoseMigrationHistory({ migrationsList: usable, optInToShadowDatabase: false, filters: FILTERS }),
      );

      let applied: string[] = [];
      if (diag.hasMigrationsTable) {
        const table = `"${ctx.conn.schemaName.replace(/"/g, '""')}"."_prisma_migrations"`;
        const rows = await ctx.conn.query<MigrationRow>(
          `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
             FROM ${table} ORDER BY started_at, migration_name`,
        );
        applied = [...new Set(rows.filter((r) => r.finished && !r.rolled_back).map((r) => r.migration_name))];
      }

      let pending: string[] = [];
      const history = diag.history;
      if (history?.diagnostic === 'databaseIsBehind') {
        pending = history.unappliedMigrationNames;
      } else if (history?.diagnostic === 'migrationsDirectoryIsBehind') {
        for (const name of history.unpersistedMigrationNames) {
          problems.push(`Migration ${name} is applied to the database but missing from the migrations folder.`);
        }
      } else if (history?.diagnostic === 'historiesDiverge') {
        pending = history.unappliedMigrationNames;
        problems.push(
          `The migration history diverges from the database after ${history.lastCommonMigrationName ?? 'the first migration'}: ` +
            `in the database only: ${history.unpersistedMigrationNames.join(', ') || 'none'}; ` +
            `not applied: ${history.unappliedMigrationNames.join(', ') || 'none'}.`,
        );
      }
      for (const name of diag.failedMigrationNames) {
        problems.push(`Migration ${name} failed to apply (recorded as failed in _prisma_migrations); fix the database, then resolve it.`);
      }
      for (const name of diag.editedMigrationNames) {
        problems.push(`Migration ${name} was modified after it was applied (checksum mismatch).`);
      }

      // Drift (changes made to the database outside migrations): only meaningful when the history
      // is otherwise in order. Uses a shadow database.
      if (problems.length === 0 && pending.length === 0 && usable.migrationDirectories.length > 0) {
        const { action } = await session.call('devDiagnostic', (e) => e.devDiagnostic({ migrationsList: usable, filters: FILTERS }));
        if (action.tag === 'reset') problems.push(action.reason.trim());
      }

      ctx.log(`${ctx.conn.description}: ${applied.length} applied, ${pending.length} pending, ${problems.length} problem(s).`);
      return { applied, pending, problems };
    });
  });
}

/** Empty the database (DROP SCHEMA … CASCADE; CREATE SCHEMA …), then deploy every migration. */
export function resetDatabase(target: MigrationTarget, opts?: MigrateOptions): Promise<{ applied: string[] }> {
  return withContext(target, opts, false, async (ctx) => {
    const schema = `"${ctx.conn.schemaName.replace(/"/g, '""')}"`;
    ctx.log(`Resetting ${ctx.conn.description}: DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await ctx.conn.executeScript(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`);
    return deployWithin(ctx);
  });
}

export { migrationNames, readMigrationsList, slugifyMigrationName };

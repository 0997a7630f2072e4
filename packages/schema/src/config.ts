import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository (packages/schema/src → ../../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const schemaPackageRoot = path.join(repoRoot, 'packages/schema');
export const prismaSchemaPath = path.join(schemaPackageRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(schemaPackageRoot, 'prisma/migrations');
export const defaultPgliteDir = path.join(repoRoot, '.data/pglite');

/**
 * Where the data lives. DATABASE_URL decides:
 * - unset or empty           → embedded PGlite in `.data/pglite` under the repository;
 * - `pglite:<dir>`           → embedded PGlite in that folder (relative to the working directory);
 * - `pglite:memory`          → embedded PGlite in memory (tests, throw-away demos);
 * - `postgres(ql)://…`       → a real PostgreSQL server through @prisma/adapter-pg.
 */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export function resolveDatabaseTarget(url: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = url?.trim();
  if (!value) return { kind: 'pglite', dataDir: defaultPgliteDir };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  if (value.startsWith('pglite:')) {
    const rest = value.slice('pglite:'.length);
    if (rest === 'memory' || rest === '') return { kind: 'pglite', dataDir: null };
    return { kind: 'pglite', dataDir: path.resolve(rest) };
  }
  throw new Error('DATABASE_URL must start with postgresql://, postgres:// or pglite:');
}

/** A printable form of the target with any password removed (never log credentials). */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite (${target.dataDir ?? 'in memory'})`;
  const u = new URL(target.url);
  return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
}

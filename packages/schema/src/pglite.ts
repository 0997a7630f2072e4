// Every embedded database is opened with the same extensions, because migrations create them
// (orders_scale_indexes creates pg_trgm); PGlite only offers extensions loaded at start.
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export const pgliteExtensions = { pg_trgm };

/**
 * PGlite and its Prisma adapter, imported on first use: the only way the server (db.ts) and the
 * migration runner (migrate/adapters.ts) reach them, so a process on PostgreSQL never loads the
 * embedded database (idle memory, issue 11).
 */
export async function loadPglite() {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  return { PGlite, PrismaPGlite, extensions: pgliteExtensions };
}

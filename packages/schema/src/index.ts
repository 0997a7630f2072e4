export { openDatabase, type Database, type OpenDatabaseOptions, type Db, type PoolUsage } from './db.ts';
export { resolveDatabaseTarget, describeDatabaseTarget, type DatabaseTarget, repoRoot } from './config.ts';
// The Prisma client, its namespace, enums and model types.
export * from './generated/prisma/client.ts';

// Deploys pending migrations on PostgreSQL in a worker thread for main.ts, then (when asked) loads
// the demo data: the schema engine (WebAssembly, ~80 MiB) and what seeding allocates would
// otherwise stay in the server's memory for its whole life; they go away with the worker.
// Progress lines go to the parent as strings, the seeding result as { seeded }; an error rejects the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@orderly/schema';
import { deployMigrations } from '@orderly/schema/migrate';
import { seedDemoData } from '@orderly/schema/seed';

const { url, seed } = workerData as { url: string; seed: boolean };
await deployMigrations({ kind: 'postgres', url }, { log: (line) => parentPort!.postMessage(line) });
if (seed) {
  const database = await openDatabase({ target: { kind: 'postgres', url }, migrate: false });
  try {
    parentPort!.postMessage({ seeded: await seedDemoData(database.prisma) });
  } finally {
    await database.close();
  }
}

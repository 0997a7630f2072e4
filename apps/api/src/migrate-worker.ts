// Deploys pending migrations on PostgreSQL in a worker thread for main.ts: the schema engine
// (WebAssembly) holds ~80 MiB that the server would otherwise keep for its whole life; it goes
// away with the worker. Progress lines go to the parent; an error rejects the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { deployMigrations } from '@orderly/schema/migrate';

await deployMigrations({ kind: 'postgres', url: (workerData as { url: string }).url }, { log: (line) => parentPort!.postMessage(line) });

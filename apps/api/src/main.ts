// Orderly API process: migrate, load demo data on an empty database, serve.
import path from 'node:path';
import { describeDatabaseTarget, openDatabase, repoRoot } from '@orderly/schema';
import { seedDemoData } from '@orderly/schema/seed';
import { createHttpServer } from './app.ts';

const port = Number(process.env.PORT ?? 4000);
const demoData = (process.env.ORDERLY_DEMO_DATA ?? 'on') !== 'off';

const database = await openDatabase({ migrate: true, log: (line) => console.log(`[migrate] ${line}`) });
console.log(`Database: ${describeDatabaseTarget(database.target)}`);
if (demoData) {
  const seeded = await seedDemoData(database.prisma);
  if (seeded) console.log(`Demo data loaded: ${seeded.products} products, ${seeded.orders} orders`);
}

const { server } = createHttpServer({
  db: database.prisma,
  webDist: process.env.WEB_DIST ?? path.join(repoRoot, 'apps/web/dist'),
  graphiql: process.env.GRAPHIQL !== 'off',
});
server.listen(port, () => {
  console.log(`Orderly is up: http://localhost:${port}/ (GraphQL: http://localhost:${port}/graphql)`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  server.close();
  server.closeAllConnections();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

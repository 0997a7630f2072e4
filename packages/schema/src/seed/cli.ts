// `pnpm db:seed`: load the demo data into the database named by DATABASE_URL (empty databases only).
import { describeDatabaseTarget } from '../config.ts';
import { openDatabase } from '../db.ts';
import { seedDemoData } from './demo.ts';

const database = await openDatabase({ migrate: true });
try {
  const result = await seedDemoData(database.prisma);
  console.log(
    result
      ? `Loaded ${result.products} products and ${result.orders} orders into ${describeDatabaseTarget(database.target)}`
      : `${describeDatabaseTarget(database.target)} already has data; nothing loaded`,
  );
} finally {
  await database.close();
}

// `pnpm pii:retention`: anonymise buyer data past its retention period in the database named by
// DATABASE_URL (the server also does this daily). PII_RETENTION_DAYS sets the period (default 90).
import { describeDatabaseTarget, openDatabase } from '@orderly/schema';
import { anonymizeExpiredPii } from './retention.service.ts';

const database = await openDatabase({ migrate: false });
try {
  const result = await anonymizeExpiredPii(database.prisma);
  console.log(
    `${describeDatabaseTarget(database.target)}: anonymised buyer data of ${result.orders} orders and ${result.customers} customers finished before ${result.cutoff.toISOString()}`,
  );
} finally {
  await database.close();
}

import type { Prisma } from '@orderly/schema';

/** What services write through: an open Prisma transaction (one mutation is one transaction). */
export type Tx = Prisma.TransactionClient;

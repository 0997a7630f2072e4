// The usual world of a GraphQL test: a fresh migrated database on the real PostgreSQL, with an
// ADMIN and an anonymous client, dropped when the enclosing describe (or file) is done.
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from './graphql-client.ts';

export interface TestWorld {
  database: TestDatabase;
  db: Db;
  /** A staff user with the ADMIN role. */
  admin: TestClient;
  /** No credentials. */
  anonymous: TestClient;
}

/** Registers the hooks: beforeAll creates the world and hands it to `ready` (which may seed more), afterAll drops the database. */
export function useTestDatabase(ready: (world: TestWorld) => unknown) {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.prisma;
    await ready({ database, db, admin: createTestClient(db), anonymous: createTestClient(db, { anonymous: true }) });
  });
  afterAll(() => database?.drop());
}

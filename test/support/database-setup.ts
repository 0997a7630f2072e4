import { setupTestDatabaseServer } from '@orderly/schema/testing';

export default async function setup() {
  return setupTestDatabaseServer();
}

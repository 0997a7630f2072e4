// The test helpers never swap the real services for something weaker on their own: PGlite instead
// of PostgreSQL, or skipping the Redis suites, happens only when the environment asks for it.
import { describe, expect, it } from 'vitest';
import { testDatabaseKind, testRedisAvailable, testRedisUrl, testServerUrl } from './testing.ts';

// Nothing listens on port 1 here: a server that is down.
const downPostgres = 'postgresql://postgres@127.0.0.1:1/postgres';
const downRedis = 'redis://127.0.0.1:1';

describe('test services', () => {
  it('uses the real PostgreSQL, and fails loudly when it is down unless ORDERLY_TEST_PGLITE=1 asks for PGlite', async () => {
    expect(await testDatabaseKind(testServerUrl, {})).toBe('postgres');
    await expect(testDatabaseKind(downPostgres, {})).rejects.toThrow(/127\.0\.0\.1:1 is not reachable.*ORDERLY_TEST_PGLITE=1/);
    await expect(testDatabaseKind(downPostgres, { ORDERLY_TEST_PGLITE: '0' })).rejects.toThrow(/not reachable/);
    expect(await testDatabaseKind(downPostgres, { ORDERLY_TEST_PGLITE: '1' })).toBe('pglite');
  });

  it('runs the Redis suites on the real Redis, and fails loudly when it is down unless ORDERLY_TEST_SKIP_REDIS=1 asks to skip', async () => {
    expect(await testRedisAvailable(testRedisUrl, {})).toBe(true);
    await expect(testRedisAvailable(downRedis, {})).rejects.toThrow(/not answering.*ORDERLY_TEST_SKIP_REDIS=1/);
    expect(await testRedisAvailable(downRedis, { ORDERLY_TEST_SKIP_REDIS: '1' })).toBe(false);
  });
});

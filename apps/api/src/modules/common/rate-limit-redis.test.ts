// The rate limit shared by several API processes through the real Redis (TEST_REDIS_URL, default
// redis://127.0.0.1:6379): one budget per caller however many apps serve it, refilled on Redis's
// clock, atomic under concurrency, and open (with one warning) when Redis is away.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testRedisAvailable } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import { RedisRateLimitStore, type RedisRateLimitStoreOptions, takeScript } from './rate-limit-redis.ts';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Parallel runs must not share buckets: a prefix of this run's own (its keys are deleted afterwards).
const prefix = `orderly-test-${process.pid}-${randomBytes(4).toString('hex')}:`;
const query = `{ orders(first: 10) { edges { node { number total { minorUnits } } } } }`; // 2 + 10 × (1 + 1) = 22
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codes = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);
const costOf = (r: { extensions?: Record<string, unknown> }) => r.extensions!.cost as { requested: number; remaining: number; limit: number; resetAt: string };

// Redis not answering fails the file, unless ORDERLY_TEST_SKIP_REDIS=1 asks to skip it.
const redisUp = await testRedisAvailable(redisUrl);

describe.skipIf(!redisUp)('rate limit shared through Redis', () => {
  let database: TestDatabase;
  let admin: Redis;
  const stores: RedisRateLimitStore[] = [];
  const lines: string[] = [];
  const newStore = (rateLimit: RateLimitOptions, options: Partial<RedisRateLimitStoreOptions> = {}) => {
    const store = new RedisRateLimitStore({ redis: redisUrl, prefix, rateLimit, log: (line) => lines.push(line), ...options });
    stores.push(store);
    return store;
  };
  /** A fresh caller key (each test spends from buckets of its own). */
  const caller = () => `user:test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrder(database.prisma);
    admin = new Redis(redisUrl);
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    admin.disconnect();
    await database?.drop();
  });

  it('keeps a bucket per caller under <prefix>ratelimit:<caller>, on Redis time, with a TTL of "until full"', async () => {
    const store = newStore({ capacity: 50, restorePerSecond: 100 });
    const key = caller();
    await store.ready();
    const redisNow = async () => admin.time().then(([seconds, micros]) => Number(seconds) * 1000 + Number(micros) / 1000);
    const before = await redisNow();
    const taken = await store.take(key, 20);
    const after = await redisNow();
    expect(taken).toMatchObject({ allowed: true, remaining: 30, retryAfterMs: 0 });
    expect(taken.unchecked).toBeUndefined();
    // Full again 20 points / 100 per s = 200 ms after the take, by Redis's clock (rounded up to the ms).
    expect(taken.resetAt).toBeGreaterThanOrEqual(Math.floor(before + 200));
    expect(taken.resetAt).toBeLessThanOrEqual(Math.ceil(after + 200));
    expect(await admin.hgetall(`${prefix}ratelimit:${key}`)).toMatchObject({ available: '30' });
    const ttl = await admin.pttl(`${prefix}ratelimit:${key}`);
    expect(ttl).toBeGreaterThan(1_000); // 200 ms to full + 1 s
    expect(ttl).toBeLessThanOrEqual(1_200);
    expect(lines).toEqual([]);
  });

  it('refills by the time elapsed', async () => {
    const store = newStore({ capacity: 50, restorePerSecond: 100 });
    const key = caller();
    expect(await store.take(key, 50)).toMatchObject({ allowed: true, remaining: 0 });
    const refused = await store.take(key, 30);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0); // 30 points at 100 a second: ≤ 300 ms
    expect(refused.retryAfterMs).toBeLessThanOrEqual(300);
    await sleep(refused.retryAfterMs + 20);
    const later = await store.take(key, 30);
    expect(later.allowed).toBe(true);
    expect(later.remaining).toBeLessThan(20); // not a full bucket: what came back in the meantime, minus 30
  });

  it('spends atomically: concurrent requests through two stores never share a point', async () => {
    const options = { capacity: 50, restorePerSecond: 0.001 };
    const [one, two] = [newStore(options), newStore(options)];
    const key = caller();
    const decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).take(key, 5)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect((await one.take(key, 1)).allowed).toBe(false);
  });

  it('sends the script by EVALSHA and again in full when Redis answers NOSCRIPT', async () => {
    const client = new Redis(redisUrl);
    const calls: string[] = [];
    let forget = true;
    const tracked = new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === 'evalsha')
          return (...args: unknown[]) => {
            calls.push('evalsha');
            if (forget) return ((forget = false), Promise.reject(new Error('NOSCRIPT No matching script. Please use EVAL.')));
            return value.apply(target, args);
          };
        if (property === 'eval') return (...args: unknown[]) => (calls.push('eval'), value.apply(target, args));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const store = new RedisRateLimitStore({ redis: tracked, prefix, rateLimit: { capacity: 50, restorePerSecond: 1 }, log: (line) => lines.push(line) });
    await store.ready();
    const key = caller();
    expect(await store.take(key, 10)).toMatchObject({ allowed: true, remaining: 40 });
    expect(await store.take(key, 10)).toMatchObject({ allowed: true, remaining: 40 - 10 });
    expect(calls).toEqual(['evalsha', 'eval', 'evalsha']);
    expect(await client.script('EXISTS', createHash('sha1').update(takeScript).digest('hex'))).toEqual([1]);
    await store.close();
    client.disconnect();
    expect(lines).toEqual([]);
  });

  it('two API apps on one Redis spend one budget: the second sees what the first spent and answers RATE_LIMITED (429, Retry-After)', async () => {
    const options = { capacity: 50, restorePerSecond: 10 };
    // Two processes: two stores, two connections, one prefix.
    const a = createTestClient(database.prisma, { roles: ['PICKER'], app: { rateLimit: newStore(options) } });
    const { token } = await a.ready;
    const b = createTestClient(database.prisma, { anonymous: true, headers: { authorization: `Bearer ${token}` }, app: { rateLimit: newStore(options) } });

    const first = await a(query);
    expect(first.errors).toBeUndefined();
    expect(costOf(first)).toMatchObject({ requested: 22, remaining: 28, limit: 50 });
    const second = await b(query);
    expect(second.errors).toBeUndefined();
    expect(costOf(second).remaining).toBeLessThan(28 - 22 + 5); // 6 (+ what came back meanwhile), not a budget of its own (28)

    const third = await a(query);
    expect(codes(third)).toEqual(['RATE_LIMITED']);
    expect(third.data).toBeUndefined();
    expect(third.errors![0].message).toMatch(/costs 22 points and \d+ are left/);

    const refused = await b.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1); // (22 − ~6) / 10 a second → 2 s
    const body = await refused.json();
    expect(codes(body)).toEqual(['RATE_LIMITED']);
    expect(body.errors[0].extensions.retryAfterSeconds).toBe(Number(refused.headers.get('retry-after')));
  });

  it('two API apps: what one refuses, the other grants once the shared bucket has refilled', async () => {
    // A slow refill (20 points a second) leaves a wide margin between "refilled enough for b" and
    // "refilled enough for a again", so a loaded machine cannot turn the last check around.
    const options = { capacity: 50, restorePerSecond: 20 };
    const [storeA, storeB] = [newStore(options), newStore(options)];
    const a = createTestClient(database.prisma, { roles: ['PICKER'], app: { rateLimit: storeA } });
    const { actor, token } = await a.ready;
    const b = createTestClient(database.prisma, { anonymous: true, headers: { authorization: `Bearer ${token}` }, app: { rateLimit: storeB } });

    // Another process spends the whole budget of this caller (the key is the actor: user:<id>).
    expect(await storeA.take(actor, 50)).toMatchObject({ allowed: true, remaining: 0 });
    const refused = await b.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2'); // 22 points at 20 a second: 1.1 s

    await sleep(1_200);
    const granted = await b(query);
    expect(granted.errors).toBeUndefined();
    expect(costOf(granted).remaining).toBeLessThan(50 - 22);
    expect(codes(await a(query))).toEqual(['RATE_LIMITED']); // and a's app sees what b's spent
  });

  it('lets requests through when Redis is unreachable, warning once (throttled), never naming the caller', async () => {
    const down: string[] = [];
    const store = newStore(
      { capacity: 50, restorePerSecond: 1 },
      {
        redis: 'redis://:s3cret-password@127.0.0.1:1',
        redisOptions: { lazyConnect: true, connectTimeout: 200, retryStrategy: () => 50 },
        log: (line) => down.push(line),
        warnEveryMs: 300,
      },
    );
    const client = createTestClient(database.prisma, { roles: ['PICKER'], app: { rateLimit: store } });
    const { actor, userId, token } = await client.ready;
    const started = Date.now();
    // 4 × 22 points from a budget of 50 refilling at 1 a second: all allowed, none charged.
    for (let i = 0; i < 4; i++) {
      const r = await client(query);
      expect(r.errors).toBeUndefined();
      expect(costOf(r)).toMatchObject({ requested: 22, remaining: 28, limit: 50 });
    }
    expect(Date.now() - started).toBeLessThan(1_000); // no request waited for Redis
    expect(down).toHaveLength(1);
    expect(down[0]).toMatch(/Redis unavailable \(.+\): requests are let through without a rate limit/);

    await sleep(350); // the next warning is due
    expect((await client(query)).errors).toBeUndefined();
    expect(down.length).toBeGreaterThanOrEqual(2);
    expect(down.at(-1)).toMatch(/more failures since the last warning/);

    const everything = down.join('\n');
    for (const secret of [token!, actor, userId!, 's3cret-password']) expect(everything).not.toContain(secret);
    await store.close();
  });

  it('counts again, on the same bucket, once Redis is back', async () => {
    const proxy = await redisProxy();
    const events: string[] = [];
    const store = newStore({ capacity: 50, restorePerSecond: 0.001 }, { redis: proxy.url, redisOptions: { retryStrategy: () => 30 }, log: (line) => events.push(line) });
    expect(await store.ready()).toBe(true);
    const key = caller();
    expect(await store.take(key, 20)).toMatchObject({ allowed: true, remaining: 30 });

    await proxy.down();
    for (let i = 0; i < 3; i++) expect(await store.take(key, 20)).toMatchObject({ allowed: true, unchecked: true });
    expect(events).toHaveLength(1);

    await proxy.up();
    let back = await store.take(key, 20);
    for (let i = 0; back.unchecked && i < 100; i++) {
      await sleep(20);
      back = await store.take(key, 20);
    }
    expect(back).toMatchObject({ allowed: true, remaining: 10 }); // the bucket Redis kept: 30 − 20
    expect(back.unchecked).toBeUndefined();
    expect(events.at(-1)).toMatch(/Redis answers again: rate limit shared again \(\d+ requests went unchecked/);
    await store.close();
    await proxy.down();
  });

  it('does not make every request wait for a Redis that stopped answering', async () => {
    const proxy = await redisProxy();
    const events: string[] = [];
    const store = newStore(
      { capacity: 100, restorePerSecond: 0.001 },
      { redis: proxy.url, commandTimeoutMs: 100, pauseAfterFailureMs: 300, log: (line) => events.push(line) },
    );
    const key = caller();
    expect(await store.take(key, 20)).toMatchObject({ allowed: true, remaining: 80 });

    proxy.stall(true);
    let started = Date.now();
    expect(await store.take(key, 20)).toMatchObject({ allowed: true, unchecked: true }); // after the command timeout
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    started = Date.now();
    for (let i = 0; i < 5; i++) expect(await store.take(key, 20)).toMatchObject({ allowed: true, unchecked: true });
    expect(Date.now() - started).toBeLessThan(90); // paused: none waits for the command timeout
    expect(events).toEqual([expect.stringMatching(/Redis unavailable \(Command timed out\)/)]);

    proxy.stall(false); // the late command reaches Redis now (and is charged there)
    await sleep(350);
    expect(await store.take(key, 20)).toMatchObject({ allowed: true, remaining: 100 - 20 - 20 - 20 });
    expect(events.at(-1)).toMatch(/Redis answers again/);
    await store.close();
    await proxy.down();
  });
});

/** A TCP proxy in front of Redis standing for the network: it can go down (connections cut) or stall (hold commands). */
async function redisProxy() {
  const { hostname, port: redisPort } = new URL(redisUrl);
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const held: (() => void)[] = [];
  const server = net.createServer((inbound) => {
    const outbound = net.connect({ host: hostname, port: Number(redisPort || 6379) });
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    inbound.on('data', (chunk) => (stalled ? held.push(() => outbound.write(chunk)) : outbound.write(chunk)));
    outbound.pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  let port = 0;
  const up = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => ((port = (server.address() as net.AddressInfo).port), resolve())));
  await up();
  return {
    url: `redis://127.0.0.1:${port}`,
    up,
    async down() {
      const closed = new Promise((resolve) => server.close(resolve));
      sockets.forEach((socket) => socket.destroy());
      await closed;
    },
    stall(on: boolean) {
      stalled = on;
      if (!on) held.splice(0).forEach((send) => send());
    },
  };
}

// Hostile requests over real HTTP against the real server on PostgreSQL: thousands of them, generated
// from the schema and a seeded PRNG (the seed is printed; FUZZ_SEED=<seed> replays the same run).
// Whatever a client sends — NUL characters, huge or negative numbers, dates out of range, malformed
// ids, unicode, SQL-ish text, malformed GET parameters, bad cookies and credentials — the answer is
// never a 5xx, never INTERNAL_SERVER_ERROR, never internals (stack, SQL, Prisma); and a request that
// reported an error wrote nothing (each tagged write is looked up in the database afterwards).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createApiKey, demoLogins, loginToken } from '../support/api-auth.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const maxRequests = 3000;
/** The run stops early when this much time has passed (a bound on the suite, not an assertion). */
const maxMilliseconds = 50_000;
const concurrency = 6;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(state: number) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** What a response must never contain: internals of the server, the database or the ORM. */
const leaks = [/INTERNAL_SERVER_ERROR/, /Unexpected error/, /prisma/i, /at async/, /SELECT /, /invalid input syntax/, /node_modules/, /\.[jt]s:\d+:\d+/];

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\\',
  '\\\\',
  '\\u0000',
  '"',
  "'",
  "' OR '1'='1",
  '1; DROP TABLE "Order"; --',
  '%',
  '%_%',
  '_',
  '$1',
  '${x}',
  '\ud800',
  '😀'.repeat(40),
  'Ω≈ç√∫',
  'İı',
  '\u202eevil',
  '\r\n\t',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  '[]',
  '{}',
  'true',
  '#1',
  '#0',
  '#99999999999',
  '٣٤',
  'ä'.repeat(600),
  'x'.repeat(20_000),
  'ork_' + 'a'.repeat(40),
  'sha256:zz',
  'Москва',
  '上海市浦东新区',
  'admin@orderly.local',
  'RUB',
  'RU',
  'A-01-1',
];
const hostileInts = [0, 1, -1, 2, 3, 7, 100, 999_999, 1_000_000, 1_000_001, 2_147_483_647, -2_147_483_648, 2_147_483_648, 1e15, -1e15, 1.5, '12', true];
const hostileDates = [
  '2026-12-01T00:00:00.000Z',
  '2026-12-24',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '2101-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-13-45',
  'soon',
  '',
  12345,
  '2100-12-31T23:59:59.999Z',
  '2000-01-01T00:00:00.000Z',
];

interface Pools {
  /** Global ids of existing objects by type: Order, OrderLine, Product, Parcel, PickList, PickTask, Manifest. */
  ids: Record<string, string[]>;
  skus: string[];
  parcelCodes: string[];
  warehouses: string[];
  locations: string[];
  carriers: string[];
}

function hostileString(): string {
  const parts = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(hostileStrings));
  return parts.join('');
}

function hostileId(pools: Pools): string {
  return pick([
    () => pick(Object.values(pools.ids).flat()),
    () => gid('Order', randomUUID()), // well-formed, no such object
    () => gid(pick(['Product', 'Parcel', 'User', 'ApiKey', 'WebhookSubscription', 'Manifest', 'PickList']), randomUUID()),
    () => gid('Order', 'not-a-uuid'),
    () => gid('Nope', randomUUID()),
    () => `${gid('Order', randomUUID())}:extra`,
    () => Buffer.from(`Order:${randomUUID()}:x`).toString('base64'),
    () => randomUUID(),
    () => 'not base64 !!',
    () => '',
    () => hostileString(),
  ])();
}

/** The type an id argument names: "orderId" → Order, "lineId" → OrderLine, plain "id"/"ids" → Order. */
const idType = (name: string) => {
  const stem = name.replace(/(Id|Ids|id|ids)$/, '');
  if (!stem) return 'Order';
  return stem === 'line' ? 'OrderLine' : stem === 'task' ? 'PickTask' : stem[0].toUpperCase() + stem.slice(1);
};

/** A valid-looking value for a leaf, by its name and type, so requests also get past the first checks. */
function plausible(name: string, typeName: string, pools: Pools): unknown {
  switch (name) {
    case 'sku':
    case 'code':
    case 'barcode':
      return pick(pools.skus);
    case 'parcelCode':
      return pick(pools.parcelCodes);
    case 'warehouseCode':
      return pick(pools.warehouses);
    case 'locationCode':
      return pick(pools.locations);
    case 'carrierCode':
      return pick(pools.carriers);
    case 'currency':
      return 'RUB';
    case 'countryCode':
      return 'RU';
    case 'postalCode':
      return '101000';
    case 'channel':
      return pick(['manual', 'ozon']);
    case 'email':
      return `fuzz-${Math.floor(random() * 1e6)}@orderly.test`;
    case 'quantity':
    case 'delta':
      return 1 + Math.floor(random() * 5);
  }
  switch (typeName) {
    case 'Int':
      return 1 + Math.floor(random() * 5);
    case 'ID':
      return pick(pools.ids[idType(name)] ?? pools.ids.Order);
    case 'Boolean':
      return chance(0.5);
    case 'DateTime':
      return pick(['2026-12-01T00:00:00.000Z', '2027-01-15T09:30:00+03:00']);
    default:
      return `fuzz ${name}`;
  }
}

/** A value for an argument: plausible, with each leaf hostile with probability `hostility`. */
function valueFor(type: GraphQLInputType, name: string, pools: Pools, hostility: number, depth = 0): unknown {
  if (isNonNullType(type)) return chance(hostility / 10) ? null : valueFor(type.ofType, name, pools, hostility, depth);
  if (chance(0.25)) return null;
  if (isListType(type)) {
    const length = chance(hostility / 5) ? 150 : 1 + Math.floor(random() * 3);
    return Array.from({ length }, () => valueFor(type.ofType, name, pools, hostility, depth + 1));
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return null;
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, valueFor(f.type, f.name, pools, hostility, depth + 1)]));
  }
  if (isEnumType(type)) return chance(hostility / 3) ? hostileString() : pick(type.getValues()).name;
  if (!chance(hostility)) return plausible(name, getNamedType(type).name, pools);
  switch (getNamedType(type).name) {
    case 'Int':
      return pick(hostileInts);
    case 'ID':
      return hostileId(pools);
    case 'Boolean':
      return pick([true, false, 'yes', 0]);
    case 'DateTime':
      return pick(hostileDates);
    case 'JSON':
      return pick([{ a: hostileString() }, [hostileString()], 1, 'x']);
    default:
      return hostileString();
  }
}

/** The value as a GraphQL literal (enums bare when they look like enum values). */
function literal(value: unknown, type: GraphQLInputType): string {
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, isListType(nullable) ? nullable.ofType : nullable)).join(', ')}]`;
  if (typeof value === 'object' && isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${fields[k] ? literal(v, fields[k].type) : JSON.stringify(v)}`)
      .join(', ')}}`;
  }
  if (isEnumType(nullable) && typeof value === 'string' && /^[A-Za-z_]\w*$/.test(value)) return value;
  return JSON.stringify(value);
}

/** A selection of the result's scalar fields (and a level or two of objects), skipping rendered documents. */
function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields()).filter((f) => !f.args.length && getNamedType(f.type).name !== 'Document');
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
  const objects =
    depth < 3
      ? fields
          .filter((f) => !isLeafType(getNamedType(f.type)))
          .slice(0, 4)
          .map((f) => `${f.name} ${selection(f.type, depth + 1)}`)
      : [];
  return `{ __typename ${[...leaves, ...objects].join(' ')} }`;
}

interface Caller {
  name: string;
  headers: Record<string, string>;
}

interface Outcome {
  status: number;
  text: string;
  json: any;
}

/** A write whose rows can be found afterwards by the tag it carries. */
interface TaggedWrite {
  tag: string;
  kind: 'order' | 'receipt' | 'adjustment' | 'hold';
  /** The request reported an error (a GraphQL error or userErrors) for this tag. */
  failed: (outcome: Outcome) => boolean;
}

interface Request {
  label: string;
  send: () => Promise<Outcome>;
  writes?: TaggedWrite[];
}

describe(`fuzz: hostile requests over HTTP (seed ${seed})`, () => {
  let database: TestDatabase;
  let server: RunningServer;
  let callers: Caller[];
  let pools: Pools;
  const schema = buildSchema(fs.readFileSync(path.join(repoRoot, 'packages/schema/schema.graphql'), 'utf8'));

  beforeAll(async () => {
    console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed})`);
    database = await createTestDatabase();
    server = await startServer(database.url, {
      // Every signed-in role may send text here, so the fuzzer reaches every resolver as every role.
      TRUSTED_DOCUMENTS: 'off',
      RATE_LIMIT_CAPACITY: '100000000',
      RATE_LIMIT_RESTORE_PER_SECOND: '100000000',
      WEBHOOK_DISPATCHER: 'off',
      PII_RETENTION_JOB: 'off',
    });
    const sessions = Object.fromEntries(await Promise.all(Object.entries(demoLogins).map(async ([role, login]) => [role, await loginToken(server.url, login)])));
    const keys = await Promise.all(
      [
        ['write_orders'],
        ['read_orders'],
        ['write_inventory', 'read_products'],
        ['write_orders', 'write_inventory', 'write_shipments', 'write_products', 'write_customers', 'write_webhooks'],
      ].map((s) => createApiKey(server.url, s, 'fuzz')),
    );
    callers = [
      { name: 'anonymous', headers: {} },
      ...Object.entries(sessions).map(([role, token]) => ({ name: role, headers: { authorization: `Bearer ${token}` } })),
      { name: 'admin cookie', headers: { cookie: `orderly_session=${sessions.admin}` } },
      ...keys.map((key, i) => ({ name: `api key ${i}`, headers: { authorization: `Bearer ${key}` } })),
      { name: 'bad bearer', headers: { authorization: 'Bearer ork_' + 'z'.repeat(40) } },
      { name: 'basic auth', headers: { authorization: 'Basic Zm9vOmJhcg==' } },
      { name: 'undecodable cookie', headers: { cookie: 'orderly_session=%E0%A4%A' } },
      { name: 'percent cookie', headers: { cookie: 'orderly_session=%' } },
      { name: 'double cookie', headers: { cookie: `orderly_session=x; orderly_session=${sessions.manager}` } },
    ];

    const db = database.prisma;
    const orders = await db.order.findMany({ orderBy: { number: 'asc' }, include: { lines: { orderBy: { position: 'asc' } } } });
    const products = await db.product.findMany({ orderBy: { sku: 'asc' } });
    const parcels = await db.parcel.findMany({ orderBy: { code: 'asc' } });
    const ids = async (type: string, rows: Promise<{ id: string }[]>) => [type, (await rows).map((r) => gid(type, r.id))] as const;
    pools = {
      ids: Object.fromEntries(
        [
          ['Order', orders.map((o) => gid('Order', o.id))],
          ['OrderLine', orders.flatMap((o) => o.lines.map((l) => gid('OrderLine', l.id)))],
          ['Product', products.map((p) => gid('Product', p.id))],
          ['Parcel', parcels.map((p) => gid('Parcel', p.id))],
          await ids('PickList', db.pickList.findMany({ orderBy: { number: 'asc' } })),
          await ids('PickTask', db.pickTask.findMany({ orderBy: { id: 'asc' } })),
          await ids('Manifest', db.manifest.findMany({ orderBy: { number: 'asc' } })),
        ].filter(([, list]) => list.length > 0),
      ),
      skus: products.map((p) => p.sku),
      parcelCodes: parcels.map((p) => p.code),
      warehouses: (await db.warehouse.findMany({ orderBy: { code: 'asc' } })).map((w) => w.code),
      locations: (await db.location.findMany({ orderBy: { code: 'asc' } })).map((l) => l.code),
      carriers: (await db.carrier.findMany({ orderBy: { code: 'asc' } })).map((c) => c.code),
    };
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  async function send(input: string, init: RequestInit): Promise<Outcome> {
    const response = await fetch(`${server.url}${input}`, init);
    const text = await response.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: checked as text
    }
    return { status: response.status, text, json };
  }

  const post = (caller: Caller, body: unknown, headers: Record<string, string> = {}) =>
    send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...caller.headers, ...headers },
      body: JSON.stringify(body),
    });

  /** Any root field, its arguments generated from their types, as variables or as literals. */
  function schemaRequest(): Request {
    const root = chance(0.45) ? 'Query' : 'Mutation';
    const fields = Object.values((root === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()).filter(
      // logout would end the session the next requests use; uploads are multipart; login is below.
      (f) => !['logout', 'uploadParcelPhoto', 'login'].includes(f.name),
    ) as GraphQLField<unknown, unknown>[];
    const field = pick(fields);
    const caller = pick(callers);
    const asVariables = chance(0.75);
    const hostility = pick([0, 0.05, 0.15, 0.4]);
    const variables: Record<string, unknown> = {};
    const args = field.args.map((arg) => {
      const value = ['first', 'last'].includes(arg.name) ? pick([1, 5, 20, 0, -1, 101, 2_147_483_647, null]) : valueFor(arg.type, arg.name, pools, hostility);
      if (asVariables) variables[arg.name] = value;
      return { arg, value };
    });
    const definitions = asVariables && args.length ? `(${args.map(({ arg }) => `$${arg.name}: ${arg.type}`).join(', ')})` : '';
    const argumentList = args.length ? `(${args.map(({ arg, value }) => `${arg.name}: ${asVariables ? `$${arg.name}` : literal(value, arg.type)}`).join(', ')})` : '';
    const query = `${root === 'Query' ? 'query' : 'mutation'} Fuzz${definitions} { ${field.name}${argumentList} ${selection(field.type, 0)} }`;
    return { label: `${caller.name}: ${root}.${field.name}`, send: () => post(caller, { query, variables }) };
  }

  let sequence = 0;
  const newTag = () => `fz${seed.toString(36)}x${(sequence++).toString(36)}`;
  const hasErrors = (o: Outcome) => !o.json || Boolean(o.json.errors?.length);
  const writers = () => callers.filter((c) => ['admin', 'manager', 'support', 'admin cookie', 'api key 0', 'api key 3', 'picker', 'anonymous'].includes(c.name));

  /** Writes tagged so the database can say afterwards whether they happened. */
  function taggedRequest(): Request {
    const caller = pick(writers());
    const hostility = pick([0, 0.05, 0.1, 0.3]);
    /** The valid value, or (with probability `hostility`) a hostile one. */
    const or = <T>(valid: T, hostile: () => unknown) => (chance(hostility) ? hostile() : valid);
    const order = (tag: string) => ({
      channel: or(pick(['manual', 'ozon']), hostileString),
      externalId: tag,
      currency: or('RUB', hostileString),
      shipBy: or(null, () => pick(hostileDates)),
      placedAt: or(null, () => pick(hostileDates)),
      shippingAmount: or(pick([null, 0, 350_00]), () => pick(hostileInts)),
      discountAmount: or(null, () => pick(hostileInts)),
      shippingAddress: {
        name: or('Анна Смирнова', hostileString),
        address1: or('ул. Тверская, д. 1', hostileString),
        city: or('Москва', hostileString),
        postalCode: or('101000', hostileString),
        countryCode: or('RU', hostileString),
        phone: or(null, hostileString),
      },
      buyer: or(null, () => ({ name: hostileString(), email: hostileString(), externalId: chance(0.5) ? null : hostileString() })),
      lines: [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(pools.skus)))].map((sku) => ({
        sku: or(sku, hostileString),
        quantity: or(1 + Math.floor(random() * 3), () => pick(hostileInts)),
        unitPrice: or(null, () => pick(hostileInts)),
      })),
    });
    const key = or(null, () => (chance(0.5) ? hostileString() : `key-${newTag()}`));
    switch (pick(['createOrder', 'importOrders', 'receiveStock', 'adjustStock', 'placeHold'])) {
      case 'createOrder': {
        const tag = newTag();
        const query =
          'mutation($input: CreateOrderInput!, $key: String) { createOrder(input: $input, idempotencyKey: $key) { order { id shipBy total { minorUnits } } userErrors { code field message } } }';
        return {
          label: `${caller.name}: createOrder ${tag}`,
          send: () => post(caller, { query, variables: { input: order(tag), key } }),
          writes: [{ tag, kind: 'order', failed: (o) => hasErrors(o) || !o.json.data?.createOrder || o.json.data.createOrder.userErrors.length > 0 }],
        };
      }
      case 'importOrders': {
        const tags = Array.from({ length: 1 + Math.floor(random() * 3) }, newTag);
        const query =
          'mutation($orders: [CreateOrderInput!]!, $key: String) { importOrders(orders: $orders, idempotencyKey: $key) { results { index order { id } userErrors { code field } } } }';
        return {
          label: `${caller.name}: importOrders ${tags.join(',')}`,
          send: () => post(caller, { query, variables: { orders: tags.map(order), key } }),
          writes: tags.map((tag, i) => ({
            tag,
            kind: 'order' as const,
            failed: (o: Outcome) => hasErrors(o) || !o.json.data?.importOrders || o.json.data.importOrders.results[i].userErrors.length > 0,
          })),
        };
      }
      case 'receiveStock':
      case 'adjustStock': {
        const tag = newTag();
        const receive = chance(0.5);
        const target = {
          code: or(pick(pools.skus), hostileString),
          warehouseCode: or(null, () => pick([...pools.warehouses, hostileString()])),
          locationCode: or(pick([null, ...pools.locations]), hostileString),
        };
        const input = receive
          ? { ...target, quantity: or(1 + Math.floor(random() * 10), () => pick(hostileInts)), reference: tag, note: or(null, hostileString) }
          : { ...target, delta: or(1 + Math.floor(random() * 10), () => pick(hostileInts)), reason: `${tag} ${or('count', hostileString)}` };
        const mutation = receive ? 'receiveStock' : 'adjustStock';
        const query = `mutation($input: ${receive ? 'ReceiveStockInput' : 'AdjustStockInput'}!, $key: String) { ${mutation}(input: $input, idempotencyKey: $key) { inventoryLevel { onHand available } userErrors { code field message } } }`;
        return {
          label: `${caller.name}: ${mutation} ${tag}`,
          send: () => post(caller, { query, variables: { input, key } }),
          writes: [
            { tag, kind: receive ? 'receipt' : 'adjustment', failed: (o) => hasErrors(o) || !o.json.data?.[mutation] || o.json.data[mutation].userErrors.length > 0 },
          ],
        };
      }
      default: {
        const tag = newTag();
        const query =
          'mutation($id: ID!, $reason: HoldReason!, $note: String, $v: Int) { placeHold(id: $id, reason: $reason, note: $note, expectedVersion: $v) { order { id status } userErrors { code field message } } }';
        const variables = {
          id: or(pick(pools.ids.Order), () => hostileId(pools)),
          reason: or(pick(['AWAITING_BUYER', 'OTHER']), () => 'BOGUS'),
          note: `${tag} ${or('call the buyer', hostileString)}`,
          v: or(null, () => pick(hostileInts)),
        };
        return {
          label: `${caller.name}: placeHold ${tag}`,
          send: () => post(caller, { query, variables }),
          writes: [{ tag, kind: 'hold', failed: (o) => hasErrors(o) || !o.json.data?.placeHold || o.json.data.placeHold.userErrors.length > 0 }],
        };
      }
    }
  }

  /** Malformed HTTP: GET parameters, bodies, content types, nesting, methods, logins. */
  function httpRequest(): Request {
    const caller = pick(callers);
    const get = (params: Record<string, string>) => () => send(`/graphql?${new URLSearchParams(params)}`, { headers: { accept: 'application/json', ...caller.headers } });
    const raw =
      (body: string, contentType = 'application/json', extra: Record<string, string> = {}) =>
      () =>
        send('/graphql', { method: 'POST', headers: { 'content-type': contentType, accept: 'application/json', ...caller.headers, ...extra }, body });
    const nested = (depth: number) => `{ orders(first: 1, search: ${'['.repeat(depth)}"x"${']'.repeat(depth)}) { totalCount } }`;
    const cases: [string, () => Promise<Outcome>][] = [
      [
        'GET bad variables',
        get({ query: 'query($s: String) { orders(first: 1, search: $s) { totalCount } }', variables: pick(['{', '{"s":', 'nope', '[1', '{"s": "\\u0000"}']) }),
      ],
      [
        'GET bad extensions',
        get({ query: '{ me { __typename } }', extensions: pick(['{', 'null', '{"persistedQuery":', '"x"', '{"persistedQuery": {"sha256Hash": 5}}']) }),
      ],
      ['GET no query', get({ variables: '{}' })],
      ['GET mutation', get({ query: 'mutation { logout { __typename } }' })],
      ['GET unknown document', get({ documentId: pick(['sha256:' + 'f'.repeat(64), 'nope', '']) })],
      ['GET deep nesting', get({ query: nested(pick([200, 2_000, 5_000])) })],
      ['POST deep nesting', raw(JSON.stringify({ query: nested(pick([200, 2_000, 5_000])) }))],
      [
        'POST deep variables',
        raw(`{"query":"query($s: String) { orders(first: 1, search: $s) { totalCount } }","variables":{"s":${'['.repeat(3_000)}${']'.repeat(3_000)}}}`),
      ],
      ['POST invalid JSON', raw(pick(['{"query": ', '', '{', 'nul\u0000', '{"query": "{ me { __typename } }"']))],
      [
        'POST odd JSON',
        raw(
          pick([
            '[]',
            'null',
            '123',
            '"x"',
            '{"query": 5}',
            '{"query": "{ me { __typename } }", "variables": "x"}',
            '{"query": "{ me { __typename } }", "variables": [1]}',
            '{"query": "{ me { __typename } }", "operationName": 5}',
            '{"query": "{ me { __typename } }", "extensions": "x"}',
            '{"documentId": 7}',
          ]),
        ),
      ],
      [
        'POST form (cross-site)',
        raw(`query=${encodeURIComponent('mutation { createApiKey(name: "csrf", scopes: [write_orders]) { key } }')}`, 'application/x-www-form-urlencoded', {
          origin: 'https://evil.example',
        }),
      ],
      ['POST text/plain', raw(JSON.stringify({ query: '{ me { __typename } }' }), 'text/plain', { origin: 'https://evil.example' })],
      ['POST multipart garbage', raw('--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{bad\r\n--x--', 'multipart/form-data; boundary=x')],
      ['POST raw NUL in query', raw(JSON.stringify({ query: '{ productByCode(code: "a\u0000") { sku } }' }))],
      ['POST huge document', raw(JSON.stringify({ query: `{ ${Array.from({ length: 3_000 }, (_, i) => `a${i}: me { __typename }`).join(' ')} }` }))],
      ['PUT', () => send('/graphql', { method: 'PUT', headers: caller.headers, body: '{}' })],
      [
        'login',
        () =>
          post(caller, {
            query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { userErrors { code } } }',
            variables: { e: chance(0.5) ? hostileString() : `nobody-${Math.floor(random() * 1e6)}@orderly.test`, p: hostileString() },
          }),
      ],
    ];
    const [label, run] = pick(cases);
    return { label: `${caller.name}: ${label}`, send: run };
  }

  /** The outside test's findings (issue 9), sent in every run whatever the seed. */
  function knownCases(): Request[] {
    const admin = callers.find((c) => c.name === 'admin')!;
    const tag = newTag();
    const order = {
      channel: 'manual',
      externalId: tag,
      currency: 'RUB',
      shipBy: '+275760-09-13T00:00:00.000Z',
      shippingAddress: { name: 'Анна', address1: 'ул. Тверская, 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
      lines: [{ sku: pools.skus[0], quantity: 1 }],
    };
    const query =
      (q: string, variables: Record<string, unknown> = {}) =>
      () =>
        post(admin, { query: q, variables });
    const raw =
      (init: RequestInit, params = '') =>
      () =>
        send(`/graphql${params}`, init);
    const nested = `{ orders(first: 1, search: ${'['.repeat(2_000)}"x"${']'.repeat(2_000)}) { totalCount } }`;
    return [
      {
        label: 'createOrder with shipBy +275760',
        send: query('mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id shipBy } userErrors { code } } }', { input: order }),
        writes: [{ tag, kind: 'order', failed: (o) => hasErrors(o) || !o.json.data?.createOrder || o.json.data.createOrder.userErrors.length > 0 }],
      },
      { label: 'orders page with shipBy', send: query('{ orders(first: 100) { edges { node { shipBy placedAt } } } }') },
      {
        label: 'receiveStock past 2^31−1',
        send: query(`mutation { receiveStock(input: { code: ${JSON.stringify(pools.skus[0])}, quantity: 2147483647 }) { userErrors { code } } }`),
      },
      {
        label: 'adjustStock by −2^31',
        send: query(
          `mutation { adjustStock(input: { code: ${JSON.stringify(pools.skus[0])}, delta: -2147483648, reason: "count", locationCode: "${pools.locations[0]}" }) { userErrors { code } } }`,
        ),
      },
      {
        label: 'quantity × price overflow',
        send: query('mutation($input: CreateOrderInput!) { createOrder(input: $input) { userErrors { code } } }', {
          input: { ...order, externalId: null, shipBy: null, lines: [{ sku: pools.skus[0], quantity: 1_000_000, unitPrice: 2_147_483_647 }] },
        }),
      },
      { label: 'NUL in productByCode', send: query('{ productByCode(code: "a\\u0000") { sku } }') },
      {
        label: 'NUL in login e-mail',
        send: query('mutation($e: String!) { login(email: $e, password: "x") { userErrors { code } } }', { e: 'admin@orderly.local\u0000' }),
      },
      { label: 'orders(search: "\\")', send: query('{ orders(first: 5, search: "\\\\") { totalCount } }') },
      { label: 'shipByBefore −271821', send: query('{ orders(first: 5, shipByBefore: "-271821-04-20T00:00:00.000Z") { totalCount } }') },
      { label: 'pickerProgress since −271821', send: query('{ pickerProgress(since: "-271821-04-20T00:00:00.000Z") { unitsPicked } }') },
      {
        label: 'createManifest pickupFrom −271821',
        send: query(`mutation { createManifest(carrierCode: "${pools.carriers[0]}", pickupFrom: "-271821-04-20T00:00:00.000Z") { userErrors { code } } }`),
      },
      {
        label: 'node of nothing',
        send: query('query($id: ID!, $ids: [ID!]!) { node(id: $id) { id } nodes(ids: $ids) { id } }', {
          id: gid('Order', randomUUID()),
          ids: [gid('Product', randomUUID())],
        }),
      },
      {
        label: 'undecodable session cookie',
        send: raw({
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: 'orderly_session=%E0%A4%A' },
          body: JSON.stringify({ query: 'mutation { logout { loggedOut } }' }),
        }),
      },
      {
        label: 'GET malformed variables',
        send: raw({ headers: { accept: 'application/json' } }, `?${new URLSearchParams({ query: '{ me { __typename } }', variables: '{' })}`),
      },
      {
        label: 'GET malformed extensions',
        send: raw({ headers: { accept: 'application/json' } }, `?${new URLSearchParams({ query: '{ me { __typename } }', extensions: '{' })}`),
      },
      { label: 'literal nested 2,000 deep', send: raw({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: nested }) }) },
      {
        label: 'cross-site form POST with the admin cookie',
        send: raw({
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'https://evil.example',
            cookie: callers.find((c) => c.name === 'admin cookie')!.headers.cookie,
          },
          body: `query=${encodeURIComponent('mutation { createApiKey(name: "csrf", scopes: [write_orders]) { key } }')}`,
        }),
      },
    ];
  }

  it('answers every hostile request without a 5xx, an internal error or internals, and writes nothing for failed requests', async () => {
    const requests = [
      ...knownCases(),
      ...Array.from({ length: maxRequests }, () => {
        const roll = random();
        return roll < 0.55 ? schemaRequest() : roll < 0.85 ? taggedRequest() : httpRequest();
      }),
    ];
    const failures: string[] = [];
    const writes: { write: TaggedWrite; outcome: Outcome; label: string }[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    let next = 0;
    let sent = 0;
    const worker = async () => {
      while (next < requests.length && Date.now() - started < maxMilliseconds) {
        const index = next++;
        const request = requests[index];
        let outcome: Outcome;
        try {
          outcome = await request.send();
        } catch (error) {
          failures.push(`#${index} ${request.label}: no answer (${(error as Error).message})`);
          continue;
        }
        sent++;
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        if (outcome.status >= 500) failures.push(`#${index} ${request.label}: HTTP ${outcome.status} ${outcome.text.slice(0, 200)}`);
        const leak = leaks.find((pattern) => pattern.test(outcome.text));
        if (leak) failures.push(`#${index} ${request.label}: ${leak} in ${outcome.text.slice(0, 300)}`);
        for (const write of request.writes ?? []) writes.push({ write, outcome, label: `#${index} ${request.label}` });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    const db = database.prisma;
    let failedWrites = 0;
    for (const { write, outcome, label } of writes) {
      const rows =
        write.kind === 'order'
          ? await db.order.count({ where: { externalId: write.tag } })
          : write.kind === 'receipt'
            ? await db.stockMovement.count({ where: { reference: write.tag } })
            : write.kind === 'adjustment'
              ? await db.stockMovement.count({ where: { reason: { startsWith: `${write.tag} ` } } })
              : await db.orderEvent.count({ where: { type: 'HOLD_PLACED', data: { path: ['note'], string_starts_with: `${write.tag} ` } } });
      if (write.failed(outcome)) {
        failedWrites++;
        if (rows > 0) failures.push(`${label}: reported an error but wrote ${rows} row(s) tagged ${write.tag}: ${outcome.text.slice(0, 300)}`);
      } else if (rows === 0) {
        failures.push(`${label}: reported success but wrote nothing tagged ${write.tag}: ${outcome.text.slice(0, 300)}`);
      }
    }

    console.log(
      `fuzz seed ${seed}: ${sent} requests in ${Date.now() - started} ms; HTTP ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `${writes.length} tagged writes (${failedWrites} refused); ${failures.length} failures`,
    );
    expect(sent).toBeGreaterThan(0);
    expect(failures.slice(0, 25), `seed ${seed}; ${failures.length} failures`).toEqual([]);
  });
});

// Malformed arguments (NUL characters, dates out of range) are refused before anything runs, with
// BAD_USER_INPUT and the field at fault — never an internal error, never a half-written row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createOrder, createProduct, createWarehouse } from '../../testing/fixtures.ts';

const CREATE = `mutation($input: CreateOrderInput!, $key: String) {
  createOrder(input: $input, idempotencyKey: $key) { order { id shipBy } userErrors { code field message } }
}`;
const address = { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' };

describe('input guard', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  let sku: string;
  const orderInput = (overrides: Record<string, unknown> = {}) => ({
    channel: 'manual',
    currency: 'RUB',
    shippingAddress: address,
    lines: [{ sku, quantity: 1 }],
    ...overrides,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    await createWarehouse(database.prisma);
    sku = (await createProduct(database.prisma)).sku;
  });
  afterAll(() => database.drop());

  const badInput = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.map((e) => e.extensions);

  it('refuses a NUL character in any string (or key) of the variables, naming its path, and writes nothing', async () => {
    const before = await database.prisma.order.count();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ input: orderInput({ shippingAddress: { ...address, address1: 'ул. Тверская\u0000' } }) }, ['$input', 'shippingAddress', 'address1']],
      [{ input: orderInput({ externalId: 'ext\u0000' }) }, ['$input', 'externalId']],
      [{ input: orderInput({ lines: [{ sku: `${sku}\u0000`, quantity: 1 }] }) }, ['$input', 'lines', '0', 'sku']],
      [{ input: orderInput(), key: 'key-with-nul-\u0000' }, ['$key']],
      [{ input: { ...orderInput(), 'note\u0000': 'x' } }, ['$input', 'note\u0000']],
    ];
    for (const [variables, field] of cases) {
      const response = await gql(CREATE, variables);
      expect(response.data).toBeUndefined();
      expect(badInput(response)).toEqual([{ code: 'BAD_USER_INPUT', field }]);
    }
    expect(await database.prisma.order.count()).toBe(before);
  });

  it('refuses a NUL character in queries, logins and notes, as variables or literals', async () => {
    const order = await createOrder(database.prisma);
    const anonymous = createTestClient(database.prisma, { anonymous: true });
    const login = await anonymous(`mutation($email: String!) { login(email: $email, password: "x") { userErrors { code } } }`, { email: 'admin@orderly.local\u0000' });
    expect(badInput(login)).toEqual([{ code: 'BAD_USER_INPUT', field: ['$email'] }]);

    const search = await gql(`query($s: String) { orders(first: 5, search: $s) { totalCount } }`, { s: 'Анна\u0000' });
    expect(badInput(search)).toEqual([{ code: 'BAD_USER_INPUT', field: ['$s'] }]);
    const scanned = await gql(`{ scan: productByCode(code: "BC-\\u0000") { sku } }`);
    expect(badInput(scanned)).toEqual([{ code: 'BAD_USER_INPUT', field: ['scan', 'code'] }]);
    const nested = await gql(
      `mutation { createOrder(input: { channel: "manual", currency: "RUB", shippingAddress: { name: "A\\u0000" }, lines: [] }) { userErrors { code } } }`,
    );
    expect(badInput(nested)).toEqual([{ code: 'BAD_USER_INPUT', field: ['createOrder', 'input', 'shippingAddress', 'name'] }]);

    const hold = `mutation($id: ID!, $note: String) { placeHold(id: $id, reason: OTHER, note: $note) { userErrors { code } } }`;
    const orderId = Buffer.from(`Order:${order.id}`).toString('base64');
    expect(badInput(await gql(hold, { id: orderId, note: 'позвонить\u0000' }))).toEqual([{ code: 'BAD_USER_INPUT', field: ['$note'] }]);
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('NEW');
  });

  it('refuses dates outside 2000–2100 before writing: the order of the outside test is not saved', async () => {
    const before = await database.prisma.order.count();
    for (const shipBy of ['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '2101-01-01T00:00:00.000Z']) {
      const response = await gql(CREATE, { input: orderInput({ shipBy, externalId: `late-${shipBy}` }) });
      expect(response.data).toBeUndefined();
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('at "input.shipBy"; DateTime must be between 2000-01-01 and 2100-12-31'),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
    }
    expect(await database.prisma.order.count()).toBe(before);
    const inRange = await gql(CREATE, { input: orderInput({ shipBy: '2100-12-31T00:00:00.000Z' }) });
    expect(inRange.data.createOrder).toMatchObject({ order: { shipBy: '2100-12-31T00:00:00.000Z' }, userErrors: [] });
  });

  it('refuses out-of-range dates in read filters and manifests with BAD_USER_INPUT and the field', async () => {
    const literal = await gql(`{ orders(first: 5, shipByBefore: "-271821-04-20T00:00:00.000Z") { totalCount } }`);
    expect(badInput(literal)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['orders', 'shipByBefore'] })]);
    const variable = await gql(`query($since: DateTime) { pickerProgress(since: $since) { unitsPicked } }`, { since: '+275760-09-13T00:00:00.000Z' });
    expect(variable.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Variable "\$since" got invalid value .*DateTime must be between/),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    const manifest = await gql(`mutation { createManifest(carrierCode: "cdek", pickupFrom: "0001-01-01T00:00:00Z") { userErrors { code } } }`);
    expect(badInput(manifest)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['createManifest', 'pickupFrom'] })]);
    const notADate = await gql(`{ orders(first: 5, shipByBefore: "soon") { totalCount } }`);
    expect(badInput(notADate)).toEqual([{ code: 'BAD_USER_INPUT', field: ['orders', 'shipByBefore'] }]);
  });

  it('serializes a stored date the driver cannot read instead of failing every page holding it', async () => {
    // A row written before dates were range-checked (the outside test's order).
    const order = await createOrder(database.prisma);
    await database.prisma.$executeRaw`UPDATE "Order" SET "shipBy" = '275760-09-13 00:00:00+00' WHERE id = ${order.id}::uuid`;
    const page = await gql(`{ orders(first: 100) { edges { node { id shipBy } } } }`);
    expect(page.errors).toBeUndefined();
    const shown = page.data.orders.edges.find((e: { node: { id: string } }) => e.node.id === Buffer.from(`Order:${order.id}`).toString('base64'));
    expect(shown.node.shipBy).toBe('1970-01-01T00:00:00.000Z');
  });
});

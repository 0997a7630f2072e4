// Who may do what, proven through the HTTP endpoint: every role, two integrator keys with limited
// scopes and an anonymous caller against the queries and mutations of the API. "allow" means the
// operation ran (it may still answer with userErrors); "deny" means FORBIDDEN (UNAUTHENTICATED
// for the anonymous caller) and no data. Nested fields and node() of every type, generated from the
// schema: field-permissions.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient, type TestClientOptions } from '../../testing/graphql-client.ts';
import { createOrder, createWarehouse } from '../../testing/fixtures.ts';

const callers = {
  ADMIN: { roles: ['ADMIN'] },
  MANAGER: { roles: ['MANAGER'] },
  PICKER: { roles: ['PICKER'] },
  PACKER: { roles: ['PACKER'] },
  SUPPORT: { roles: ['SUPPORT'] },
  /** An ERP syncing stock: reads orders, writes inventory. */
  KEY_STOCK: { apiKeyScopes: ['read_orders', 'write_inventory'] },
  /** A CRM: reads orders and buyers. */
  KEY_CRM: { apiKeyScopes: ['read_orders', 'read_customers'] },
  /** A WMS or 3PL running the floor: picks, packs, prints labels and acts, hands over, keeps carriers. */
  KEY_WAREHOUSE: { apiKeyScopes: ['write_fulfillment', 'write_shipments', 'write_carriers'] },
  ANONYMOUS: { anonymous: true },
} satisfies Record<string, TestClientOptions>;
type CallerName = keyof typeof callers;
const staff: CallerName[] = ['ADMIN', 'MANAGER', 'PICKER', 'PACKER', 'SUPPORT'];
const everyoneSignedIn: CallerName[] = [...staff, 'KEY_STOCK', 'KEY_CRM', 'KEY_WAREHOUSE'];

interface Fixture {
  orderId: string;
  sku: string;
  warehouseCode: string;
}

interface Operation {
  name: string;
  query: string;
  variables?: (f: Fixture, caller: CallerName) => Record<string, unknown>;
  allowed: CallerName[];
  /** For reads of buyer data: allowed = unmasked; denied = masked (anonymous: UNAUTHENTICATED). */
  pii?: (data: any) => 'allow' | 'deny';
}

const operations: Operation[] = [
  { name: 'orders', query: `{ orders(first: 5) { totalCount edges { node { number status } } } }`, allowed: everyoneSignedIn },
  { name: 'orderStatusCounts', query: `{ orderStatusCounts { status count } }`, allowed: everyoneSignedIn },
  { name: 'node(Order)', query: `query($id: ID!) { node(id: $id) { id } }`, variables: (f) => ({ id: f.orderId }), allowed: everyoneSignedIn },
  { name: 'me', query: `{ me { actor } }`, allowed: everyoneSignedIn },
  {
    name: 'confirmOrder',
    query: `mutation($id: ID!) { confirmOrder(id: $id) { userErrors { code } } }`,
    variables: (f) => ({ id: f.orderId }),
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT'],
  },
  {
    name: 'placeHold',
    query: `mutation($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { userErrors { code } } }`,
    variables: (f) => ({ id: f.orderId }),
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT'],
  },
  {
    name: 'cancelOrder',
    query: `mutation($id: ID!) { cancelOrder(id: $id, reason: BUYER_REQUEST) { userErrors { code } } }`,
    variables: (f) => ({ id: f.orderId }),
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT'],
  },
  {
    name: 'receiveStock',
    query: `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { userErrors { code } } }`,
    variables: (f) => ({ input: { code: f.sku, warehouseCode: f.warehouseCode, quantity: 5 } }),
    allowed: ['ADMIN', 'MANAGER', 'KEY_STOCK'],
  },
  {
    name: 'adjustStock',
    query: `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { userErrors { code } } }`,
    variables: (f) => ({ input: { code: f.sku, warehouseCode: f.warehouseCode, delta: 1, reason: 'Recount' } }),
    allowed: ['ADMIN', 'MANAGER', 'KEY_STOCK'],
  },
  // Goods in (the Receive station): purchase orders are incoming stock, read without prices; receiving is the floor's.
  {
    name: 'purchaseOrders',
    query: `{ purchaseOrders(first: 5) { edges { node { number supplierName } } } }`,
    allowed: [...staff, 'KEY_STOCK', 'KEY_WAREHOUSE'],
  },
  {
    name: 'receivePurchaseOrderItems',
    query: `mutation($key: String!) { receivePurchaseOrderItems(input: { purchaseOrderId: "${Buffer.from('PurchaseOrder:00000000-0000-7000-8000-000000000000').toString('base64')}", locationCode: "A-01-1", items: [], idempotencyKey: $key }) { userErrors { code } } }`,
    variables: (_f, caller) => ({ key: `matrix-receive-${caller}` }),
    allowed: ['ADMIN', 'MANAGER', 'PICKER', 'PACKER', 'KEY_STOCK'],
  },
  { name: 'inventoryLevels', query: `{ inventoryLevels(first: 5) { edges { node { onHand } } } }`, allowed: [...staff, 'KEY_STOCK', 'KEY_WAREHOUSE'] },
  {
    name: 'productByCode',
    query: `query($code: String!) { productByCode(code: $code) { sku } }`,
    variables: (f) => ({ code: f.sku }),
    allowed: [...staff, 'KEY_WAREHOUSE'],
  },
  { name: 'users', query: `{ users(first: 5) { edges { node { email roles } } } }`, allowed: ['ADMIN'] },
  {
    name: 'createUser',
    query: `mutation($input: CreateUserInput!) { createUser(input: $input) { userErrors { code } } }`,
    variables: (_f, caller) => ({ input: { email: `made-by-${caller.toLowerCase()}@orderly.test`, name: 'New', password: 'a-long-password', roles: ['PICKER'] } }),
    allowed: ['ADMIN'],
  },
  { name: 'apiKeys', query: `{ apiKeys(first: 5) { edges { node { name } } } }`, allowed: ['ADMIN'] },
  {
    name: 'createApiKey',
    query: `mutation($name: String!) { createApiKey(name: $name, scopes: [read_orders]) { userErrors { code } } }`,
    variables: (_f, caller) => ({ name: `key by ${caller}` }),
    allowed: ['ADMIN'],
  },
  { name: 'auditLog', query: `{ auditLog(first: 5) { edges { node { action } } } }`, allowed: ['ADMIN'] },
  { name: 'runPiiRetention', query: `mutation { runPiiRetention(retentionDays: 3650) { ordersAnonymized } }`, allowed: ['ADMIN'] },
  { name: 'customers', query: `{ customers(first: 5) { edges { node { name } } } }`, allowed: ['ADMIN', 'MANAGER', 'SUPPORT', 'KEY_CRM'] },
  {
    name: 'buyer phone (PII)',
    query: `query($id: ID!) { order(id: $id) { shippingAddress { phone city } } }`,
    variables: (f) => ({ id: f.orderId }),
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT', 'KEY_CRM'],
    pii: (data) => (data.order.shippingAddress.phone === '+7 900 000-00-00' ? 'allow' : 'deny'),
  },
  // The warehouse floor: each floor role does its own step (missing ids answer with userErrors: allowed).
  { name: 'pickLists', query: `{ pickLists(first: 5) { edges { cursor } } }`, allowed: ['ADMIN', 'MANAGER', 'PICKER', 'KEY_WAREHOUSE'] },
  {
    name: 'scanPick',
    query: `mutation { scanPick(pickListId: "${Buffer.from('PickList:00000000-0000-7000-8000-000000000000').toString('base64')}", code: "X") { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'PICKER', 'KEY_WAREHOUSE'],
  },
  {
    name: 'closeParcel',
    query: `mutation { closeParcel(parcelId: "${Buffer.from('Parcel:00000000-0000-7000-8000-000000000000').toString('base64')}", weightGrams: 100) { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'],
  },
  // Ozon rules before shipping (marketplaces/marking.graphql.ts): the pack station's.
  {
    name: 'scanMarkingCode',
    query: `mutation { scanMarkingCode(orderId: "${Buffer.from('Order:00000000-0000-7000-8000-000000000000').toString('base64')}", code: "X") { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'],
  },
  {
    name: 'setMarketplaceProductDetails',
    query: `mutation { setMarketplaceProductDetails(orderId: "${Buffer.from('Order:00000000-0000-7000-8000-000000000000').toString('base64')}", sku: "X", countryOfOrigin: "CN") { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'],
  },
  {
    name: 'shipOrder',
    query: `mutation($id: ID!) { shipOrder(orderId: $id, parcels: [{ parcelId: "${Buffer.from('Parcel:00000000-0000-7000-8000-000000000000').toString('base64')}", trackingNumbers: ["T-1"] }]) { userErrors { code } } }`,
    variables: (f) => ({ id: f.orderId }),
    allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'],
  },
  { name: 'manifests', query: `{ manifests(first: 5) { edges { cursor } } }`, allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'] },
  {
    name: 'printLabel',
    query: `mutation { printLabel(parcelId: "${Buffer.from('Parcel:00000000-0000-7000-8000-000000000000').toString('base64')}", format: PDF) { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'],
  },
  {
    name: 'saveCarrier',
    query: `mutation($input: CarrierInput!) { saveCarrier(input: $input) { userErrors { code } } }`,
    variables: (_f, caller) => ({ input: { code: `c-${caller.toLowerCase().replace(/_/g, '-')}`, name: `Carrier by ${caller}` } }),
    allowed: ['ADMIN', 'MANAGER', 'KEY_WAREHOUSE'],
  },
  { name: 'carriers', query: `{ carriers { code } }`, allowed: ['ADMIN', 'MANAGER', 'PACKER', 'SUPPORT', 'KEY_WAREHOUSE'] },
  // Label printers: managers manage them, whoever prints documents lists them (and prints to them).
  { name: 'printers', query: `{ printers { name stations } }`, allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'] },
  {
    name: 'createPrinter',
    query: `mutation($input: CreatePrinterInput!) { createPrinter(input: $input) { userErrors { code } } }`,
    variables: (_f, caller) => ({ input: { name: `Printer by ${caller}`, host: '127.0.0.1', port: 9, language: 'ZPL' } }),
    allowed: ['ADMIN', 'MANAGER'],
  },
  {
    name: 'testPrinter',
    query: `mutation { testPrinter(printerId: "${Buffer.from('Printer:00000000-0000-7000-8000-000000000000').toString('base64')}") { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'PACKER', 'KEY_WAREHOUSE'],
  },
  // Delivery exceptions: managers, support and write_shipments keys handle them (claims, reships); reading follows the order.
  { name: 'exceptions', query: `{ exceptions(first: 5) { edges { node { deadlineState } } } }`, allowed: everyoneSignedIn },
  {
    name: 'fileClaim',
    query: `mutation { fileClaim(exceptionId: "${Buffer.from('DeliveryException:00000000-0000-7000-8000-000000000000').toString('base64')}", amount: 100) { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT', 'KEY_WAREHOUSE'],
  },
  {
    name: 'reshipOrder',
    query: `mutation { reshipOrder(exceptionId: "${Buffer.from('DeliveryException:00000000-0000-7000-8000-000000000000').toString('base64')}") { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT'],
  },
  {
    name: 'addExceptionEvidence',
    query: `mutation { addExceptionEvidence(input: { exceptionId: "${Buffer.from('DeliveryException:00000000-0000-7000-8000-000000000000').toString('base64')}", kind: NOTE, note: "Called the depot" }) { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT', 'KEY_WAREHOUSE'],
  },
  { name: 'exceptionAssignees', query: `{ exceptionAssignees { name } }`, allowed: ['ADMIN', 'MANAGER', 'SUPPORT', 'KEY_WAREHOUSE'] },
  // Returns: support and managers handle them (managers may override the policy); packers receive and inspect at the station.
  { name: 'returns', query: `{ returns(first: 5) { edges { node { status } } } }`, allowed: ['ADMIN', 'MANAGER', 'PACKER', 'SUPPORT'] },
  {
    name: 'requestReturn',
    query: `mutation($input: RequestReturnInput!) { requestReturn(input: $input) { userErrors { code } } }`,
    variables: (f) => ({
      input: {
        orderId: f.orderId,
        reason: 'DEFECTIVE',
        requestedOutcome: 'REFUND',
        lines: [{ orderLineId: Buffer.from('OrderLine:00000000-0000-7000-8000-000000000000').toString('base64'), quantity: 1 }],
      },
    }),
    allowed: ['ADMIN', 'MANAGER', 'SUPPORT'],
  },
  {
    name: 'receiveReturn',
    query: `mutation { receiveReturn(returnId: "${Buffer.from('Return:00000000-0000-7000-8000-000000000000').toString('base64')}") { userErrors { code } } }`,
    allowed: ['ADMIN', 'MANAGER', 'PACKER'],
  },
  // Webhooks: integrators with webhook scopes and admins only.
  { name: 'webhookSubscriptions', query: `{ webhookSubscriptions(first: 5) { edges { cursor } } }`, allowed: ['ADMIN'] },
  { name: 'marketplaceAccounts', query: `{ marketplaceAccounts { id syncHealth { backlog } } }`, allowed: ['ADMIN'] },
  {
    name: 'createOzonAccount',
    query: `mutation($input: CreateOzonAccountInput!) { createOzonAccount(input: $input) { userErrors { code } } }`,
    variables: (_f, caller) => ({
      input: {
        name: caller,
        channel: `ozon-${caller.toLowerCase()}`.slice(0, 32).replace(/_/g, '-'),
        clientId: String(caller.length * 1000 + caller.charCodeAt(0)),
        apiKey: 'matrix-api-key',
      },
    }),
    allowed: ['ADMIN'],
  },
  {
    name: 'createWebhookSubscription',
    query: `mutation { createWebhookSubscription(input: { url: "http://127.0.0.1:9/hook", eventTypes: [ORDER_CREATED] }) { userErrors { code } } }`,
    allowed: ['ADMIN'],
  },
];

describe('role × operation matrix', () => {
  let database: TestDatabase;
  let fixture: Fixture;
  const clients = {} as Record<CallerName, TestClient>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const warehouse = await createWarehouse(database.prisma);
    const order = await createOrder(database.prisma, { lineCount: 1 });
    fixture = { orderId: Buffer.from(`Order:${order.id}`).toString('base64'), sku: order.lines[0].sku, warehouseCode: warehouse.code };
    for (const [name, options] of Object.entries(callers)) clients[name as CallerName] = createTestClient(database.prisma, options as TestClientOptions);
  });
  afterAll(() => database.drop());

  async function outcome(caller: CallerName, op: Operation): Promise<'allow' | 'deny'> {
    const result = await clients[caller](op.query, op.variables?.(fixture, caller));
    const codes = (result.errors ?? []).map((e) => e.extensions?.code);
    if (codes.length) {
      const expected = caller === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      expect(codes, `${caller} × ${op.name}: ${JSON.stringify(result.errors)}`).toEqual(codes.map(() => expected));
      expect(result.data?.[Object.keys(result.data ?? {})[0]] ?? null).toBeNull();
      return 'deny';
    }
    return op.pii ? op.pii(result.data) : 'allow';
  }

  for (const op of operations) {
    it(`${op.name}: ${op.allowed.join(', ')}`, async () => {
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const caller of Object.keys(callers) as CallerName[]) {
        actual[caller] = await outcome(caller, op);
        expected[caller] = op.allowed.includes(caller) ? 'allow' : 'deny';
      }
      expect(actual).toEqual(expected);
    });
  }

  it('names the missing permission in FORBIDDEN errors', async () => {
    const r = await clients.PICKER(`mutation($id: ID!) { cancelOrder(id: $id, reason: SELLER) { userErrors { code } } }`, { id: fixture.orderId });
    expect(r.errors).toEqual([
      {
        message: 'Not allowed: Mutation.cancelOrder (needs orders:cancel)',
        path: ['cancelOrder'],
        locations: expect.any(Array),
        extensions: { code: 'FORBIDDEN', requiredPermissions: ['orders:cancel'] },
      },
    ]);
  });

  it('refuses node() for types the caller may not read', async () => {
    const { userId } = await clients.ADMIN.ready;
    const userNode = Buffer.from(`User:${userId}`).toString('base64');
    const picker = await clients.PICKER(`query($id: ID!) { node(id: $id) { id } }`, { id: userNode });
    expect(picker.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['users:manage'] });
    const admin = await clients.ADMIN(`query($id: ID!) { nodes(ids: [$id]) { id } }`, { id: userNode });
    expect(admin.data.nodes).toEqual([{ id: userNode }]);
  });
});

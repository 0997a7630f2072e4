// Field-level permissions, proven through the HTTP endpoint on the demo data. The cases are
// generated from the schema: every edge from an object type to a type (or a field) needing a
// permission the parent does not imply, for every role and several API-key scope sets; and node()
// for every Node type. Allowed ⇔ the caller holds the permission; a refusal nulls only that field
// (FORBIDDEN naming the permission), never its parent.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, type GraphQLField, type GraphQLObjectType, isLeafType, isObjectType } from 'graphql';
import type { Db, Role } from '@orderly/schema';
import { seedDemoData } from '@orderly/schema/seed';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { schema } from '../../schema.ts';
import { createTestClient, type TestClient, type TestClientOptions } from '../../testing/graphql-client.ts';
import { edgePermission, fieldPermission, fieldTarget, typePermission } from './guard.ts';
import { type ApiKeyScope, implies, type Permission, permissionsForRoles, permissionsForScopes } from './permissions.ts';

const roles: Role[] = ['ADMIN', 'MANAGER', 'PICKER', 'PACKER', 'SUPPORT'];
const keyScopeSets: ApiKeyScope[][] = [
  ['read_orders'],
  ['read_products'],
  ['read_inventory'],
  ['read_shipments'],
  ['write_shipments'],
  ['read_customers'],
  ['write_webhooks'],
  ['read_returns'],
  ['read_reviews'],
  ['read_orders', 'read_products', 'read_inventory', 'read_shipments'],
  ['write_fulfillment', 'write_carriers'],
];
const callers: { name: string; options: TestClientOptions; permissions: Set<Permission> }[] = [
  ...roles.map((role) => ({ name: role, options: { roles: [role] }, permissions: permissionsForRoles([role]) })),
  ...keyScopeSets.map((scopes) => ({ name: `key[${scopes.join(',')}]`, options: { apiKeyScopes: scopes }, permissions: permissionsForScopes(scopes) })),
];
const holds = (caller: { permissions: Set<Permission> }, needed: readonly Permission[]) => needed.every((p) => caller.permissions.has(p));

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
const nodeTypes = objectTypes.filter((t) => t.getInterfaces().some((i) => i.name === 'Node'));
const fieldsOf = (type: GraphQLObjectType) => Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];

/** A selection that makes a field resolve: a leaf of its type (the child's own checks run too). */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return '';
  const leaf = fieldsOf(type).find((f) => isLeafType(getNamedType(f.type)) && !f.args.length && !fieldPermission(f).length);
  return `{ ${leaf?.name ?? '__typename'} }`;
}

interface Edge {
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
  needed: Permission[];
  /** The Node type reached by node(), and the field from it to `parent` when the parent is not a Node itself. */
  node: GraphQLObjectType;
  via: GraphQLField<unknown, unknown> | null;
}

/** Every edge needing a permission its parent does not imply (a type's or the field's own). */
const edges: Edge[] = objectTypes
  .filter((parent) => typePermission(parent))
  .flatMap((parent) =>
    fieldsOf(parent).flatMap((field): Edge[] => {
      const needed = [...new Set([...(edgePermission(parent, field) ?? []), ...fieldPermission(field).filter((p) => !implies(typePermission(parent)!, [p]))])];
      if (!needed.length) return [];
      if (nodeTypes.includes(parent)) return [{ parent, field, needed, node: parent, via: null }];
      // A non-Node parent (ParcelItem) is reached from a Node type of the same permission (Parcel.items).
      for (const node of nodeTypes) {
        const via = fieldsOf(node).find((f) => fieldTarget(f) === parent && !edgePermission(node, f));
        if (via) return [{ parent, field, needed, node, via }];
      }
      throw new Error(`No Node type leads to ${parent.name}: add a path for ${parent.name}.${field.name}`);
    }),
  );

const edgeQuery = (edge: Edge) => {
  // A connection (Customer.orders) needs a page size.
  const page = edge.field.args.some((a) => a.name === 'first') ? '(first: 5)' : '';
  const inner = `${edge.field.name}${page} ${selectionFor(edge.field)}`;
  const body = edge.via ? `${edge.via.name} { ${inner} }` : inner;
  return `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on ${edge.node.name} { ${body} } } }`;
};
/** The values of the edge in one node() answer (through `via` when there is one). */
const edgeValues = (edge: Edge, node: any): unknown[] => {
  const parents = edge.via ? [node?.[edge.via.name]].flat().filter(Boolean) : [node];
  return parents.map((p: any) => p[edge.field.name]);
};
const hasData = (value: unknown) => value !== null && value !== undefined && (!Array.isArray(value) || value.length > 0);

describe('field-level permissions (generated from the schema)', () => {
  let database: TestDatabase;
  let db: Db;
  let admin: TestClient;
  const clients = new Map<string, TestClient>();
  /** One id per edge whose node has data on that edge. */
  const edgeIds = new Map<Edge, string>();
  /** Outcomes seen per edge over all callers: each edge must be both allowed and refused to someone. */
  const seen = new Map<string, Set<string>>();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.prisma;
    await seedDemoData(db);
    admin = createTestClient(db);
    for (const caller of callers) clients.set(caller.name, createTestClient(db, caller.options));
    const { userId } = await admin.ready;
    await Promise.all([...clients.values()].map((c) => c.ready));
    // What the demo data lacks: an act holding a labelled parcel, keys created by an admin.
    const parcel = await db.parcel.findFirstOrThrow({ where: { status: 'LABELLED' }, orderBy: { id: 'asc' } });
    const warehouse = await db.warehouse.findFirstOrThrow();
    const manifest = await db.manifest.create({ data: { carrierId: parcel.carrierId!, warehouseId: warehouse.id, parcels: { connect: [{ id: parcel.id }] } } });
    await db.parcel.update({ where: { id: parcel.id }, data: { boxPresetId: (await db.boxPreset.findFirstOrThrow()).id } });
    await db.apiKey.updateMany({ data: { createdById: userId } });
    // …and a carrier tracking event (modules/tracking).
    const tracked = await db.trackingNumber.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await db.trackingEvent.create({
      data: { shipmentId: tracked.shipmentId, trackingNumberId: tracked.id, carrierId: tracked.carrierId, status: 'IN_TRANSIT', occurredAt: new Date(), actor: 'system' },
    });
    // …and a delivery exception on that shipment with an owner and a carrier claim (modules/exceptions).
    const shipment = await db.shipment.findUniqueOrThrow({ where: { id: tracked.shipmentId }, include: { order: true } });
    await db.exceptionCase.create({
      data: {
        orderId: shipment.orderId,
        shipmentId: shipment.id,
        kind: 'LOST',
        ownerId: userId,
        claims: { create: { amountClaimed: 100, currency: shipment.order.currency, filedBy: 'system' } },
      },
    });
    // …and a promotion's discount on an order line (modules/promotions).
    const promoted = await db.orderLine.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const promotion = await db.promotion.create({ data: { name: 'Fixture', kind: 'PERCENT_OFF', value: 0, allProducts: true, startsAt: new Date(0) } });
    await db.orderDiscount.create({ data: { orderId: promoted.orderId, lineId: promoted.id, promotionId: promotion.id, source: 'PROMOTION', amount: 0 } });
    // …and an Ozon posting with its package label, and Ozon's act for the manifest (modules/marketplaces/ozon).
    const ozon = await db.ozonAccount.create({ data: { name: 'Ozon test', channel: 'ozon-fixture', clientId: 'fixture', apiKeySealed: 'sealed' } });
    const ozonPdf = new Uint8Array(Buffer.from('%PDF-1.4 fixture'));
    await db.ozonPosting.create({
      data: {
        accountId: ozon.id,
        postingNumber: '1000-0001-1',
        status: 'awaiting_deliver',
        orderId: (await db.order.findFirstOrThrow({ orderBy: { id: 'asc' } })).id,
        labelPdf: ozonPdf,
      },
    });
    await db.ozonAct.create({ data: { accountId: ozon.id, manifestId: manifest.id, postingNumbers: ['1000-0001-1'], status: 'READY', ozonActId: '1', pdf: ozonPdf } });
    // …and a closed exchange return with an inspected unit back in a bin (modules/returns).
    const returned = await db.orderLine.findFirstOrThrow({ where: { order: { warehouseId: { not: null } } }, orderBy: { id: 'asc' }, include: { order: true } });
    const bin = await db.location.findFirstOrThrow({ where: { warehouseId: returned.order.warehouseId! } });
    await db.return.create({
      data: {
        orderId: returned.orderId,
        channel: returned.order.channel,
        status: 'CLOSED',
        reason: 'SIZE_OR_FIT',
        requestedOutcome: 'EXCHANGE',
        outcome: 'EXCHANGE',
        currency: returned.order.currency,
        requestedBy: 'system',
        exchangeOrderId: (await db.order.findFirstOrThrow({ where: { id: { not: returned.orderId } }, orderBy: { id: 'asc' } })).id,
        lines: {
          create: {
            orderLineId: returned.id,
            position: 1,
            quantity: 1,
            reason: 'SIZE_OR_FIT',
            inspections: { create: { condition: 'RESELLABLE', quantity: 1, locationId: bin.id, actor: 'system' } },
          },
        },
      },
    });
    // …and a negative review of an ordered product whose follow-up links the exception and the return (modules/reviews).
    const reviewedLine = await db.orderLine.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await db.review.create({
      data: {
        channel: 'manual',
        externalId: 'fixture-review',
        productId: reviewedLine.productId,
        orderId: reviewedLine.orderId,
        rating: 2,
        publishedAt: new Date(),
        followUp: {
          create: {
            exceptionId: (await db.exceptionCase.findFirstOrThrow({ orderBy: { id: 'asc' } })).id,
            returnId: (await db.return.findFirstOrThrow({ orderBy: { id: 'asc' } })).id,
          },
        },
      },
    });
    // …and a supplier carrying a product that has a purchase cost (modules/replenishment).
    const supplied = await db.product.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const fixtureSupplier = await db.supplier.create({
      data: { name: 'Fixture supplier', currency: 'RUB', products: { create: { productId: supplied.id, purchasePrice: 100 } } },
    });
    await db.product.update({ where: { id: supplied.id }, data: { averageCost: 100 } });
    // …and a purchase order from it, partly received: read as incoming stock, its prices, note and supplier need purchasing:read.
    await db.purchaseOrder.create({
      data: {
        supplierId: fixtureSupplier.id,
        warehouseId: warehouse.id,
        status: 'PARTIALLY_RECEIVED',
        currency: 'RUB',
        note: 'Fixture',
        createdBy: 'system',
        lines: { create: { productId: supplied.id, position: 1, quantity: 2, receivedQuantity: 1, unitPrice: 100 } },
        receipts: {
          create: {
            locationId: (await db.location.findFirstOrThrow({ where: { warehouseId: warehouse.id } })).id,
            currency: 'RUB',
            baseCurrency: 'RUB',
            rate: 1,
            actor: 'system',
          },
        },
      },
    });
    // …and a domestic (in-China) parcel of an order (modules/consolidation).
    await db.domesticParcel.create({
      data: {
        orderId: (await db.order.findFirstOrThrow({ orderBy: { id: 'asc' } })).id,
        carrier: 'sf',
        trackingNumber: 'SF0000000001',
        sentAt: new Date(),
        createdBy: 'system',
      },
    });

    for (const edge of edges) {
      const model = (edge.node.extensions as { pothosPrismaModel?: string }).pothosPrismaModel!;
      const delegate = (db as any)[model[0].toLowerCase() + model.slice(1)];
      // Fields with their own permission are documents, rendered when read: a few parents are enough.
      const take = fieldPermission(edge.field).length ? 3 : 1000;
      const ids = ((await delegate.findMany({ select: { id: true }, orderBy: { id: 'asc' }, take })) as { id: string }[]).map((r) => globalId(edge.node.name, r.id));
      const answer = await admin(edgeQuery(edge), { ids });
      expect(answer.errors, `${edge.parent.name}.${edge.field.name} as ADMIN: ${JSON.stringify(answer.errors)}`).toBeUndefined();
      const found = (answer.data.nodes as any[]).find((n) => edgeValues(edge, n).some(hasData));
      if (found) edgeIds.set(edge, found.id);
    }
  }, 180_000);
  afterAll(() => database?.drop());

  it('covers the edges that need their own permission (the demo data has something behind each)', () => {
    const names = edges.map((e) => `${e.parent.name}.${e.field.name}`);
    // Whoever reads manifests (shipping) prints their acts (documents:print): no edge to prove there.
    expect(names).not.toContain('Manifest.act');
    expect(names).toEqual(
      expect.arrayContaining([
        'Order.shipments',
        'Order.parcels',
        'OrderLine.product',
        'Product.inventory',
        'InventoryLevel.product',
        'ParcelItem.orderLine',
        'Manifest.warehouse',
        'ApiKey.createdBy',
        'PurchaseOrder.supplier',
        'PurchaseOrder.totalAmount',
        'PurchaseOrderLine.unitPrice',
        'PurchaseReceipt.rate',
      ]),
    );
    expect(
      edges.filter((e) => !edgeIds.has(e)).map((e) => `${e.parent.name}.${e.field.name}`),
      'no data behind these edges: extend the fixture',
    ).toEqual([]);
  });

  for (const caller of callers) {
    it(`${caller.name}: a nested field answers exactly when the caller holds its permission`, async () => {
      const client = clients.get(caller.name)!;
      const outcomes: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const edge of edges) {
        const nodePermission = typePermission(edge.node)!;
        if (!holds(caller, nodePermission) || !edgeIds.has(edge)) continue; // node() refuses the parent itself (below)
        const name = `${edge.parent.name}.${edge.field.name}`;
        const answer = await client(edgeQuery(edge), { ids: [edgeIds.get(edge)] });
        const node = answer.data?.nodes?.[0];
        expect(node?.id, `${caller.name} × ${name}: the parent stays`).toBe(edgeIds.get(edge));
        const values = edgeValues(edge, node);
        if (!answer.errors) {
          outcomes[name] = values.some(hasData) ? 'allow' : 'empty';
        } else {
          expect(
            answer.errors.map((e) => e.extensions),
            `${caller.name} × ${name}`,
          ).toEqual(answer.errors.map(() => ({ code: 'FORBIDDEN', requiredPermissions: edge.needed })));
          expect(
            answer.errors.map((e) => e.path?.at(-1)),
            `${caller.name} × ${name}: refused at the field`,
          ).toEqual(answer.errors.map(() => edge.field.name));
          expect(values.every((v) => v === null)).toBe(true);
          outcomes[name] = 'deny';
        }
        expected[name] = holds(caller, edge.needed) ? 'allow' : 'deny';
        seen.set(name, (seen.get(name) ?? new Set()).add(outcomes[name]));
      }
      expect(outcomes).toEqual(expected);
    });
  }

  it('saw every edge both answered and refused', () => {
    const oneSided = edges.map((e) => `${e.parent.name}.${e.field.name}`).filter((name) => seen.get(name)?.size !== 2);
    // ApiKey is read through node() by ADMIN only (apikeys:manage); its createdBy refusal is proven below.
    expect(oneSided).toEqual(['ApiKey.createdBy']);
  });

  // ─── Regressions of issue 9 (items 3, 11–14) ─────────────────────────────────────────────────

  const forbidden = (path: (string | number)[], permission: Permission) =>
    expect.objectContaining({ path, extensions: { code: 'FORBIDDEN', requiredPermissions: [permission] } });
  const shippedOrderId = async () => globalId('Order', (await db.order.findFirstOrThrow({ where: { shipments: { some: {} }, parcels: { some: {} } } })).id);

  it('order { shipments parcels }: refused to a read_orders key and a PICKER (shipments:read), the order still answers', async () => {
    const query = `query($id: ID!) { order(id: $id) { number shipments { trackingNumbers { number } } parcels { code } } }`;
    const id = await shippedOrderId();
    for (const name of ['key[read_orders]', 'PICKER']) {
      const r = await clients.get(name)!(query, { id });
      expect(r.data.order).toEqual({ number: expect.any(Number), shipments: null, parcels: null });
      expect(r.errors).toEqual(expect.arrayContaining([forbidden(['order', 'shipments'], 'shipments:read'), forbidden(['order', 'parcels'], 'shipments:read')]));
      expect(r.errors).toHaveLength(2);
    }
    const packer = await clients.get('PACKER')!(query, { id });
    expect(packer.errors).toBeUndefined();
    expect(packer.data.order.shipments[0].trackingNumbers.length).toBeGreaterThan(0);
  });

  it('product inventory and prices: each needs its own permission, whichever way it is reached', async () => {
    const orderId = await shippedOrderId();
    const lines = `query($id: ID!) { order(id: $id) { lines { sku product { sku inventory { onHand } } } } }`;
    const ordersOnly = await clients.get('key[read_orders]')!(lines, { id: orderId });
    expect(ordersOnly.data.order.lines[0]).toEqual({ sku: expect.any(String), product: null });
    expect(ordersOnly.errors![0]).toEqual(forbidden(['order', 'lines', 0, 'product'], 'products:read'));
    const ordersAndProducts = createTestClient(db, { apiKeyScopes: ['read_orders', 'read_products'] });
    const both = await ordersAndProducts(lines, { id: orderId });
    expect(both.data.order.lines[0].product).toEqual({ sku: expect.any(String), inventory: null });
    expect(both.errors![0]).toEqual(forbidden(['order', 'lines', 0, 'product', 'inventory'], 'inventory:read'));

    const sku = (await db.product.findFirstOrThrow()).sku;
    const byCode = await clients.get('key[read_products]')!(`query($code: String!) { productByCode(code: $code) { sku inventory { onHand } } }`, { code: sku });
    expect(byCode.data.productByCode).toEqual({ sku, inventory: null });
    expect(byCode.errors).toEqual([forbidden(['productByCode', 'inventory'], 'inventory:read')]);

    const levels = await clients.get('key[read_inventory]')!(`{ inventoryLevels(first: 1) { edges { node { onHand product { price { minorUnits } } } } } }`);
    expect(levels.data.inventoryLevels.edges[0].node).toEqual({ onHand: expect.any(Number), product: null });
    expect(levels.errors).toEqual([forbidden(['inventoryLevels', 'edges', 0, 'node', 'product'], 'products:read')]);
    const lowStock = await clients.get('key[read_inventory]')!(`{ lowStock(first: 1) { edges { node { sku } } } }`);
    expect(lowStock.errors![0].extensions).toEqual({ code: 'FORBIDDEN', requiredPermissions: ['inventory:read', 'products:read'] });
  });

  it('me { apiKey { createdBy } }: a key reads itself, not the admin who created it (users:manage); staff read their own account', async () => {
    for (const name of ['key[read_orders]', 'key[write_webhooks]']) {
      const r = await clients.get(name)!(`{ me { apiKey { name scopes createdBy { email roles lastLoginAt } } } }`);
      expect(r.data.me.apiKey).toEqual({ name: expect.any(String), scopes: expect.any(Array), createdBy: null });
      expect(r.errors).toEqual([forbidden(['me', 'apiKey', 'createdBy'], 'users:manage')]);
    }
    const picker = await clients.get('PICKER')!(`{ me { user { email roles locale } } }`);
    expect(picker.errors).toBeUndefined();
    expect(picker.data.me.user.roles).toEqual(['PICKER']);
    const { apiKeyId } = await clients.get('key[read_orders]')!.ready;
    const adminView = await admin(`query($id: ID!) { node(id: $id) { ... on ApiKey { createdBy { email } } } }`, { id: globalId('ApiKey', apiKeyId!) });
    expect(adminView.data.node.createdBy.email).toMatch(/@/);
  });

  it('node() follows the root queries: webhook subscriptions and deliveries (own key only), carriers, labels, parcels', async () => {
    const owner = clients.get('key[write_webhooks]')!;
    const other = createTestClient(db, { apiKeyScopes: ['write_webhooks'] });
    const created = await owner(
      `mutation { createWebhookSubscription(input: { url: "http://127.0.0.1:9/hook", eventTypes: [ORDER_CREATED] }) { webhookSubscription { id } userErrors { code message } } }`,
    );
    // write_webhooks alone may subscribe to nothing it cannot read: give the key order.created's scope.
    expect(created.data.createWebhookSubscription.userErrors).toEqual([expect.objectContaining({ code: 'MISSING_SCOPE' })]);
    const key = await owner.ready;
    const subscription = await db.webhookSubscription.create({
      data: { apiKeyId: key.apiKeyId!, url: 'http://127.0.0.1:9/hook', secretSealed: 'whsec_test', eventTypes: ['order.created'] },
    });
    const event = await db.outboxEvent.create({ data: { type: 'order.created', aggregateType: 'Order', aggregateId: randomUUID(), payload: {} } });
    const delivery = await db.webhookDelivery.create({ data: { subscriptionId: subscription.id, eventId: event.id } });
    const ids = [globalId('WebhookSubscription', subscription.id), globalId('WebhookDelivery', delivery.id)];
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on WebhookSubscription { url apiKey { id } } ... on WebhookDelivery { status subscription { id } } } }`;
    const own = await owner(query, { ids });
    expect(own.errors).toBeUndefined();
    expect(own.data.nodes).toEqual([
      { id: ids[0], url: 'http://127.0.0.1:9/hook', apiKey: { id: globalId('ApiKey', key.apiKeyId!) } },
      { id: ids[1], status: 'PENDING', subscription: { id: ids[0] } },
    ]);
    const stranger = await other(query, { ids });
    expect(stranger.errors).toBeUndefined();
    expect(stranger.data.nodes).toEqual([null, null]);
    expect((await admin(query, { ids })).data.nodes.map((n: any) => n?.id)).toEqual(ids);

    const parcel = await db.parcel.findFirstOrThrow({ where: { status: 'LABELLED', labels: { some: {} } }, include: { labels: true } });
    const shipmentIds = [globalId('Carrier', parcel.carrierId!), globalId('ShippingLabel', parcel.labels[0].id), globalId('Parcel', parcel.id)];
    const shipmentsKey = await clients.get('key[read_shipments]')!(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: shipmentIds });
    expect(shipmentsKey.errors).toBeUndefined();
    expect(shipmentsKey.data.nodes.map((n: any) => n.__typename)).toEqual(['Carrier', 'ShippingLabel', 'Parcel']);
    const picker = await clients.get('PICKER')!(`query($id: ID!) { node(id: $id) { id } }`, { id: shipmentIds[2] });
    expect(picker.errors![0].extensions).toEqual({ code: 'FORBIDDEN', requiredPermissions: ['shipments:read'] });
  });

  it('a committed mutation keeps its payload: closeManifest by a write_shipments key answers the act, and nulls only a refused field', async () => {
    const client = clients.get('key[write_shipments]')!;
    const parcel = await db.parcel.findFirstOrThrow({ where: { status: 'LABELLED', manifestId: null, order: { status: 'READY_TO_SHIP' } }, include: { carrier: true } });
    const opened = await client(`mutation($carrier: String!) { createManifest(carrierCode: $carrier) { manifest { id } userErrors { code } } }`, {
      carrier: parcel.carrier!.code,
    });
    const manifestId = opened.data.createManifest.manifest.id;
    const added = await client(`mutation($id: ID!, $code: String!) { addParcelToManifest(manifestId: $id, parcelCode: $code) { userErrors { code message } } }`, {
      id: manifestId,
      code: parcel.code,
    });
    expect(added.data.addParcelToManifest.userErrors).toEqual([]);
    const closed = await client(
      `mutation($id: ID!) { closeManifest(manifestId: $id) { manifest { id status warehouse { code } act { content } } userErrors { code } } }`,
      { id: manifestId },
    );
    expect(closed.data.closeManifest).toEqual({ manifest: { id: manifestId, status: 'CLOSED', warehouse: null, act: { content: expect.any(String) } }, userErrors: [] });
    expect(closed.errors).toEqual([forbidden(['closeManifest', 'manifest', 'warehouse'], 'inventory:read')]);
    expect((await db.manifest.findUniqueOrThrow({ where: { id: Buffer.from(manifestId, 'base64').toString().split(':')[1] } })).status).toBe('CLOSED');
  });

  it('node() of an id naming no Node type is INVALID_ID for everybody', async () => {
    for (const client of [admin, clients.get('PICKER')!]) {
      for (const typename of ['Foo', 'Money', 'StaffMember', 'BinStock']) {
        const r = await client(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [globalId(typename, randomUUID())] });
        expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_ID']);
      }
    }
  });

  it("node()/nodes() of every Node type: allowed exactly with the type's permission; an id of nothing answers null", async () => {
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const caller of callers) {
      const client = clients.get(caller.name)!;
      for (const type of nodeTypes) {
        const id = globalId(type.name, randomUUID());
        const single = await client(`query($id: ID!) { node(id: $id) { id } }`, { id });
        const many = await client(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [id] });
        const key = `${caller.name} × ${type.name}`;
        const outcome = (r: typeof single, value: unknown) =>
          value !== null && value !== undefined
            ? JSON.stringify(r)
            : !r.errors
              ? 'null'
              : r.errors.length === 1 && r.errors[0].extensions?.code === 'FORBIDDEN'
                ? `deny ${(r.errors[0].extensions.requiredPermissions as string[] | undefined)?.join('+')}`
                : JSON.stringify(r.errors);
        actual[key] = `${outcome(single, single.data?.node)} / ${outcome(many, many.data?.nodes?.[0])}`;
        const needed = typePermission(type)!;
        expected[key] = holds(caller, needed) ? 'null / null' : `deny ${needed.join('+')} / deny ${needed.join('+')}`;
      }
    }
    expect(actual).toEqual(expected);
  });
});

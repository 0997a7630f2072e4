// Claims, reships, deadlines and evidence of delivery exceptions, through the GraphQL endpoint on
// the real database. The orders here reach SHIPPED through the real floor flow (pick, pack, label,
// hand over, ship), and so does the reship.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { extractPdfText } from '../../testing/pdf.ts';
import { createShippedOrder } from '../tracking/tracking.fixtures.ts';

const HOUR = 3_600_000;
const E = 'userErrors { code field message }';
const OPEN = `mutation($id: ID!, $kind: ExceptionKind!) { openException(orderId: $id, kind: $kind) { exception { id status deadlineAt disputeDeadlineAt deadlineState } ${E} } }`;
const FILE = `mutation($id: ID!, $amount: Int!, $ref: String, $key: String) { fileClaim(exceptionId: $id, amount: $amount, reference: $ref, idempotencyKey: $key) {
  claim { id status amountClaimed { minorUnits currency } reference } exception { status claims { status } } ${E} } }`;
const UPDATE_CLAIM = `mutation($id: ID!, $status: ClaimStatus!, $paid: Int) { updateClaim(claimId: $id, status: $status, amountPaid: $paid) {
  claim { status amountPaid { minorUnits } } exception { status resolution } ${E} } }`;
const RESHIP = `mutation($id: ID!, $lines: [ReshipLineInput!], $cost: Int, $key: String) { reshipOrder(exceptionId: $id, lines: $lines, cost: $cost, idempotencyKey: $key) {
  reship { id number status channel reshipOf { number } lines { sku quantity } shippingAddress { city } } exception { status resolution reshipCost { minorUnits } reshipOrder { number } }
  order { number reships { number } } ${E} } }`;
const RESOLVE = `mutation($id: ID!) { resolveException(exceptionId: $id, resolution: OTHER) { exception { status } ${E} } }`;
const CLOSE = `mutation($id: ID!) { closeException(exceptionId: $id) { exception { status } ${E} } }`;
const gid = (type: string, id: string) => encodeGlobalID(type, id);

describe('claims, reships and deadlines of delivery exceptions', () => {
  let database: TestDatabase;
  let gql: TestClient;
  let warehouseCode: string;
  let keySeq = 0;
  const key = (what: string) => `${what}-${Date.now()}-${keySeq++}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma, { roles: ['MANAGER'] });
    warehouseCode = (await createWarehouse(database.prisma, 'EXC')).code;
    await database.prisma.carrier.create({ data: { code: 'cdek', name: 'СДЭК' } });
    await createProduct(database.prisma, { sku: 'KETTLE', priceAmount: 2500_00 });
    await createProduct(database.prisma, { sku: 'MUG', priceAmount: 300_00 });
    for (const [code, bin] of [
      ['KETTLE', 'A-01-1'],
      ['MUG', 'A-01-2'],
    ]) {
      const r = await gql(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { ${E} } }`, { i: { code, warehouseCode, locationCode: bin, quantity: 10 } });
      expect(r.data.receiveStock.userErrors).toEqual([]);
    }
  });
  afterAll(() => database.drop());

  const ok = (payload: { userErrors: unknown[] }) => {
    expect(payload.userErrors).toEqual([]);
    return payload as any;
  };

  /** The floor's way from CONFIRMED to SHIPPED: pick, pack into one parcel, label, hand over, ship. */
  async function throughTheFloor(orderId: string, trackingNumber: string) {
    const order = (await gql(`query($id: ID!) { order(id: $id) { status lines { sku quantity } } }`, { id: orderId })).data.order;
    expect(order.status).toBe('CONFIRMED');
    const list = ok(
      (
        await gql(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { pickList { id tasks { quantity product { sku } location { code } } } ${E} } }`, {
          ids: [orderId],
        })
      ).data.createPickList,
    );
    for (const task of list.pickList.tasks) {
      ok(
        (
          await gql(`mutation($l: ID!, $c: String!, $b: String, $q: Int) { scanPick(pickListId: $l, code: $c, locationCode: $b, quantity: $q) { ${E} } }`, {
            l: list.pickList.id,
            c: task.product.sku,
            b: task.location.code,
            q: task.quantity,
          })
        ).data.scanPick,
      );
    }
    ok((await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { ${E} } }`, { l: list.pickList.id })).data.completePickList);
    let parcelId = '';
    for (const line of order.lines) {
      const packed = ok(
        (
          await gql(`mutation($o: ID!, $c: String!, $q: Int) { scanPack(orderId: $o, code: $c, quantity: $q) { parcel { id } ${E} } }`, {
            o: orderId,
            c: line.sku,
            q: line.quantity,
          })
        ).data.scanPack,
      );
      parcelId = packed.parcel.id;
    }
    ok((await gql(`mutation($p: ID!) { closeParcel(parcelId: $p, weightGrams: 1200) { ${E} } }`, { p: parcelId })).data.closeParcel);
    const label = ok(
      (
        await gql(
          `mutation($p: ID!) { printLabel(parcelId: $p, format: PDF, carrierCode: "cdek") { label { document { content } } parcel: label { barcodeValue } ${E} } }`,
          { p: parcelId },
        )
      ).data.printLabel,
    );
    const manifest = ok((await gql(`mutation { createManifest(carrierCode: "cdek") { manifest { id } ${E} } }`)).data.createManifest).manifest.id;
    const parcelCode = label.parcel.barcodeValue;
    ok(
      (await gql(`mutation($m: ID!, $c: String!) { addParcelToManifest(manifestId: $m, parcelCode: $c) { ${E} } }`, { m: manifest, c: parcelCode })).data
        .addParcelToManifest,
    );
    ok((await gql(`mutation($m: ID!) { closeManifest(manifestId: $m) { ${E} } }`, { m: manifest })).data.closeManifest);
    const shipped = ok(
      (
        await gql(`mutation($o: ID!, $p: [ParcelTrackingInput!]!) { shipOrder(orderId: $o, parcels: $p) { order { status } ${E} } }`, {
          o: orderId,
          p: [{ parcelId, trackingNumbers: [trackingNumber] }],
        })
      ).data.shipOrder,
    );
    expect(shipped.order.status).toBe('SHIPPED');
    return { labelText: await extractPdfText(Buffer.from(label.label.document.content, 'base64')), parcelCode };
  }

  async function shippedOrder(trackingNumber: string) {
    const created = ok(
      (
        await gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id number } ${E} } }`, {
          i: {
            channel: 'ozon',
            externalId: `exc-${trackingNumber}`,
            currency: 'RUB',
            warehouseCode,
            buyer: { name: 'Ольга Морозова' },
            shippingAddress: { name: 'Ольга Морозова', address1: 'Невский пр., д. 88', city: 'Санкт-Петербург', postalCode: '190000', countryCode: 'RU' },
            lines: [
              { sku: 'KETTLE', quantity: 1 },
              { sku: 'MUG', quantity: 2 },
            ],
          },
        })
      ).data.createOrder,
    );
    ok((await gql(`mutation($id: ID!) { confirmOrder(id: $id) { ${E} } }`, { id: created.order.id })).data.confirmOrder);
    await throughTheFloor(created.order.id, trackingNumber);
    return created.order as { id: string; number: number };
  }

  it('files a claim (bad amounts refused, nothing written), accepts it and, once paid, resolves the exception', async () => {
    const order = await shippedOrder('CDEK-EXC-1'); // total 3100.00 RUB
    const opened = ok((await gql(OPEN, { id: order.id, kind: 'LOST' })).data.openException);
    const exceptionId = opened.exception.id;

    for (const amount of [0, -100, 3100_01]) {
      const refused = (await gql(FILE, { id: exceptionId, amount })).data.fileClaim;
      expect(refused).toMatchObject({ claim: null, exception: null, userErrors: [{ code: 'INVALID_AMOUNT', field: ['amount'] }] });
    }
    expect(await database.prisma.claim.count()).toBe(0);
    expect((await database.prisma.exceptionCase.findUniqueOrThrow({ where: { id: decode(exceptionId) } })).status).toBe('OPEN');

    const filed = ok((await gql(FILE, { id: exceptionId, amount: 3100_00, ref: 'CDEK-CLAIM-77', key: key('file') })).data.fileClaim);
    expect(filed).toMatchObject({
      claim: { status: 'FILED', amountClaimed: { minorUnits: 3100_00, currency: 'RUB' }, reference: 'CDEK-CLAIM-77' },
      exception: { status: 'WAITING_FOR_CARRIER', claims: [{ status: 'FILED' }] },
    });
    const claimId = filed.claim.id;
    expect((await gql(UPDATE_CLAIM, { id: claimId, status: 'PAID', paid: 100 })).data.updateClaim.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['status'] }),
    ]);
    expect(ok((await gql(UPDATE_CLAIM, { id: claimId, status: 'ACCEPTED' })).data.updateClaim)).toMatchObject({
      claim: { status: 'ACCEPTED', amountPaid: null },
      exception: { status: 'WAITING_FOR_CARRIER', resolution: null },
    });
    for (const paid of [null, 0, 3100_01]) {
      expect((await gql(UPDATE_CLAIM, { id: claimId, status: 'PAID', paid })).data.updateClaim.userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['amountPaid'] }),
      ]);
    }
    expect(ok((await gql(UPDATE_CLAIM, { id: claimId, status: 'PAID', paid: 2800_00 })).data.updateClaim)).toMatchObject({
      claim: { status: 'PAID', amountPaid: { minorUnits: 2800_00 } },
      exception: { status: 'RESOLVED', resolution: 'CLAIM_PAID' },
    });

    const outbox = await database.prisma.outboxEvent.findMany({
      where: { aggregateId: decode(order.id), type: { in: ['claim.updated', 'exception.updated', 'exception.resolved'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(outbox.map((e) => `${e.type}${(e.payload as any).status ? ':' + (e.payload as any).status : ''}`)).toEqual([
      'exception.updated:WAITING_FOR_CARRIER',
      'claim.updated:FILED',
      'claim.updated:ACCEPTED',
      'claim.updated:PAID',
      'exception.resolved:RESOLVED',
    ]);
    const timeline = await database.prisma.orderEvent.findMany({
      where: { orderId: decode(order.id), type: { in: ['NOTE_ADDED', 'EXCEPTION_RESOLVED'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(timeline.map((e) => (e.data as any).claimStatus ?? e.type)).toEqual(['FILED', 'ACCEPTED', 'PAID', 'EXCEPTION_RESOLVED']);

    // The exception has ended: no further claim, and resolving it again is refused.
    expect((await gql(FILE, { id: exceptionId, amount: 100 })).data.fileClaim.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION', field: ['exceptionId'] });
    expect((await gql(RESOLVE, { id: exceptionId })).data.resolveException.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION', field: ['exceptionId'] });
  });

  it('a rejected claim leaves the exception open; a closed exception cannot be resolved', async () => {
    const { order } = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT' });
    const exceptionId = ok((await gql(OPEN, { id: gid('Order', order.id), kind: 'DAMAGED' })).data.openException).exception.id;
    const claimId = ok((await gql(FILE, { id: exceptionId, amount: 50_00 })).data.fileClaim).claim.id;
    expect(ok((await gql(UPDATE_CLAIM, { id: claimId, status: 'REJECTED' })).data.updateClaim)).toMatchObject({
      claim: { status: 'REJECTED' },
      exception: { status: 'WAITING_FOR_CARRIER', resolution: null },
    });
    expect((await gql(UPDATE_CLAIM, { id: claimId, status: 'ACCEPTED' })).data.updateClaim.userErrors[0].code).toBe('INVALID_TRANSITION');

    ok((await gql(CLOSE, { id: exceptionId })).data.closeException);
    const before = await database.prisma.orderEvent.count({ where: { orderId: order.id } });
    expect((await gql(RESOLVE, { id: exceptionId })).data.resolveException).toMatchObject({
      exception: null,
      userErrors: [{ code: 'INVALID_TRANSITION', field: ['exceptionId'] }],
    });
    expect(await database.prisma.orderEvent.count({ where: { orderId: order.id } })).toBe(before);
  });

  it('reships: a linked order confirmed into the pick queue, marked RESHIP, then picked, packed and shipped; evidence gathered', async () => {
    const order = await shippedOrder('CDEK-EXC-2');
    await gql(`mutation($e: [TrackingEventInput!]!) { recordTrackingEvents(events: $e) { results { recorded } } }`, {
      e: [{ trackingNumber: 'CDEK-EXC-2', status: 'IN_TRANSIT', occurredAt: new Date(Date.now() - HOUR).toISOString(), location: 'Москва' }],
    });
    const exceptionId = ok((await gql(OPEN, { id: order.id, kind: 'DAMAGED' })).data.openException).exception.id;

    const evidence = (
      await gql(
        `query($id: ID!) { node(id: $id) { ... on DeliveryException { shipment { carrier { code } } evidence {
          parcels { code weightGrams hasPhoto labels { format } manifest { number status } } trackingEvents { status location trackingNumber } } } } }`,
        { id: exceptionId },
      )
    ).data.node;
    expect(evidence).toMatchObject({
      shipment: { carrier: { code: 'cdek' } },
      evidence: {
        parcels: [{ weightGrams: 1200, hasPhoto: false, labels: [{ format: 'PDF' }], manifest: { status: 'CLOSED' } }],
        trackingEvents: [{ status: 'IN_TRANSIT', location: 'Москва', trackingNumber: 'CDEK-EXC-2' }],
      },
    });

    const lines = (await database.prisma.orderLine.findMany({ where: { orderId: decode(order.id) }, orderBy: { position: 'asc' } })).map((l) => gid('OrderLine', l.id));
    const tooMany = (await gql(RESHIP, { id: exceptionId, lines: [{ orderLineId: lines[1], quantity: 3 }] })).data.reshipOrder;
    expect(tooMany).toMatchObject({ reship: null, userErrors: [{ code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] }] });

    const reshipped = ok((await gql(RESHIP, { id: exceptionId, lines: [{ orderLineId: lines[0], quantity: 1 }], cost: 450_00, key: key('reship') })).data.reshipOrder);
    expect(reshipped).toMatchObject({
      reship: {
        status: 'CONFIRMED',
        channel: 'ozon',
        reshipOf: { number: order.number },
        lines: [{ sku: 'KETTLE', quantity: 1 }],
        shippingAddress: { city: 'Санкт-Петербург' },
      },
      exception: { status: 'RESOLVED', resolution: 'RESHIPPED', reshipCost: { minorUnits: 450_00 }, reshipOrder: { number: reshipped.reship.number } },
      order: { number: order.number, reships: [{ number: reshipped.reship.number }] },
    });
    const original = await database.prisma.order.findUniqueOrThrow({ where: { id: decode(order.id) } });
    const reship = await database.prisma.order.findUniqueOrThrow({ where: { id: decode(reshipped.reship.id) } });
    expect({ customerId: reship.customerId, shipName: reship.shipName, warehouseId: reship.warehouseId, externalId: reship.externalId }).toEqual({
      customerId: original.customerId,
      shipName: original.shipName,
      warehouseId: original.warehouseId,
      externalId: null,
    });
    // Stock reserved through the confirmation: it waits in the pick queue like any confirmed order.
    const queue = (await gql(`{ orders(first: 50, status: [CONFIRMED]) { edges { node { number } } } }`)).data.orders.edges.map((e: any) => e.node.number);
    expect(queue).toContain(reshipped.reship.number);

    const { labelText } = await throughTheFloor(reshipped.reship.id, 'CDEK-EXC-2R');
    expect(labelText).toContain(`RESHIP #${order.number}`);
    const slip = (await gql(`query($id: ID!) { packingSlip(orderId: $id, locale: en) { content } }`, { id: reshipped.reship.id })).data.packingSlip;
    expect(await extractPdfText(Buffer.from(slip.content, 'base64'))).toContain(`RESHIP #${order.number}`);
    const after = await database.prisma.orderLine.findMany({ where: { orderId: reship.id } });
    expect(after.map((l) => [l.quantityPicked, l.quantityPacked, l.quantityShipped])).toEqual([[1, 1, 1]]);
  });

  it('refuses to reship an order that never shipped anything: nothing written', async () => {
    const { order } = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT' }); // lines never went through the floor
    const exceptionId = ok((await gql(OPEN, { id: gid('Order', order.id), kind: 'LOST' })).data.openException).exception.id;
    const orders = await database.prisma.order.count();
    const refused = (await gql(RESHIP, { id: exceptionId })).data.reshipOrder;
    expect(refused).toMatchObject({ reship: null, userErrors: [{ code: 'NOT_SHIPPED', field: ['exceptionId'] }] });
    expect(await database.prisma.order.count()).toBe(orders);
    expect((await database.prisma.exceptionCase.findUniqueOrThrow({ where: { id: decode(exceptionId) } })).status).toBe('OPEN');
  });

  it('deadlines: set on open per channel and carrier, DUE_SOON and OVERDUE by the clock, the queue sorted by the nearest', async () => {
    await database.prisma.exceptionCase.updateMany({ where: { status: { in: ['OPEN', 'WAITING_FOR_CARRIER', 'WAITING_FOR_BUYER'] } }, data: { status: 'CLOSED' } });
    const realNow = Date.now();
    const openAt = async (hoursAgo: number, channel: string) => {
      const { order } = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT', channel, shippedAt: new Date(realNow - 72 * HOUR) });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(realNow - hoursAgo * HOUR);
      try {
        return ok((await gql(OPEN, { id: gid('Order', order.id), kind: 'LOST' })).data.openException).exception;
      } finally {
        vi.useRealTimers();
      }
    };
    const fresh = await openAt(0, 'ozon');
    const dueSoon = await openAt(40, 'ozon'); // Ozon's 48 h window: 8 h left
    const overdue = await openAt(50, 'ozon');
    const manual = await openAt(0, 'manual');
    expect(new Date(fresh.disputeDeadlineAt).getTime()).toBe(realNow + 48 * HOUR);
    expect(new Date(fresh.deadlineAt).getTime()).toBe(realNow - 72 * HOUR + 30 * 24 * HOUR); // 30 days after the shipment left
    expect(manual.disputeDeadlineAt).toBeNull();

    const list = async (args = '') =>
      (await gql(`{ exceptions(first: 10${args}) { edges { node { id deadlineState } } } }`)).data.exceptions.edges.map((e: any) => [e.node.id, e.node.deadlineState]);
    expect(await list()).toEqual([
      [overdue.id, 'OVERDUE'],
      [dueSoon.id, 'DUE_SOON'],
      [fresh.id, 'OK'],
      [manual.id, 'OK'],
    ]);
    expect(await list(`, deadlineBefore: "${new Date(realNow + 24 * HOUR).toISOString()}"`)).toEqual([
      [overdue.id, 'OVERDUE'],
      [dueSoon.id, 'DUE_SOON'],
    ]);
    expect(await list(', carrier: "nobody"')).toEqual([]);
    expect((await list(', carrier: "cdek"')).length).toBe(4);
  });

  it('only managers and support (and write_shipments keys) handle exceptions', async () => {
    const { order } = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT' });
    const exceptionId = ok((await gql(OPEN, { id: gid('Order', order.id), kind: 'LOST' })).data.openException).exception.id;
    const packer = createTestClient(database.prisma, { roles: ['PACKER'] });
    expect((await packer(FILE, { id: exceptionId, amount: 100 })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const support = createTestClient(database.prisma, { roles: ['SUPPORT'] });
    expect(ok((await support(FILE, { id: exceptionId, amount: 100 })).data.fileClaim).claim.status).toBe('FILED');
    const { userId } = await support.ready;
    const ASSIGN = `mutation($id: ID!, $user: ID) { assignException(exceptionId: $id, userId: $user) { exception { owner { id name } } ${E} } }`;
    const assigned = ok((await support(ASSIGN, { id: exceptionId, user: gid('User', userId!) })).data.assignException);
    expect(assigned.exception.owner).toMatchObject({ id: gid('User', userId!) });
    expect((await support(ASSIGN, { id: exceptionId, user: gid('User', '00000000-0000-7000-8000-000000000000') })).data.assignException.userErrors[0]).toMatchObject({
      code: 'NOT_FOUND',
      field: ['userId'],
    });
    expect(ok((await support(ASSIGN, { id: exceptionId, user: null })).data.assignException).exception.owner).toBeNull();
    const carrierKey = createTestClient(database.prisma, { apiKeyScopes: ['write_shipments'] });
    expect((await carrierKey(RESHIP, { id: exceptionId })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' }); // a reship also needs orders:write
  });
});

function decode(globalId: string) {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':').slice(1).join(':');
}

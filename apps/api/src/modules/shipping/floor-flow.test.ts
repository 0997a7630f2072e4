// The warehouse floor end to end through the GraphQL endpoint only: three confirmed orders —
// one split into two parcels, one with a short pick — are picked, packed, labelled, handed over
// on an act and shipped. Replayed scans have no second effect.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { dispatchBuyerNotifications, LoggingNotifier } from '../notifications/notifier.ts';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { extractPdfText } from '../../testing/pdf.ts';

const E = 'userErrors { code field message }';
const rawId = (globalId: string) => decodeGlobalID(globalId).id;

describe('warehouse floor: pick, pack, label, hand over, ship', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  let uploads: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-uploads-'));
    process.env.UPLOADS_DIR = uploads;
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    const warehouse = await createWarehouse(database.prisma, 'FLOOR');
    await database.prisma.carrier.createMany({
      data: [
        { code: 'cdek', name: 'СДЭК', trackingUrlTemplate: 'https://cdek.example/track/{trackingNumber}' },
        { code: 'pochta', name: 'Почта России' },
      ],
    });
    for (const sku of ['EARBUDS', 'CABLE', 'TEAPOT']) await createProduct(database.prisma, { sku, name: `${sku} / 商品` });
    const receive = async (code: string, bin: string, quantity: number) => {
      const r = await gql(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { ${E} } }`, {
        i: { code, warehouseCode: warehouse.code, locationCode: bin, quantity },
      });
      expect(r.data.receiveStock.userErrors).toEqual([]);
    };
    await receive('EARBUDS', 'A-01-1', 10);
    await receive('CABLE', 'B-01-1', 10);
    await receive('TEAPOT', 'A-01-2', 2); // the system believes 2 are here; the picker will find 1
    await receive('TEAPOT', 'B-01-1', 5);

    const address = {
      name: 'Ольга Морозова',
      phone: '+7 900 222-33-44',
      address1: 'Невский пр., д. 88, кв. 7',
      city: 'Санкт-Петербург',
      postalCode: '190000',
      countryCode: 'RU',
    };
    const order = async (key: string, lines: { sku: string; quantity: number }[]) => {
      const created = await gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } ${E} } }`, {
        i: { channel: 'ozon', externalId: `flow-${key}`, currency: 'RUB', warehouseCode: warehouse.code, shippingAddress: address, lines },
      });
      ids[key] = created.data.createOrder.order.id;
      const confirmed = await gql(`mutation($id: ID!) { confirmOrder(id: $id) { order { status } ${E} } }`, { id: ids[key] });
      expect(confirmed.data.confirmOrder.order.status).toBe('CONFIRMED');
    };
    await order('split', [{ sku: 'EARBUDS', quantity: 2 }]);
    await order('mixed', [
      { sku: 'CABLE', quantity: 1 },
      { sku: 'EARBUDS', quantity: 1 },
    ]);
    await order('short', [{ sku: 'TEAPOT', quantity: 2 }]);
  });
  afterAll(async () => {
    await database.drop();
    fs.rmSync(uploads, { recursive: true, force: true });
    delete process.env.UPLOADS_DIR;
  });

  const orderState = async (key: string) =>
    (
      await gql(
        `query($id: ID!) { order(id: $id) { status lines { sku quantityPicked quantityPacked quantityShipped } parcels { id code status weightGrams hasPhoto items { quantity orderLine { sku } } } } }`,
        { id: ids[key] },
      )
    ).data.order;
  const level = async (sku: string) =>
    (
      await gql(`query($s: String) { inventoryLevels(first: 1, sku: $s) { edges { node { onHand reserved picked available bins { quantity location { code } } } } } }`, {
        s: sku,
      })
    ).data.inventoryLevels.edges[0].node;

  let pickListId: string;
  let tasks: any[];

  it('builds a pick list along the bin route and moves the orders to PICKING', async () => {
    const r = await gql(
      `mutation($ids: [ID!]) { createPickList(orderIds: $ids) { pickList { id number status tasks { id sequence quantity product { sku } location { code } order { id status } } progress { tasks units } } ${E} } }`,
      {
        ids: [ids.split, ids.mixed, ids.short],
      },
    );
    expect(r.data.createPickList.userErrors).toEqual([]);
    const list = r.data.createPickList.pickList;
    pickListId = list.id;
    tasks = list.tasks;
    // Route order: bin A-01-1 (both earbuds tasks), then A-01-2, then B-01-1.
    expect(tasks.map((t: any) => `${t.location?.code} ${t.product.sku} ×${t.quantity}`).sort()).toEqual([
      'A-01-1 EARBUDS ×1',
      'A-01-1 EARBUDS ×2',
      'A-01-2 TEAPOT ×2',
      'B-01-1 CABLE ×1',
    ]);
    expect(tasks.map((t: any) => t.location?.code)).toEqual(['A-01-1', 'A-01-1', 'A-01-2', 'B-01-1']);
    expect(tasks.map((t: any) => t.sequence)).toEqual([...tasks.map((t: any) => t.sequence)].sort((a, b) => a - b));
    expect(list.progress).toEqual({ tasks: 4, units: 6 });
    expect(new Set(tasks.map((t: any) => t.order.status))).toEqual(new Set(['PICKING']));
  });

  const SCAN_PICK = `mutation($list: ID!, $code: String!, $bin: String, $qty: Int, $key: String) {
    scanPick(pickListId: $list, code: $code, locationCode: $bin, quantity: $qty, idempotencyKey: $key) { task { quantityPicked remaining status } pickList { progress { unitsPicked unitsShort } } ${E} }
  }`;

  it('refuses wrong items and over-picks; replayed scans count once', async () => {
    const wrong = await gql(SCAN_PICK, { list: pickListId, code: 'NOT-A-PRODUCT', bin: 'A-01-1' });
    expect(wrong.data.scanPick.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_ITEM', field: ['code'] })]);
    const wrongBin = await gql(SCAN_PICK, { list: pickListId, code: 'CABLE', bin: 'A-01-1' });
    expect(wrongBin.data.scanPick.userErrors[0].code).toBe('WRONG_ITEM');

    const first = await gql(SCAN_PICK, { list: pickListId, code: 'BC-EARBUDS', bin: 'A-01-1', key: 'picker-1-scan-0001' });
    expect(first.data.scanPick.task).toMatchObject({ quantityPicked: 1, remaining: 1 });
    const replay = await gql(SCAN_PICK, { list: pickListId, code: 'BC-EARBUDS', bin: 'A-01-1', key: 'picker-1-scan-0001' });
    expect(replay.data.scanPick.userErrors).toEqual([]);
    expect(replay.data.scanPick.pickList.progress.unitsPicked).toBe(1);
    expect(await database.prisma.stockMovement.count({ where: { kind: 'PICK' } })).toBe(1);

    const over = await gql(SCAN_PICK, { list: pickListId, code: 'EARBUDS', bin: 'A-01-1', qty: 5 });
    expect(over.data.scanPick.userErrors[0]).toMatchObject({ code: 'OVER_PICK', field: ['quantity'] });

    for (const [code, bin, key] of [
      ['EARBUDS', 'A-01-1', 'k2'],
      ['EARBUDS', 'A-01-1', 'k3'],
      ['CABLE', 'B-01-1', 'k4'],
      ['TEAPOT', 'A-01-2', 'k5'],
    ]) {
      const r = await gql(SCAN_PICK, { list: pickListId, code, bin, key: `picker-1-scan-${key}` });
      expect(r.data.scanPick.userErrors).toEqual([]);
    }
    expect(await level('EARBUDS')).toMatchObject({ onHand: 10, reserved: 0, picked: 3, bins: [{ quantity: 7, location: { code: 'A-01-1' } }] });
  });

  it('records a short pick and takes the rest from another bin', async () => {
    const notDone = await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { ${E} } }`, { l: pickListId });
    expect(notDone.data.completePickList.userErrors[0].code).toBe('PICK_INCOMPLETE');

    const teapotTask = tasks.find((t: any) => t.product.sku === 'TEAPOT');
    const short = await gql(
      `mutation($l: ID!, $t: ID!) { shortPick(pickListId: $l, taskId: $t, resolution: OTHER_BIN, note: "только 1 шт. / 只有一个") { resolvedBy task { status quantityShort } pickList { tasks { location { code } product { sku } remaining } } ${E} } }`,
      { l: pickListId, t: teapotTask.id },
    );
    expect(short.data.shortPick).toMatchObject({ resolvedBy: 'OTHER_BIN', task: { status: 'SHORT', quantityShort: 1 }, userErrors: [] });
    const newTask = short.data.shortPick.pickList.tasks.find((t: any) => t.product.sku === 'TEAPOT' && t.remaining > 0);
    expect(newTask.location.code).toBe('B-01-1');
    const rest = await gql(SCAN_PICK, { list: pickListId, code: 'TEAPOT', bin: 'B-01-1', key: 'picker-1-scan-k6' });
    expect(rest.data.scanPick.userErrors).toEqual([]);
    expect(await level('TEAPOT')).toMatchObject({ reserved: 0, picked: 2, bins: [{ quantity: 4, location: { code: 'B-01-1' } }] });

    const done = await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { pickList { status progress { unitsPicked unitsShort } } ${E} } }`, { l: pickListId });
    expect(done.data.completePickList).toMatchObject({ pickList: { status: 'COMPLETED', progress: { unitsPicked: 6, unitsShort: 1 } }, userErrors: [] });
    for (const key of ['split', 'mixed', 'short']) expect((await orderState(key)).status).toBe('PICKED');
    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: rawId(ids.short) }, select: { type: true } });
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['PICK_STARTED', 'ITEM_PICKED', 'SHORT_PICKED', 'PICKED']));
  });

  const SCAN_PACK = `mutation($o: ID!, $p: ID, $code: String!, $qty: Int, $key: String) { scanPack(orderId: $o, parcelId: $p, code: $code, quantity: $qty, idempotencyKey: $key) { parcel { id code items { quantity } } ${E} } }`;
  const CLOSE = `mutation($p: ID!, $w: Int!) { closeParcel(parcelId: $p, weightGrams: $w) { order { status } parcel { status } ${E} } }`;

  it('packs one order into two parcels, refusing strangers and over-packing, replays once', async () => {
    const wrong = await gql(SCAN_PACK, { o: ids.split, code: 'CABLE' });
    expect(wrong.data.scanPack.userErrors[0].code).toBe('WRONG_ITEM');

    const first = await gql(SCAN_PACK, { o: ids.split, code: 'EARBUDS', key: 'packer-1-scan-0001' });
    const parcel1 = first.data.scanPack.parcel;
    expect(parcel1.code).toMatch(/^P\d+-1$/);
    const replay = await gql(SCAN_PACK, { o: ids.split, code: 'EARBUDS', key: 'packer-1-scan-0001' });
    expect(replay.data.scanPack.parcel.items).toEqual([{ quantity: 1 }]);
    expect((await gql(CLOSE, { p: parcel1.id, w: 250 })).data.closeParcel).toMatchObject({ order: { status: 'PICKED' }, parcel: { status: 'PACKED' } });

    const second = await gql(`mutation($o: ID!) { openParcel(orderId: $o, boxPresetCode: null) { parcel { id code } ${E} } }`, { o: ids.split });
    const parcel2 = second.data.openParcel.parcel;
    expect(parcel2.code).toMatch(/-2$/);
    expect((await gql(SCAN_PACK, { o: ids.split, p: parcel2.id, code: 'EARBUDS', key: 'packer-1-scan-0002' })).data.scanPack.userErrors).toEqual([]);
    const over = await gql(SCAN_PACK, { o: ids.split, p: parcel2.id, code: 'EARBUDS' });
    expect(over.data.scanPack.userErrors[0].code).toBe('OVER_PACK');
    expect((await gql(CLOSE, { p: parcel2.id, w: 240 })).data.closeParcel.order.status).toBe('PACKED');

    for (const [key, codes] of [
      ['mixed', ['CABLE', 'EARBUDS']],
      ['short', ['TEAPOT', 'TEAPOT']],
    ] as const) {
      let parcelId = '';
      for (const code of codes) parcelId = (await gql(SCAN_PACK, { o: ids[key], code })).data.scanPack.parcel.id;
      expect((await gql(CLOSE, { p: parcelId, w: 900 })).data.closeParcel.order.status).toBe('PACKED');
    }
    const split = await orderState('split');
    expect(split.parcels.map((p: any) => [p.status, p.items])).toEqual([
      ['PACKED', [{ quantity: 1, orderLine: { sku: 'EARBUDS' } }]],
      ['PACKED', [{ quantity: 1, orderLine: { sku: 'EARBUDS' } }]],
    ]);
  });

  it('keeps a packing photo as evidence', async () => {
    const parcel = (await orderState('mixed')).parcels[0];
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: `mutation($p: ID!, $f: File!) { uploadParcelPhoto(parcelId: $p, photo: $f) { parcel { hasPhoto } ${E} } }`,
        variables: { p: parcel.id, f: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    form.set('0', new Blob([png], { type: 'image/png' }), 'parcel.png');
    const response = await gql.fetch('/graphql', { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    const body = await response.json();
    expect(body.data.uploadParcelPhoto).toEqual({ parcel: { hasPhoto: true }, userErrors: [] });
    const stored = await database.prisma.parcel.findUniqueOrThrow({ where: { code: parcel.code } });
    expect(fs.readFileSync(path.join(uploads, stored.photoPath!)).subarray(0, 8)).toEqual(png.subarray(0, 8));
  });

  const PRINT = `mutation($p: ID!, $f: LabelFormat!, $c: String) { printLabel(parcelId: $p, format: $f, carrierCode: $c) { label { printCount format document { filename contentType encoding content } } order { status } ${E} } }`;

  it('prints PDF and ZPL labels, logs reprints and makes the orders READY_TO_SHIP', async () => {
    const split = await orderState('split');
    const pdf = await gql(PRINT, { p: split.parcels[0].id, f: 'PDF', c: 'cdek' });
    expect(pdf.data.printLabel.order.status).toBe('PACKED');
    const doc = pdf.data.printLabel.label.document;
    expect(doc).toMatchObject({ contentType: 'application/pdf', encoding: 'BASE64' });
    const text = await extractPdfText(Buffer.from(doc.content, 'base64'));
    expect(text).toContain(split.parcels[0].code);
    expect(text).toContain('Санкт-Петербург');
    expect(text).toContain('СДЭК');
    // The label carries the buyer's address: reading it is an audited access to buyer data.
    const audit = await database.prisma.auditLog.findMany({ where: { subjectType: 'Order', subjectId: rawId(ids.split) } });
    expect(audit.some((a) => JSON.stringify(a.data).includes('document.label'))).toBe(true);

    const zpl = await gql(PRINT, { p: split.parcels[1].id, f: 'ZPL', c: 'cdek' });
    expect(zpl.data.printLabel.order.status).toBe('READY_TO_SHIP');
    const zplText: string = zpl.data.printLabel.label.document.content;
    expect(zplText).toMatch(/^\^XA[\s\S]*\^XZ\s*$/);
    // The Code128 field encodes the parcel code (no tracking number exists before shipping).
    expect(zplText).toMatch(new RegExp(`\\^BCN[^\\^]*\\^FH\\^FD${split.parcels[1].code}\\^FS`));

    const reprint = await gql(PRINT, { p: split.parcels[0].id, f: 'PDF' });
    expect(reprint.data.printLabel.label.printCount).toBe(2);
    const reprints = await database.prisma.orderEvent.findMany({ where: { orderId: rawId(ids.split), type: 'LABEL_PRINTED' } });
    expect(reprints.map((e) => (e.data as any).reprint)).toEqual([false, false, true]);

    const mixed = await orderState('mixed');
    expect((await gql(PRINT, { p: mixed.parcels[0].id, f: 'PDF', c: 'pochta' })).data.printLabel.order.status).toBe('READY_TO_SHIP');
  });

  let manifestId: string;

  it('hands labelled parcels of one carrier over on an act and closes it', async () => {
    manifestId = (await gql(`mutation { createManifest(carrierCode: "cdek") { manifest { id status } ${E} } }`)).data.createManifest.manifest.id;
    const ADD = `mutation($m: ID!, $c: String!) { addParcelToManifest(manifestId: $m, parcelCode: $c) { manifest { parcelCount } ${E} } }`;
    const short = await orderState('short');
    expect((await gql(ADD, { m: manifestId, c: short.parcels[0].code })).data.addParcelToManifest.userErrors[0].code).toBe('PARCEL_NOT_LABELLED');
    const mixed = await orderState('mixed');
    expect((await gql(ADD, { m: manifestId, c: mixed.parcels[0].code })).data.addParcelToManifest.userErrors[0].code).toBe('WRONG_CARRIER');
    // Relabel for the right carrier, then it is accepted.
    await gql(PRINT, { p: mixed.parcels[0].id, f: 'PDF', c: 'cdek' });
    await gql(PRINT, { p: short.parcels[0].id, f: 'PDF', c: 'cdek' });

    const split = await orderState('split');
    for (const code of [...split.parcels.map((p: any) => p.code), mixed.parcels[0].code, short.parcels[0].code, split.parcels[0].code]) {
      const r = await gql(ADD, { m: manifestId, c: code });
      expect(r.data.addParcelToManifest.userErrors).toEqual([]);
    }
    const closed = await gql(
      `mutation($m: ID!) { closeManifest(manifestId: $m) { manifest { status parcelCount parcels { status } act { contentType content } } ${E} } }`,
      { m: manifestId },
    );
    const manifest = closed.data.closeManifest.manifest;
    expect(manifest.status).toBe('CLOSED');
    expect(manifest.parcelCount).toBe(4);
    expect(new Set(manifest.parcels.map((p: any) => p.status))).toEqual(new Set(['HANDED_OVER']));
    const act = await extractPdfText(Buffer.from(manifest.act.content, 'base64'));
    for (const code of [...split.parcels.map((p: any) => p.code), mixed.parcels[0].code, short.parcels[0].code]) expect(act).toContain(code);
    expect(act).toContain('СДЭК');
  });

  it('ships with tracking numbers per parcel, removes stock and notifies the buyer exactly once', async () => {
    const SHIP = `mutation($o: ID!, $parcels: [ParcelTrackingInput!]!, $key: String) { shipOrder(orderId: $o, parcels: $parcels, idempotencyKey: $key) { order { status } shipment { carrier { code } trackingNumbers { number url } } ${E} } }`;
    const split = await orderState('split');
    const shipped = await gql(SHIP, {
      o: ids.split,
      key: 'ship-split-0001',
      parcels: [
        { parcelId: split.parcels[0].id, trackingNumbers: ['CDEK-1001', 'CDEK-1001B'] },
        { parcelId: split.parcels[1].id, trackingNumbers: ['CDEK-1002'] },
      ],
    });
    expect(shipped.data.shipOrder.userErrors).toEqual([]);
    expect(shipped.data.shipOrder.order.status).toBe('SHIPPED');
    expect(shipped.data.shipOrder.shipment.trackingNumbers).toEqual([
      { number: 'CDEK-1001', url: 'https://cdek.example/track/CDEK-1001' },
      { number: 'CDEK-1001B', url: 'https://cdek.example/track/CDEK-1001B' },
      { number: 'CDEK-1002', url: 'https://cdek.example/track/CDEK-1002' },
    ]);
    const replay = await gql(SHIP, {
      o: ids.split,
      key: 'ship-split-0001',
      parcels: [
        { parcelId: split.parcels[0].id, trackingNumbers: ['CDEK-1001', 'CDEK-1001B'] },
        { parcelId: split.parcels[1].id, trackingNumbers: ['CDEK-1002'] },
      ],
    });
    expect(replay.data.shipOrder.userErrors).toEqual([]);
    expect(await database.prisma.shipment.count({ where: { orderId: rawId(ids.split) } })).toBe(1);

    const mixed = await orderState('mixed');
    const duplicate = await gql(SHIP, { o: ids.mixed, parcels: [{ parcelId: mixed.parcels[0].id, trackingNumbers: ['CDEK-1002'] }] });
    expect(duplicate.data.shipOrder.userErrors[0].code).toBe('DUPLICATE_TRACKING');
    expect((await gql(SHIP, { o: ids.mixed, parcels: [{ parcelId: mixed.parcels[0].id, trackingNumbers: ['CDEK-2001'] }] })).data.shipOrder.order.status).toBe('SHIPPED');
    const short = await orderState('short');
    expect((await gql(SHIP, { o: ids.short, parcels: [{ parcelId: short.parcels[0].id, trackingNumbers: ['CDEK-3001'] }] })).data.shipOrder.order.status).toBe('SHIPPED');

    expect(await level('EARBUDS')).toMatchObject({ onHand: 7, reserved: 0, picked: 0, available: 7 });
    expect(await level('TEAPOT')).toMatchObject({ onHand: 5, reserved: 0, picked: 0 });
    for (const key of ['split', 'mixed', 'short']) {
      const state = await orderState(key);
      expect(state.lines.every((l: any) => l.quantityShipped === l.quantityPicked && l.quantityPacked === l.quantityPicked)).toBe(true);
    }
    const sums = await database.prisma.stockMovement.groupBy({ by: ['productId'], _sum: { onHandDelta: true, reservedDelta: true, pickedDelta: true } });
    const levels = await database.prisma.inventoryLevel.findMany();
    for (const l of levels)
      expect(sums.find((s) => s.productId === l.productId)?._sum).toEqual({ onHandDelta: l.onHand, reservedDelta: l.reserved, pickedDelta: l.picked });

    const lines: string[] = [];
    const notifier = new LoggingNotifier((line) => lines.push(line));
    expect(await dispatchBuyerNotifications(database.prisma, notifier)).toBe(3);
    expect(await dispatchBuyerNotifications(database.prisma, notifier)).toBe(0);
    expect(notifier.sent.map((n) => n.trackingNumbers)).toEqual([['CDEK-1001', 'CDEK-1001B', 'CDEK-1002'], ['CDEK-2001'], ['CDEK-3001']]);
    expect(lines.join('\n')).not.toContain('Ольга');
    expect(await database.prisma.orderEvent.count({ where: { type: 'BUYER_NOTIFIED' } })).toBe(3);
  });
});

describe('who may work the floor', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('lets pickers pick but not pack, label or ship; packers pack and ship but not pick', async () => {
    const picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    const packer = createTestClient(database.prisma, { roles: ['PACKER'] });
    const code = (r: any) => r.errors?.[0]?.extensions?.code ?? 'ALLOWED';
    const missingList = 'UGlja0xpc3Q6MDE5MmM2YjAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAw';
    const missingParcel = 'UGFyY2VsOjAxOTJjNmIwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA==';
    const scan = `mutation { scanPick(pickListId: "${missingList}", code: "X") { userErrors { code } } }`;
    const pack = `mutation { closeParcel(parcelId: "${missingParcel}", weightGrams: 100) { userErrors { code } } }`;
    const label = `mutation { printLabel(parcelId: "${missingParcel}", format: PDF) { userErrors { code } } }`;
    expect(code(await picker(scan))).toBe('ALLOWED');
    expect(code(await picker(pack))).toBe('FORBIDDEN');
    expect(code(await picker(label))).toBe('FORBIDDEN');
    expect(code(await packer(scan))).toBe('FORBIDDEN');
    expect(code(await packer(pack))).toBe('ALLOWED');
    expect(code(await packer(label))).toBe('ALLOWED');
  });
});

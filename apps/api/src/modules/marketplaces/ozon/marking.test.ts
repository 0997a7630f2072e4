// Rules before shipping an Ozon order, on the real database with the in-process fake Ozon: the
// marking-code forms we accept, codes scanned per unit at packing (validated, duplicates refused
// across orders), customs declaration and country entered and validated, packing refused with a
// typed error listing what is missing, and the codes sent to Ozon (validate → set → status) before ship.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import type { FakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { GS, gtinCheckDigitValid, parseMarkingCode } from './marking-code.ts';
import { normaliseCountry, normaliseCustomsDeclaration } from './marking.service.ts';
import { OZON_WH, useOzonHarness } from './ozon.fixtures.ts';
import { syncPosting } from './sync.service.ts';

/** A GTIN-14 with its GS1 check digit, from 13 digits. */
function gtin(base13: string) {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(base13[i]) * (i % 2 === 0 ? 3 : 1);
  return base13 + String((10 - (sum % 10)) % 10);
}
const GTIN = gtin('0460700001001');
const TAIL44 = 'Abcdefghij0123456789+/KLMNOPqrstuv=wxyz01234';
/** A well-formed code (serial 13 characters, tail 44) with GS separators. */
const mark = (serial: string, tail = TAIL44, g = GTIN) => `01${g}21${serial}${GS}91EE06${GS}92${tail}`;

describe('marking code forms', () => {
  it('accepts the full code with GS, without GS, with the AIM prefix or a leading FNC1; stores one form', () => {
    const full = mark('5Aq!x%B7c-D9e');
    const expected = { gtin: GTIN, serial: '5Aq!x%B7c-D9e', key: 'EE06', tail: TAIL44, identity: `01${GTIN}215Aq!x%B7c-D9e`, code: full };
    expect(gtinCheckDigitValid(GTIN)).toBe(true);
    expect(parseMarkingCode(full)).toEqual({ ok: true, mark: expected });
    expect(parseMarkingCode(full.replaceAll(GS, ''))).toEqual({ ok: true, mark: expected });
    expect(parseMarkingCode(`]d2${full}\r\n`)).toEqual({ ok: true, mark: expected });
    expect(parseMarkingCode(`${GS}${full}`)).toEqual({ ok: true, mark: expected });
    // Six-character serials and 88-character tails, with and without GS.
    const short = `01${GTIN}21ab_c12${GS}91EE06${GS}92${TAIL44}${TAIL44}`;
    expect(parseMarkingCode(short)).toMatchObject({ ok: true, mark: { serial: 'ab_c12', tail: TAIL44 + TAIL44, code: short } });
    expect(parseMarkingCode(short.replaceAll(GS, ''))).toMatchObject({ ok: true, mark: { serial: 'ab_c12', code: short } });
  });

  it('refuses partial codes, Cyrillic input, a wrong check digit, other tails and lengths', () => {
    const problem = (raw: string) => {
      const parsed = parseMarkingCode(raw);
      return parsed.ok ? 'ok' : parsed.problem;
    };
    expect(problem('')).toBe('EMPTY');
    expect(problem(`01${GTIN}215Aq!x%B7c-D9e`)).toBe('PARTIAL');
    expect(problem(`01${GTIN}215Aq!x%B7c-D9e${GS}`)).toBe('PARTIAL');
    expect(problem(mark('5Aq!x%B7c-D9e').replace('Abc', 'Абв'))).toBe('CYRILLIC');
    expect(problem(mark('5Aq!x%B7c-D9e', TAIL44, GTIN.slice(0, 13) + String((Number(GTIN[13]) + 1) % 10)))).toBe('GTIN_CHECK');
    expect(problem(`01${GTIN}215Aq!x%B7c-D9e${GS}93AbCd`)).toBe('FORMAT'); // a 93 tail
    expect(problem(mark('5Aq!x%B7c-D9e', TAIL44.slice(1)))).toBe('FORMAT'); // 43-character tail
    expect(problem(mark('5Aq!x%B7c-D9', TAIL44))).toBe('FORMAT'); // 12-character serial
    expect(problem(mark('5Aq x%B7c-D9e'))).toBe('FORMAT'); // a space inside
    expect(problem('4607000010010')).toBe('FORMAT'); // a product barcode
  });

  it('validates customs declaration numbers and countries', () => {
    const today = new Date('2026-12-06T00:00:00Z');
    expect(normaliseCustomsDeclaration('10702070/210621/0123456', today)).toBe('10702070/210621/0123456');
    expect(normaliseCustomsDeclaration(' 10702070 / 210621 / 0123456 / 001', today)).toBe('10702070/210621/0123456/001');
    expect(normaliseCustomsDeclaration('10702070/310621/0123456', today)).toBeNull(); // 31 June
    expect(normaliseCustomsDeclaration('10702070/010127/0123456', today)).toBeNull(); // in the future
    expect(normaliseCustomsDeclaration('1070207/210621/0123456', today)).toBeNull();
    expect(normaliseCountry('cn')).toBe('CN');
    expect(normaliseCountry('XX')).toBeNull();
    expect(normaliseCountry('EU')).toBeNull();
    expect(normaliseCountry('China')).toBeNull();
  });
});

const ozon = useOzonHarness({ stock: 50 });
let db: Db;
let fake: FakeOzon;
let account: OzonAccount;
beforeAll(() => {
  ({ db, fake, account } = ozon);
});
const globalIdOf = (orderId: string) => Buffer.from(`Order:${orderId}`).toString('base64');

/** An Ozon posting imported as an order and picked, at the pack station. */
async function pickedOrder(products: { sku: number; offer_id: string; quantity: number }[], requirements: Parameters<FakeOzon['createPosting']>[0]['requirements']) {
  const posting = fake.createPosting({ warehouseId: OZON_WH, products, requirements });
  await syncPosting(db, account.id, posting.posting_number);
  const order = await db.order.findFirstOrThrow({ where: { channel: 'ozon', externalId: posting.posting_number }, include: { lines: true } });
  await db.order.update({ where: { id: order.id }, data: { status: 'PICKED' } });
  for (const line of order.lines) await db.orderLine.update({ where: { id: line.id }, data: { quantityPicked: line.quantity } });
  return { posting, order, id: globalIdOf(order.id) };
}

const ERR = 'userErrors { code field message }';
const scanCode = (orderId: string, code: string, sku?: string) =>
  ozon.admin(`mutation($o: ID!, $c: String!, $s: String) { scanMarkingCode(orderId: $o, code: $c, sku: $s) { ${ERR} } }`, { o: orderId, c: code, s: sku ?? null });
const removeCode = (orderId: string, code: string) =>
  ozon.admin(`mutation($o: ID!, $c: String!) { removeMarkingCode(orderId: $o, code: $c) { ${ERR} } }`, { o: orderId, c: code });
const setDetails = (orderId: string, input: Record<string, unknown>) =>
  ozon.admin(
    `mutation($o: ID!, $s: String!, $g: String, $n: Boolean, $c: String) { setMarketplaceProductDetails(orderId: $o, sku: $s, customsDeclaration: $g, noCustomsDeclaration: $n, countryOfOrigin: $c) { ${ERR} } }`,
    { o: orderId, s: input.sku, g: input.customsDeclaration ?? null, n: input.noCustomsDeclaration ?? null, c: input.countryOfOrigin ?? null },
  );
/** Packs every unit into one parcel and tries to close it; answers closeParcel's userErrors and the parcel id. */
async function packAndClose(orderId: string, units: Record<string, number>) {
  let parcelId = '';
  for (const [sku, quantity] of Object.entries(units)) {
    const scanned = await ozon.admin(`mutation($o: ID!, $c: String!, $q: Int) { scanPack(orderId: $o, code: $c, quantity: $q) { parcel { id } ${ERR} } }`, {
      o: orderId,
      c: sku,
      q: quantity,
    });
    expect(scanned.data.scanPack.userErrors).toEqual([]);
    parcelId = scanned.data.scanPack.parcel.id;
  }
  return { parcelId, close: () => closeParcel(parcelId) };
}
const closeParcel = async (parcelId: string) =>
  (await ozon.admin(`mutation($p: ID!) { closeParcel(parcelId: $p, weightGrams: 800) { parcel { status } order { status } ${ERR} } }`, { p: parcelId })).data.closeParcel;
const states = async (orderId: string) =>
  (
    await ozon.admin(
      `query($id: ID!) { order(id: $id) { marketplacePosting { requirementsMet exemplarStatus exemplarError
         requirementStates { code enforced met items { sku required done missing rejected value } }
         markingCodes { code sku ozonStatus ozonErrors } } } }`,
      { id: orderId },
    )
  ).data.order.marketplacePosting;

describe('rules before shipping', () => {
  it('scans a code per unit, enters the declaration and country, refuses packing until all is there, and sends them to Ozon before ship', async () => {
    const { posting, id } = await pickedOrder(
      [
        { sku: 501, offer_id: 'OZ-A', quantity: 2 },
        { sku: 502, offer_id: 'OZ-B', quantity: 1 },
      ],
      { products_requiring_mandatory_mark: ['501'], products_requiring_gtd: ['502'], products_requiring_country: ['502'] },
    );
    const { parcelId, close } = await packAndClose(id, { 'OZ-A': 2, 'OZ-B': 1 });

    // Nothing given yet: the parcel stays open and the answer lists every missing thing.
    const refused = await close();
    expect(refused.parcel).toBeNull();
    expect(refused.userErrors).toEqual([
      { code: 'REQUIREMENTS_UNMET', field: ['requirements', 'MARKING_CODES', 'OZ-A'], message: 'OZ-A: 0 of 2 marking codes scanned — scan 2 more' },
      { code: 'REQUIREMENTS_UNMET', field: ['requirements', 'CUSTOMS_DECLARATION', 'OZ-B'], message: expect.stringContaining('customs declaration') },
      { code: 'REQUIREMENTS_UNMET', field: ['requirements', 'COUNTRY_OF_ORIGIN', 'OZ-B'], message: 'OZ-B: give the country of origin' },
    ]);
    expect((await db.parcel.findFirstOrThrow({ where: { id: Buffer.from(parcelId, 'base64').toString().split(':')[1] } })).status).toBe('OPEN');

    // Codes: a malformed one, then one per unit; the same unit again (without GS) is a duplicate; a third is one too many.
    expect((await scanCode(id, `01${GTIN}21ABCDEFGHIJKLM`)).data.scanMarkingCode.userErrors).toEqual([
      { code: 'INVALID_MARKING_CODE', field: ['code'], message: expect.stringContaining('whole DataMatrix') },
    ]);
    expect((await scanCode(id, mark('ABCDEFGHIJKL1'))).data.scanMarkingCode.userErrors).toEqual([]);
    expect((await scanCode(id, mark('ABCDEFGHIJKL1').replaceAll(GS, ''))).data.scanMarkingCode.userErrors).toEqual([
      { code: 'DUPLICATE_MARKING_CODE', field: ['code'], message: expect.stringContaining('already scanned') },
    ]);
    expect((await scanCode(id, mark('ABCDEFGHIJKL2').replaceAll(GS, ''))).data.scanMarkingCode.userErrors).toEqual([]);
    expect((await scanCode(id, mark('ABCDEFGHIJKL3'), 'OZ-A')).data.scanMarkingCode.userErrors).toEqual([
      { code: 'OVER_PACK', field: ['code'], message: 'All 2 units of OZ-A have their codes' },
    ]);
    expect((await scanCode(id, mark('ABCDEFGHIJKL3'), 'OZ-B')).data.scanMarkingCode.userErrors[0].code).toBe('WRONG_ITEM');

    // Declaration and country: validated, then taken.
    expect((await setDetails(id, { sku: 'OZ-B', customsDeclaration: '10702070/310621/0123456' })).data.setMarketplaceProductDetails.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['customsDeclaration'], message: expect.stringContaining('10702070/210621/0123456') },
    ]);
    expect((await setDetails(id, { sku: 'OZ-B', countryOfOrigin: 'XX' })).data.setMarketplaceProductDetails.userErrors[0]).toMatchObject({
      code: 'INVALID_INPUT',
      field: ['countryOfOrigin'],
    });
    expect((await setDetails(id, { sku: 'OZ-A', countryOfOrigin: 'CN' })).data.setMarketplaceProductDetails.userErrors[0].code).toBe('WRONG_ITEM');
    let view = await states(id);
    expect(view.requirementsMet).toBe(false);
    expect(view.requirementStates).toEqual([
      { code: 'MARKING_CODES', enforced: true, met: true, items: [{ sku: 'OZ-A', required: 2, done: 2, missing: 0, rejected: 0, value: null }] },
      { code: 'CUSTOMS_DECLARATION', enforced: true, met: false, items: [{ sku: 'OZ-B', required: 1, done: 0, missing: 1, rejected: 0, value: null }] },
      { code: 'COUNTRY_OF_ORIGIN', enforced: true, met: false, items: [{ sku: 'OZ-B', required: 1, done: 0, missing: 1, rejected: 0, value: null }] },
    ]);
    expect(
      (await setDetails(id, { sku: 'OZ-B', customsDeclaration: '10702070/210621/0123456', countryOfOrigin: 'cn' })).data.setMarketplaceProductDetails.userErrors,
    ).toEqual([]);
    view = await states(id);
    expect(view.requirementsMet).toBe(true);
    expect(view.requirementStates.map((s: { items: { value: string | null }[] }) => s.items[0]!.value)).toEqual([null, '10702070/210621/0123456', 'CN']);
    expect(view.markingCodes).toEqual([
      { code: `01${GTIN}21ABCDEFGHIJKL1`, sku: 'OZ-A', ozonStatus: null, ozonErrors: [] },
      { code: `01${GTIN}21ABCDEFGHIJKL2`, sku: 'OZ-A', ozonStatus: null, ozonErrors: [] },
    ]);

    // Now the order is packed, and the ship job sends country, then codes (checked, saved, verdict), then ship.
    expect(await close()).toMatchObject({ userErrors: [], order: { status: 'PACKED' } });
    const before = fake.requests.length;
    await ozon.runTask('ozon.ship');
    const calls = fake.requests.slice(before).map((r) => `${r.path} ${r.status}`);
    expect(calls.filter((c) => !c.startsWith('/v3/posting/fbs/get'))).toEqual([
      '/v2/posting/fbs/product/country/set 200',
      '/v5/fbs/posting/product/exemplar/validate 200',
      '/v6/fbs/posting/product/exemplar/set 200',
      '/v5/fbs/posting/product/exemplar/status 200',
      '/v4/posting/fbs/ship 200',
    ]);
    expect(fake.countries.get(posting.posting_number)).toEqual(new Map([[502, 'CN']]));
    expect(fake.exemplars.get(posting.posting_number)).toEqual([
      {
        product_id: 501,
        exemplars: [1, 2].map((n) => expect.objectContaining({ marks: [{ mark: mark(`ABCDEFGHIJKL${n}`), mark_type: 'mandatory_mark' }], is_gtd_absent: true })),
      },
      { product_id: 502, exemplars: [expect.objectContaining({ marks: [], gtd: '10702070/210621/0123456', is_gtd_absent: false })] },
    ]);
    expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_deliver');
    view = await states(id);
    expect(view.exemplarStatus).toBe('ship_available');
    expect(view.markingCodes.map((c: { ozonStatus: string }) => c.ozonStatus)).toEqual(['passed', 'passed']);
    // Shipped: the codes can no longer change.
    expect((await removeCode(id, mark('ABCDEFGHIJKL1'))).data.removeMarkingCode.userErrors[0].code).toBe('INVALID_TRANSITION');
  });

  it('refuses a code used on another order; a code Ozon refuses stops the ship until it is replaced', async () => {
    const { posting, id } = await pickedOrder([{ sku: 501, offer_id: 'OZ-A', quantity: 1 }], { products_requiring_mandatory_mark: ['501'] });
    // Used by the first test's order (shipped): refused, naming that order.
    const used = (await scanCode(id, mark('ABCDEFGHIJKL1'))).data.scanMarkingCode.userErrors;
    expect(used).toEqual([{ code: 'DUPLICATE_MARKING_CODE', field: ['code'], message: expect.stringMatching(/already used on order #\d+/) }]);

    // "Честный ЗНАК" says this unit is not in circulation: Ozon refuses it at the check, no ship call is made.
    fake.refusedMarks.set(`01${GTIN}21RETIRED000001`, 'MARK_NOT_IN_CIRCULATION');
    expect((await scanCode(id, mark('RETIRED000001'))).data.scanMarkingCode.userErrors).toEqual([]);
    const { close } = await packAndClose(id, { 'OZ-A': 1 });
    expect(await close()).toMatchObject({ userErrors: [], order: { status: 'PACKED' } });
    const before = fake.requests.length;
    await expect(ozon.runTask('ozon.ship')).rejects.toThrow();
    expect(fake.requests.slice(before).map((r) => r.path)).not.toContain('/v4/posting/fbs/ship');
    expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_packaging');
    let view = await states(id);
    expect(view).toMatchObject({ requirementsMet: false, exemplarStatus: 'ship_not_available', exemplarError: expect.stringContaining('refused') });
    expect(view.requirementStates[0].items).toEqual([{ sku: 'OZ-A', required: 1, done: 0, missing: 1, rejected: 1, value: null }]);
    expect(view.markingCodes).toEqual([{ code: `01${GTIN}21RETIRED000001`, sku: 'OZ-A', ozonStatus: 'refused', ozonErrors: ['MARK_NOT_IN_CIRCULATION'] }]);
    // The next run does not call Ozon again for it: the order needs the floor (the missing code is listed).
    const again = fake.requests.length;
    await expect(ozon.runTask('ozon.ship')).rejects.toThrow();
    expect(fake.requests.slice(again).map((r) => r.path)).not.toContain('/v6/fbs/posting/product/exemplar/set');

    // Replaced at the pack station (still PACKED, not shipped): the ship goes through.
    expect((await removeCode(id, `01${GTIN}21RETIRED000001`)).data.removeMarkingCode.userErrors).toEqual([]);
    expect((await scanCode(id, mark('GOODUNIT00001'))).data.scanMarkingCode.userErrors).toEqual([]);
    await ozon.runTask('ozon.ship');
    expect(fake.postings.get(posting.posting_number)!.status).toBe('awaiting_deliver');
    view = await states(id);
    expect(view).toMatchObject({ requirementsMet: true, exemplarStatus: 'ship_available', exemplarError: null });
  });

  it('shares the codes out among the parts of a posting Ozon split before packing', async () => {
    const { posting, order, id } = await pickedOrder([{ sku: 501, offer_id: 'OZ-A', quantity: 2 }], { products_requiring_mandatory_mark: ['501'] });
    for (const serial of ['SPLITUNIT0001', 'SPLITUNIT0002']) expect((await scanCode(id, mark(serial))).data.scanMarkingCode.userErrors).toEqual([]);
    const [partA, partB] = fake.splitPosting(posting.posting_number, [[{ sku: 501, quantity: 1 }], [{ sku: 501, quantity: 1 }]]);
    await syncPosting(db, account.id, posting.posting_number);
    for (const sequence of [1, 2])
      await db.parcel.create({
        data: {
          orderId: order.id,
          sequence,
          code: `PS${sequence}-${posting.posting_number}`,
          status: 'PACKED',
          items: { create: [{ orderLineId: order.lines[0]!.id, quantity: 1 }] },
        },
      });
    await db.order.update({ where: { id: order.id }, data: { status: 'PACKED' } });
    await ozon.runTask('ozon.ship');
    const marksOf = (number: string) => fake.exemplars.get(number)!.flatMap((p) => p.exemplars.flatMap((e) => e.marks.map((m) => m.mark)));
    expect(marksOf(partA!.posting_number)).toEqual([mark('SPLITUNIT0001')]);
    expect(marksOf(partB!.posting_number)).toEqual([mark('SPLITUNIT0002')]);
    expect(fake.postings.get(partA!.posting_number)!.status).toBe('awaiting_deliver');
    expect(fake.postings.get(partB!.posting_number)!.status).toBe('awaiting_deliver');
  });

  it('refuses to ship an order whose requirements came after packing, listing what is missing', async () => {
    const { order, id } = await pickedOrder([{ sku: 502, offer_id: 'OZ-B', quantity: 1 }], { products_requiring_country: ['502'] });
    const carrier = await db.carrier.create({ data: { code: `c-${order.number}`, name: 'Carrier' } });
    const parcel = await db.parcel.create({
      data: {
        orderId: order.id,
        sequence: 1,
        code: `PR-${order.number}`,
        status: 'LABELLED',
        carrierId: carrier.id,
        items: { create: [{ orderLineId: order.lines[0]!.id, quantity: 1 }] },
      },
    });
    await db.order.update({ where: { id: order.id }, data: { status: 'READY_TO_SHIP' } });
    const ship = await ozon.admin(
      `mutation($o: ID!, $p: ID!) { shipOrder(orderId: $o, parcels: [{ parcelId: $p, trackingNumbers: ["T-${order.number}"] }]) { ${ERR} } }`,
      {
        o: id,
        p: Buffer.from(`Parcel:${parcel.id}`).toString('base64'),
      },
    );
    expect(ship.data.shipOrder.userErrors).toEqual([
      { code: 'REQUIREMENTS_UNMET', field: ['requirements', 'COUNTRY_OF_ORIGIN', 'OZ-B'], message: 'OZ-B: give the country of origin' },
    ]);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('READY_TO_SHIP');
  });

  it('lets the code of a cancelled, never-shipped order move to another order', async () => {
    const first = await pickedOrder([{ sku: 501, offer_id: 'OZ-A', quantity: 1 }], { products_requiring_mandatory_mark: ['501'] });
    expect((await scanCode(first.id, mark('MOVINGUNIT001'))).data.scanMarkingCode.userErrors).toEqual([]);
    await db.order.update({ where: { id: first.order.id }, data: { status: 'CANCELLED' } });
    const second = await pickedOrder([{ sku: 501, offer_id: 'OZ-A', quantity: 1 }], { products_requiring_mandatory_mark: ['501'] });
    expect((await scanCode(second.id, mark('MOVINGUNIT001'))).data.scanMarkingCode.userErrors).toEqual([]);
    expect(await db.markingCode.findMany({ where: { identity: `01${GTIN}21MOVINGUNIT001` }, select: { orderId: true } })).toEqual([{ orderId: second.order.id }]);
    const note = await db.orderEvent.findFirst({ where: { orderId: first.order.id, type: 'NOTE_ADDED' }, orderBy: { createdAt: 'desc' } });
    expect(note?.data).toMatchObject({ markingCodeMoved: `01${GTIN}21MOVINGUNIT001` });
  });
});

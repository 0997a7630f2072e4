// Rules before shipping an Ozon order. Ozon refuses to pack a posting whose requirements are not met,
// and the seller would find out late, at the door. So we check first:
// - products Ozon lists under products_requiring_mandatory_mark need one "Честный ЗНАК" code per unit,
//   scanned at the pack station (marking-code.ts says which forms we accept); a unit's code is used
//   once across all orders (unique identity in the database) — except that the code of a cancelled,
//   never-shipped order may move to another order (the unit went back to the shelf);
// - products under products_requiring_gtd need a customs declaration number, or the statement that
//   there is none (Ozon's is_gtd_absent); products under products_requiring_country /
//   products_requiring_change_country need a country of origin (ISO 3166-1 alpha-2);
// - an order whose requirements are unmet does not become PACKED (closeParcel answers REQUIREMENTS_UNMET,
//   one userError per missing thing) and is not shipped to Ozon;
// - before the ship call, the countries go to Ozon (country/set), then the units' codes and
//   declarations (exemplar validate → set → status); only `ship_available` lets the ship go on.
//   A code Ozon refuses is kept with Ozon's error codes and counts as missing until replaced.
// RNPT and jewellery UIN requirements are shown but not entered here (and do not block).
import type { Db, MarkingCode, OzonPosting as PostingRow, OzonPostingProductDetail, Prisma } from '@orderly/schema';
import { DomainError, userError, type UserErrorShape } from '../../../core/errors.ts';
import type { Tx } from '../../../core/transaction.ts';
import { appendOrderEvent, lineUnits, lockOrder } from '../../orders/order.service.ts';
import type { OzonClient, OzonPosting } from './client.ts';
import { type ExemplarProductInput, exemplarStatus, setExemplars, setProductCountry, validateExemplars } from './exemplar-client.ts';
import { asGtin14, parseMarkingCode, showMark } from './marking-code.ts';
import { resolveRequirements, type RequirementCode, type StoredRequirements } from './requirements.ts';

/** Requirement codes we let the floor fulfil here (the others are shown only). */
export const enforcedRequirements = [
  'MARKING_CODES',
  'CUSTOMS_DECLARATION',
  'COUNTRY_OF_ORIGIN',
  'CHANGE_COUNTRY_OF_ORIGIN',
] as const satisfies readonly RequirementCode[];

/** Order statuses in which codes and details may still change (the posting not yet shipped to Ozon). */
const editableStatuses = new Set(['PICKED', 'PACKED', 'READY_TO_SHIP']);

type Db_ = Db | Tx;

/** The state of one product of one requirement: how many units (or values) Ozon wants, how many we have. */
export interface RequirementItemState {
  sku: string;
  ozonSku: string;
  /** Units (marking codes) or 1 (a declaration number, a country). */
  required: number;
  /** Codes scanned and not refused by Ozon / 1 once the value is given. */
  done: number;
  missing: number;
  /** Codes Ozon refused (to be replaced). */
  rejected: number;
  /** The value given: the customs declaration number, "none", or the country code. */
  value: string | null;
}

export interface RequirementState {
  code: RequirementCode;
  /** Entered and enforced here (RNPT and jewellery UIN are not). */
  enforced: boolean;
  met: boolean;
  items: RequirementItemState[];
}

/** The order's original (unsplit-by-us) Ozon posting, if it came from Ozon. */
export function postingOfOrder(db: Db_, orderId: string) {
  return db.ozonPosting.findFirst({ where: { orderId, parentPostingNumber: null }, orderBy: { createdAt: 'asc' } });
}

const storedOf = (posting: Pick<PostingRow, 'requirements'>) =>
  (posting.requirements && typeof posting.requirements === 'object' ? posting.requirements : {}) as StoredRequirements;

/** Per requirement and product: what is there and what is missing (units of cancelled lines are not wanted). */
export async function requirementStates(db: Db_, posting: Pick<PostingRow, 'id' | 'orderId' | 'requirements'>): Promise<RequirementState[]> {
  const stored = storedOf(posting);
  const codes = Object.keys(stored) as RequirementCode[];
  if (!codes.length || !posting.orderId) return [];
  const [lines, marks, details] = await Promise.all([
    db.orderLine.findMany({ where: { orderId: posting.orderId }, select: { id: true, sku: true, quantity: true, quantityCancelled: true } }),
    db.markingCode.findMany({ where: { orderId: posting.orderId }, select: { orderLineId: true, ozonErrors: true } }),
    db.ozonPostingProductDetail.findMany({ where: { postingId: posting.id } }),
  ]);
  const unitsOf = (sku: string) => lines.filter((l) => l.sku === sku).reduce((n, l) => n + lineUnits(l), 0);
  const detailOf = (sku: string) => details.find((d) => d.sku === sku);
  const order: RequirementCode[] = ['MARKING_CODES', 'CUSTOMS_DECLARATION', 'COUNTRY_OF_ORIGIN', 'CHANGE_COUNTRY_OF_ORIGIN', 'BATCH_REGISTRATION_NUMBER', 'JEWELLERY_ID'];
  return order
    .filter((code) => stored[code]?.length)
    .map((code) => {
      const enforced = (enforcedRequirements as readonly string[]).includes(code);
      const items = stored[code]!.map(({ sku, ozonSku }): RequirementItemState => {
        if (code === 'MARKING_CODES') {
          const lineIds = new Set(lines.filter((l) => l.sku === sku).map((l) => l.id));
          const mine = marks.filter((m) => lineIds.has(m.orderLineId));
          const rejected = mine.filter((m) => m.ozonErrors.length > 0).length;
          const required = unitsOf(sku);
          const done = Math.min(required, mine.length - rejected);
          return { sku, ozonSku, required, done, missing: required - done, rejected, value: null };
        }
        const detail = detailOf(sku);
        const value =
          code === 'CUSTOMS_DECLARATION'
            ? (detail?.customsDeclaration ?? (detail?.noCustomsDeclaration ? 'none' : null))
            : code === 'COUNTRY_OF_ORIGIN' || code === 'CHANGE_COUNTRY_OF_ORIGIN'
              ? (detail?.countryOfOrigin ?? null)
              : null;
        const done = value ? 1 : 0;
        return { sku, ozonSku, required: 1, done, missing: 1 - done, rejected: 0, value };
      });
      return { code, enforced, met: items.every((i) => i.missing === 0), items };
    });
}

const describeMissing = (state: RequirementState, item: RequirementItemState) => {
  switch (state.code) {
    case 'MARKING_CODES':
      return `${item.sku}: ${item.done} of ${item.required} marking codes scanned — scan ${item.missing} more${item.rejected ? ` (${item.rejected} refused by Ozon: replace them)` : ''}`;
    case 'CUSTOMS_DECLARATION':
      return `${item.sku}: give the customs declaration (GTD) number, or say there is none`;
    default:
      return `${item.sku}: give the country of origin`;
  }
};

/** One userError per missing thing (empty when all is there or the order is not an Ozon order). */
export async function missingRequirements(db: Db_, orderId: string): Promise<UserErrorShape[]> {
  const posting = await postingOfOrder(db, orderId);
  if (!posting || posting.shippedAt) return [];
  const states = await requirementStates(db, posting);
  return states
    .filter((s) => s.enforced)
    .flatMap((s) => s.items.filter((i) => i.missing > 0).map((i) => userError('REQUIREMENTS_UNMET', describeMissing(s, i), ['requirements', s.code, i.sku])));
}

/** Refuses (REQUIREMENTS_UNMET, listing what is missing) when the order's Ozon posting still lacks something. */
export async function assertRequirementsMet(db: Db_, orderId: string) {
  const missing = await missingRequirements(db, orderId);
  if (missing.length) throw new DomainError(missing);
}

async function editablePosting(tx: Tx, order: { id: string; number: number; status: string }) {
  const posting = await postingOfOrder(tx, order.id);
  if (!posting) throw new DomainError(userError('NOT_FOUND', `Order #${order.number} did not come from Ozon: it has no posting requirements`, ['orderId']));
  if (posting.shippedAt || !editableStatuses.has(order.status))
    throw new DomainError(
      userError(
        'INVALID_TRANSITION',
        `Order #${order.number} is ${order.status}${posting.shippedAt ? ' and shipped to Ozon' : ''}; its codes and details can no longer change`,
        ['orderId'],
      ),
    );
  return posting;
}

/** Something changed: Ozon must get the whole set again before ship. */
const needsResend = (tx: Tx, postingId: string) =>
  tx.ozonPosting.update({ where: { id: postingId }, data: { exemplarsSentAt: null, exemplarStatus: null, exemplarError: null } });

/**
 * The packer scanned a marking code for one unit. `sku` names the product when the code alone does
 * not tell (several marked products without a matching GTIN barcode). Refused: a malformed code, a
 * code already used (here or on another order that is not cancelled), more codes than units, a code
 * whose GTIN is not the product's.
 */
export async function scanMarkingCode(tx: Tx, params: { orderId: string; code: string; sku?: string | null; actor: string }): Promise<{ orderId: string }> {
  const order = await lockOrder(tx, params.orderId, null, ['orderId']);
  const posting = await editablePosting(tx, order);
  const parsed = parseMarkingCode(params.code);
  if (!parsed.ok) throw new DomainError(userError('INVALID_MARKING_CODE', parsed.message, ['code']));
  const mark = parsed.mark;
  const marked = new Set((storedOf(posting).MARKING_CODES ?? []).map((i) => i.sku));
  if (!marked.size) throw new DomainError(userError('WRONG_ITEM', `Ozon wants no marking codes for order #${order.number}`, ['code']));

  const lines = order.lines.filter((l) => marked.has(l.sku) && lineUnits(l) > 0);
  const counts = new Map<string, number>();
  for (const row of await tx.markingCode.groupBy({ by: ['orderLineId'], where: { orderId: order.id }, _count: true })) counts.set(row.orderLineId, row._count);
  const open = lines.filter((l) => (counts.get(l.id) ?? 0) < lineUnits(l));
  const barcodes = await tx.productBarcode.findMany({ where: { productId: { in: lines.map((l) => l.productId) } }, select: { productId: true, code: true } });
  const gtinsOf = (productId: string) => barcodes.filter((b) => b.productId === productId).flatMap((b) => asGtin14(b.code) ?? []);

  let line;
  if (params.sku) {
    line = lines.find((l) => l.sku === params.sku);
    if (!line) throw new DomainError(userError('WRONG_ITEM', `${params.sku} needs no marking code on order #${order.number}`, ['sku']));
  } else {
    const byGtin = lines.filter((l) => gtinsOf(l.productId).includes(mark.gtin));
    line = byGtin.length === 1 ? byGtin[0] : open.length === 1 && !byGtin.length ? open[0] : undefined;
    if (!line)
      throw new DomainError(
        userError('INVALID_INPUT', open.length ? 'Choose the product this code is for, then scan it again' : `Every marked unit of order #${order.number} has its code`, [
          'sku',
        ]),
      );
  }
  const gtins = gtinsOf(line.productId);
  if (gtins.length && !gtins.includes(mark.gtin)) throw new DomainError(userError('WRONG_ITEM', `This code is for GTIN ${mark.gtin}, not for ${line.sku}`, ['code']));
  if ((counts.get(line.id) ?? 0) >= lineUnits(line))
    throw new DomainError(userError('OVER_PACK', `All ${lineUnits(line)} units of ${line.sku} have their codes`, ['code']));

  const used = await tx.markingCode.findUnique({ where: { identity: mark.identity }, include: { order: { select: { id: true, number: true, status: true } } } });
  if (used) {
    if (used.orderId === order.id) throw new DomainError(userError('DUPLICATE_MARKING_CODE', `This code was already scanned for ${line.sku} on this order`, ['code']));
    const heldPosting = await postingOfOrder(tx, used.orderId);
    if (used.order.status !== 'CANCELLED' || heldPosting?.shippedAt)
      throw new DomainError(userError('DUPLICATE_MARKING_CODE', `This code is already used on order #${used.order.number}`, ['code']));
    // The unit of a cancelled order went back to the shelf: its code moves with it.
    await tx.markingCode.delete({ where: { id: used.id } });
    await appendOrderEvent(tx, used.orderId, { type: 'NOTE_ADDED', actor: params.actor, data: { markingCodeMoved: showMark(mark), toOrder: order.number } });
  }
  await tx.markingCode.create({
    data: {
      orderId: order.id,
      orderLineId: line.id,
      identity: mark.identity,
      gtin: mark.gtin,
      serial: mark.serial,
      code: mark.code,
      scannedBy: params.actor,
      ozonErrors: [],
    },
  });
  await needsResend(tx, posting.id);
  await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor: params.actor, data: { markingCodeScanned: showMark(mark), sku: line.sku } });
  return { orderId: order.id };
}

/** Takes a scanned code off the order (wrong unit, or one Ozon refused): scan it again, or give its identity. */
export async function removeMarkingCode(tx: Tx, params: { orderId: string; code: string; actor: string }): Promise<{ orderId: string }> {
  const order = await lockOrder(tx, params.orderId, null, ['orderId']);
  const posting = await editablePosting(tx, order);
  const parsed = parseMarkingCode(params.code);
  const identity = parsed.ok ? parsed.mark.identity : params.code.trim();
  const row = await tx.markingCode.findFirst({ where: { orderId: order.id, identity } });
  if (!row) throw new DomainError(userError('NOT_FOUND', `That code is not on order #${order.number}`, ['code']));
  await tx.markingCode.delete({ where: { id: row.id } });
  await needsResend(tx, posting.id);
  await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor: params.actor, data: { markingCodeRemoved: showMark(row) } });
  return { orderId: order.id };
}

// ─── Customs declaration number and country of origin ──────────────────────────────────────────

/**
 * A Russian customs declaration (ДТ/ГТД) number: customs office code (8 digits) / registration date
 * DDMMYY / serial number (7 digits), optionally / item number (3 digits): 10702070/210621/0123456[/001].
 * Spaces are dropped. Returns the normalised number, or null.
 */
export function normaliseCustomsDeclaration(raw: string, today = new Date()): string | null {
  const value = raw.replace(/\s+/g, '');
  const m = /^(\d{8})\/(\d{2})(\d{2})(\d{2})\/(\d{7})(\/\d{3})?$/.exec(value);
  if (!m) return null;
  const [day, month, year] = [Number(m[2]), Number(m[3]), 2000 + Number(m[4])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1 || date.getTime() > today.getTime()) return null;
  return value;
}

/** Region codes that are not countries (CLDR groupings and private-use codes). */
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA']);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** An ISO 3166-1 alpha-2 country code (upper-cased), or null. */
export function normaliseCountry(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || notCountries.has(code)) return null;
  try {
    return regionNames.of(code) ? code : null;
  } catch {
    return null;
  }
}

/**
 * What the floor gives for one product that Ozon asked it for: the customs declaration number (or
 * `noCustomsDeclaration`), the country of origin. Only the requirements the posting has are taken.
 */
export async function setPostingProductDetails(
  tx: Tx,
  params: { orderId: string; sku: string; customsDeclaration?: string | null; noCustomsDeclaration?: boolean | null; countryOfOrigin?: string | null; actor: string },
): Promise<{ orderId: string }> {
  const order = await lockOrder(tx, params.orderId, null, ['orderId']);
  const posting = await editablePosting(tx, order);
  const stored = storedOf(posting);
  const asks = (code: RequirementCode) => (stored[code] ?? []).find((i) => i.sku === params.sku);
  const gtdItem = asks('CUSTOMS_DECLARATION');
  const countryItem = asks('COUNTRY_OF_ORIGIN') ?? asks('CHANGE_COUNTRY_OF_ORIGIN');
  const errors: UserErrorShape[] = [];
  const data: Partial<Pick<OzonPostingProductDetail, 'customsDeclaration' | 'noCustomsDeclaration' | 'countryOfOrigin'>> = {};
  if (!gtdItem && !countryItem) throw new DomainError(userError('WRONG_ITEM', `Ozon asks nothing about ${params.sku} on order #${order.number}`, ['sku']));

  const gtdGiven = params.customsDeclaration != null && params.customsDeclaration.trim() !== '';
  if (gtdGiven || params.noCustomsDeclaration != null) {
    if (!gtdItem) errors.push(userError('INVALID_INPUT', `Ozon asks no customs declaration number for ${params.sku}`, ['customsDeclaration']));
    else if (gtdGiven && params.noCustomsDeclaration)
      errors.push(userError('INVALID_INPUT', 'Give the customs declaration number or say there is none, not both', ['noCustomsDeclaration']));
    else if (gtdGiven) {
      const gtd = normaliseCustomsDeclaration(params.customsDeclaration!);
      if (!gtd)
        errors.push(
          userError('INVALID_INPUT', 'A customs declaration number looks like 10702070/210621/0123456 (office / date DDMMYY / number)', ['customsDeclaration']),
        );
      else Object.assign(data, { customsDeclaration: gtd, noCustomsDeclaration: false });
    } else Object.assign(data, { customsDeclaration: null, noCustomsDeclaration: !!params.noCustomsDeclaration });
  }
  if (params.countryOfOrigin != null && params.countryOfOrigin.trim() !== '') {
    const country = normaliseCountry(params.countryOfOrigin);
    if (!countryItem) errors.push(userError('INVALID_INPUT', `Ozon asks no country of origin for ${params.sku}`, ['countryOfOrigin']));
    else if (!country) errors.push(userError('INVALID_INPUT', 'Give the country as its two-letter ISO code (CN, RU, TR…)', ['countryOfOrigin']));
    else data.countryOfOrigin = country;
  }
  if (errors.length) throw new DomainError(errors);
  if (!Object.keys(data).length) throw new DomainError(userError('INVALID_INPUT', 'Give a customs declaration number, "none", or a country', null));
  const ozonSku = (gtdItem ?? countryItem)!.ozonSku;
  await tx.ozonPostingProductDetail.upsert({
    where: { postingId_sku: { postingId: posting.id, sku: params.sku } },
    create: { postingId: posting.id, sku: params.sku, ozonSku, updatedBy: params.actor, ...data },
    update: { ...data, updatedBy: params.actor },
  });
  await needsResend(tx, posting.id);
  await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor: params.actor, data: { ozonProductDetails: params.sku, ...(data as Prisma.InputJsonObject) } });
  return { orderId: order.id };
}

// ─── Out to Ozon, before ship ───────────────────────────────────────────────────────────────────

/** The posting's requirements are not all met here: nothing was sent, the order needs the floor. */
export class OzonRequirementsUnmetError extends Error {
  constructor(readonly missing: string[]) {
    super(`Ozon's requirements are not met: ${missing.join('; ')}`);
    this.name = 'OzonRequirementsUnmetError';
  }
}

/** Ozon refused some codes or declarations (or is still checking them: `pending`). */
export class OzonExemplarsRefusedError extends Error {
  constructor(
    readonly postingNumber: string,
    readonly pending = false,
  ) {
    super(pending ? 'Ozon is still checking the marking codes' : 'Ozon refused marking codes or customs declarations of the posting');
    this.name = 'OzonExemplarsRefusedError';
  }
}

/**
 * Before `posting` (fresh from Ozon, awaiting packaging) is shipped: countries, then every unit's
 * codes and declarations, then Ozon's verdict. Resolves when Ozon lets it be packed (or it needs
 * nothing); throws otherwise, with the reason kept on the posting row and codes Ozon refused marked.
 */
export async function sendRequirementsBeforeShip(
  db: Db,
  client: OzonClient,
  row: PostingRow,
  posting: OzonPosting,
  options: { skipUnits?: ReadonlyMap<number, number> } = {},
): Promise<void> {
  const fresh = resolveRequirements(posting);
  const wants = (code: RequirementCode) => fresh[code] ?? [];
  const marked = wants('MARKING_CODES');
  const gtd = wants('CUSTOMS_DECLARATION');
  const countries = [...wants('COUNTRY_OF_ORIGIN'), ...wants('CHANGE_COUNTRY_OF_ORIGIN')];
  if (!marked.length && !gtd.length && !countries.length) return;
  const fail = async (data: Pick<Partial<PostingRow>, 'exemplarStatus'>, error: Error): Promise<never> => {
    await db.ozonPosting.update({ where: { id: row.id }, data: { exemplarError: error.message.slice(0, 300), ...data } });
    throw error;
  };
  // Ozon's list may be newer than ours: keep it, then check against it.
  if (JSON.stringify(fresh) !== JSON.stringify(row.requirements))
    await db.ozonPosting.update({ where: { id: row.id }, data: { requirements: fresh as Prisma.InputJsonObject } });
  const missing = await missingRequirements(db, row.orderId!);
  if (missing.length) await fail({ exemplarStatus: 'unmet' }, new OzonRequirementsUnmetError(missing.map((m) => m.message)));
  if (row.exemplarsSentAt && row.exemplarStatus === 'ship_available') return;

  // A part of a posting Ozon split: details were given on the original, codes are shared out in part order.
  const root = row.parentPostingNumber ? ((await postingOfOrder(db, row.orderId!)) ?? row) : row;
  const details = await db.ozonPostingProductDetail.findMany({ where: { postingId: root.id } });
  const detail = (sku: string) => details.find((d) => d.sku === sku);
  for (const item of countries) await setProductCountry(client, posting.posting_number, Number(item.ozonSku), detail(item.sku)!.countryOfOrigin!);

  // Every unit of every product that needs marks or a declaration: Ozon wants the whole set each time.
  const needed = new Map([...marked, ...gtd].map((i) => [i.ozonSku, i.sku]));
  const codes = await db.markingCode.findMany({
    where: { orderId: row.orderId!, ozonErrors: { isEmpty: true } },
    include: { orderLine: { select: { sku: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const codesBySku = new Map<string, MarkingCode[]>();
  for (const c of codes) codesBySku.set(c.orderLine.sku, [...(codesBySku.get(c.orderLine.sku) ?? []), c]);
  const products: ExemplarProductInput[] = [...needed].map(([ozonSku, sku]) => {
    const quantity = posting.products.filter((p) => String(p.sku) === ozonSku).reduce((n, p) => n + p.quantity, 0);
    const d = detail(sku);
    const skip = options.skipUnits?.get(Number(ozonSku)) ?? 0;
    const isMarked = marked.some((m) => m.ozonSku === ozonSku);
    return {
      product_id: Number(ozonSku),
      exemplars: Array.from({ length: quantity }, (_, i) => ({
        marks: isMarked && codesBySku.get(sku)?.[skip + i] ? [{ mark: codesBySku.get(sku)![skip + i]!.code, mark_type: 'mandatory_mark' as const }] : [],
        ...(d?.customsDeclaration ? { gtd: d.customsDeclaration } : { is_gtd_absent: true }),
        is_rnpt_absent: true,
      })),
    };
  });
  const byMark = new Map(codes.map((c) => [c.code, c]));
  const sentCodes = products.flatMap((p) => p.exemplars.flatMap((e) => e.marks.map((m) => byMark.get(m.mark)!.id)));
  const refuse = async (refused: { mark: string; errors: string[] }[], status: string) => {
    for (const r of refused) {
      const code = byMark.get(r.mark);
      if (code) await db.markingCode.update({ where: { id: code.id }, data: { ozonStatus: 'refused', ozonErrors: r.errors.length ? r.errors : ['REFUSED'] } });
    }
    await appendOrderEvent(db as unknown as Tx, row.orderId!, {
      type: 'NOTE_ADDED',
      actor: 'ozon',
      data: {
        source: 'ozon',
        change: 'marking codes refused',
        codes: refused.map((r) => ({ code: byMark.get(r.mark) ? showMark(byMark.get(r.mark)!) : null, errors: r.errors })),
      },
    });
    return fail({ exemplarStatus: status }, new OzonExemplarsRefusedError(posting.posting_number));
  };

  const checked = await validateExemplars(client, posting.posting_number, products);
  const invalid = checked.products.flatMap((p) => p.exemplars.flatMap((e) => e.marks.filter((m) => !m.valid)));
  const productErrors = checked.products.filter((p) => !p.valid && !p.exemplars.some((e) => e.marks.some((m) => !m.valid)));
  if (invalid.length) await refuse(invalid, 'invalid');
  if (productErrors.length)
    await fail(
      { exemplarStatus: 'invalid' },
      new Error(`Ozon refused the data of product(s) ${productErrors.map((p) => `${p.product_id}: ${p.error ?? 'invalid'}`).join(', ')}`),
    );

  await setExemplars(client, posting.posting_number, products);
  const status = await exemplarStatus(client, posting.posting_number);
  if (status.status === 'ship_available') {
    await db.$transaction([
      db.markingCode.updateMany({ where: { id: { in: sentCodes } }, data: { ozonStatus: 'passed' } }),
      db.ozonPosting.update({ where: { id: row.id }, data: { exemplarsSentAt: new Date(), exemplarStatus: status.status, exemplarError: null } }),
    ]);
    return;
  }
  if (status.status === 'validation_in_process') await fail({ exemplarStatus: status.status }, new OzonExemplarsRefusedError(posting.posting_number, true));
  const refused = status.products.flatMap((p) =>
    p.exemplars.flatMap((e) => e.marks.filter((m) => m.check_status !== 'passed').map((m) => ({ mark: m.mark, errors: m.error_codes ?? [] }))),
  );
  await refuse(refused, status.status);
}

import type { OrderStatus } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import { appendOrderEvent, type CreateOrderInput, createOrder, lineUnits, lockOrder, type ParsedOrderInput, placeHold } from './order.service.ts';

/**
 * One difference between a re-imported order and the one on file. `from`/`to` are raw values:
 * buyer-identifying ones (`pii`) are masked by the GraphQL layer unless the caller may read them.
 */
export interface OrderChange {
  field: string;
  from: string | null;
  to: string | null;
  applied: boolean;
  pii: boolean;
}

/** Past the hand-over (or closed): nothing the marketplace sends changes these any more. */
const settled = new Set<OrderStatus>(['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'EXCEPTION', 'RETURN_REQUESTED', 'RETURNED']);
/** Goods already leave their shelves: a line change needs a person, so the order is held. */
const pickingStarted = new Set<OrderStatus>(['PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP']);

const addressColumns = [
  ['name', 'shipName', true],
  ['phone', 'shipPhone', true],
  ['address1', 'shipAddress1', true],
  ['address2', 'shipAddress2', true],
  ['city', 'shipCity', false],
  ['region', 'shipRegion', false],
  ['postalCode', 'shipPostalCode', true],
  ['countryCode', 'shipCountryCode', false],
] as const;

export interface ReimportOptions {
  /**
   * Field paths (or their prefixes: `buyer`, `shippingAddress`) the sender withholds: a marketplace
   * that hides buyer data (Ozon, some time after delivery) sends blanks, which say nothing about
   * the order — they are neither a change nor written over what is on file.
   */
  withheld?: readonly string[];
}

/**
 * createOrder, and for an order sent again (same channel + externalId) what differs from the one
 * on file, applied where safe (reconcileReimport). Every intake — the GraphQL mutations and the
 * marketplace connectors — goes through here, so a re-import behaves the same wherever it comes from.
 */
export async function takeOrderIn(
  tx: Tx,
  rawInput: CreateOrderInput,
  actor: string,
  root: string,
  options: ReimportOptions = {},
): Promise<{ orderId: string; created: boolean; changes: OrderChange[] }> {
  const { resent, ...result } = await createOrder(tx, rawInput, actor, root);
  return { ...result, changes: resent ? await reconcileReimport(tx, result.orderId, resent, actor, options) : [] };
}

/**
 * A marketplace sent an order it sent before (same channel + externalId) and something differs.
 * Applies what is safe at the order's stage — the address until a label is printed, ship-by until
 * hand-over, the buyer's contact — and never the lines: when they change once picking started the
 * order is held for a person to reconcile. Every applied change is on the timeline (field paths
 * only: the timeline never holds PII).
 */
export async function reconcileReimport(tx: Tx, orderId: string, input: ParsedOrderInput, actor: string, options: ReimportOptions = {}): Promise<OrderChange[]> {
  const withheld = options.withheld ?? [];
  const sent = (field: string) => !withheld.some((w) => field === w || field.startsWith(`${w}.`));
  const order = await lockOrder(tx, orderId);
  const status = order.status === 'ON_HOLD' ? (order.statusBeforeHold ?? 'NEW') : order.status;
  const open = !settled.has(status);
  const labelPrinted = (await tx.shippingLabel.count({ where: { parcel: { orderId } } })) > 0;
  const changes: OrderChange[] = [];
  const orderUpdate: Record<string, string | Date | null> = {};

  for (const [field, column, pii] of addressColumns) {
    if (!sent(`shippingAddress.${field}`)) continue;
    const to = input.shippingAddress[field] ?? null;
    const from = order[column] ?? null;
    if (to === from) continue;
    const applied = open && !labelPrinted;
    if (applied) orderUpdate[column] = to;
    changes.push({ field: `shippingAddress.${field}`, from, to, applied, pii });
  }

  if (input.shipBy && input.shipBy.getTime() !== order.shipBy.getTime()) {
    if (open) orderUpdate.shipBy = input.shipBy;
    changes.push({ field: 'shipBy', from: order.shipBy.toISOString(), to: input.shipBy.toISOString(), applied: open, pii: false });
  }

  const customer = order.customerId ? await tx.customer.findUniqueOrThrow({ where: { id: order.customerId } }) : null;
  if (input.buyer && customer) {
    const contact: Record<string, string | null> = {};
    for (const field of ['name', 'email', 'phone'] as const) {
      if (!sent(`buyer.${field}`)) continue;
      const to = input.buyer[field] ?? null;
      // An import without the buyer's e-mail or phone leaves the known one alone (as linkCustomer does).
      if (to === null && field !== 'name') continue;
      if (to === customer[field]) continue;
      const applied = !customer.anonymizedAt;
      if (applied) contact[field] = to;
      changes.push({ field: `buyer.${field}`, from: customer[field], to, applied, pii: true });
    }
    if (Object.keys(contact).length) await tx.customer.update({ where: { id: customer.id }, data: contact });
  }

  // Gift lines are ours (promotions), never in what the channel sends.
  const lineChanges = diffLines(
    order.lines.filter((l) => !l.giftOfPromotionId),
    input.lines,
  );
  changes.push(...lineChanges);

  const applied = changes.filter((c) => c.applied).map((c) => c.field);
  if (Object.keys(orderUpdate).length) await tx.order.update({ where: { id: orderId }, data: { ...orderUpdate, version: { increment: 1 } } });
  if (applied.length) await appendOrderEvent(tx, orderId, { type: 'IMPORTED', actor, data: { reimport: true, applied } });
  if (lineChanges.length && pickingStarted.has(status)) await holdForLineChanges(tx, order, lineChanges, actor);
  return changes;
}

/**
 * Lines changed once picking started: the order is held for a person (MARKETPLACE_CHANGED, the
 * differences in the note). Already held for another reason (a short pick, a wrong address…), the
 * hold becomes MARKETPLACE_CHANGED — releasing the old hold must not let picking go on with stale
 * lines — and the note and the timeline keep the earlier reason. The same differences a person
 * already saw and released are not held again (they stay reported in `changes`): once reconciled
 * (units cancelled to match) they are no differences any more.
 */
async function holdForLineChanges(tx: Tx, order: Awaited<ReturnType<typeof lockOrder>>, lineChanges: OrderChange[], actor: string) {
  const note = `Lines changed after picking started: ${lineChanges.map((c) => `${c.field} ${c.from ?? '–'} → ${c.to ?? '–'}`).join('; ')}.`;
  // Both kinds of hold note start with `note` (clipped to the column's 500 characters).
  const lastHold = await tx.orderEvent.findFirst({
    where: { orderId: order.id, type: 'HOLD_PLACED', data: { path: ['reason'], equals: 'MARKETPLACE_CHANGED' } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { data: true },
  });
  const lastNote = (lastHold?.data as { note?: unknown } | null)?.note;
  if (typeof lastNote === 'string' && lastNote.slice(0, Math.min(500, note.length)) === note.slice(0, 500)) return;
  if (order.status !== 'ON_HOLD') {
    await placeHold(tx, { orderId: order.id, reason: 'MARKETPLACE_CHANGED', note: note.slice(0, 500), actor });
    return;
  }
  const earlier = order.holdReason === 'MARKETPLACE_CHANGED' ? '' : ` Held before: ${order.holdReason ?? 'OTHER'}${order.holdNote ? ` (${order.holdNote})` : ''}.`;
  const holdNote = `${note}${earlier}`.slice(0, 500);
  await tx.order.update({ where: { id: order.id }, data: { holdReason: 'MARKETPLACE_CHANGED', holdNote, version: { increment: 1 } } });
  await appendOrderEvent(tx, order.id, {
    type: 'HOLD_PLACED',
    actor,
    from: 'ON_HOLD',
    to: 'ON_HOLD',
    data: { reason: 'MARKETPLACE_CHANGED', note: holdNote, earlierReason: order.holdReason, earlierNote: order.holdNote },
  });
}

/**
 * Per-SKU differences in the units still ordered (cancelled units are not ordered any more):
 * `lines.<sku>.quantity`, null for a line added or dropped.
 */
function diffLines(current: readonly { sku: string; quantity: number; quantityCancelled: number }[], sent: readonly { sku: string; quantity: number }[]): OrderChange[] {
  const before = new Map(current.filter((l) => lineUnits(l) > 0).map((l) => [l.sku, lineUnits(l)]));
  const after = new Map(sent.map((l) => [l.sku, l.quantity]));
  return [...new Set([...before.keys(), ...after.keys()])].flatMap((sku) => {
    const from = before.get(sku) ?? null;
    const to = after.get(sku) ?? null;
    return from === to ? [] : [{ field: `lines.${sku}.quantity`, from: from?.toString() ?? null, to: to?.toString() ?? null, applied: false, pii: false }];
  });
}

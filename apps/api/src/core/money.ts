// Money arithmetic, free of GraphQL (modules/common/money.ts is its GraphQL face). Every amount is
// an integer number of the currency's minor units (kopecks, fen, cents; yen for JPY): no float ever
// holds an amount, and every split (a discount over lines, a line's share over its units) uses the
// largest-remainder method, so the parts always add up to the whole exactly.
//
// The rules, the same wherever an order's amounts are computed (taking an order in, cancelling
// some of its units, cancelling all of it):
// - a line's total is its unit price × its units still ordered (cancelled units excluded);
// - subtotal = the sum of the line totals; total = subtotal + shipping − discount, never negative
//   (a discount larger than subtotal + shipping is refused when the order comes in);
// - a line may carry its own discount (promotions on that line, at most its total); the order-wide
//   discount (the one an order comes with) belongs to its lines and its shipping in proportion to
//   what they cost after their own discounts; the order's discount is the sum of both;
// - cancelling units of a line removes the part of that line's own discount and of its share of
//   the order-wide one that belonged to them, so the buyer stops paying exactly what the cancelled
//   units cost after discount;
// - an order with no unit left costs nothing: subtotal, shipping, discount and total are all 0.

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code the runtime knows (upper case). */
export const isKnownCurrency = (currency: string) => knownCurrencies.has(currency);

/**
 * Digits of the currency's minor unit: 2 for RUB, CNY, USD; 0 for JPY, KRW; 3 for KWD, BHD.
 * Amounts are already in minor units, so arithmetic never needs it: only showing an amount does
 * (minor units / 10^digits).
 */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount for people to read in messages: "RUB 1,290.00" for 129000 RUB (never the minor units). */
export function formatMoney(minorUnits: number, currency: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: digits }).format(minorUnits / 10 ** digits);
}

function assertMinorUnits(value: number, what: string) {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer number of minor units, got ${value}`);
}

/**
 * Splits `amount` in proportion to `weights` (largest remainder): each part is the floor of its
 * exact share, and the units left over go one each to the largest fractional remainders (the
 * earlier part on a tie). The parts sum to `amount` exactly, and when `amount` is at most the sum
 * of the weights no part exceeds its weight.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  assertMinorUnits(amount, 'The amount to allocate');
  weights.forEach((w) => assertMinorUnits(w, 'A weight'));
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (total === 0n) {
    if (amount === 0) return weights.map(() => 0);
    throw new RangeError(`Cannot allocate ${amount} over nothing`);
  }
  // BigInt: amount × weight can pass 2^53 (two 32-bit amounts); the quotients fit a number again.
  const exact = weights.map((w) => BigInt(amount) * BigInt(w));
  const parts = exact.map((e) => Number(e / total));
  let left = amount - parts.reduce((sum, p) => sum + p, 0);
  const byRemainder = exact.map((e, i) => ({ i, remainder: e % total })).sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/** A line as it is priced: its unit price, the units still ordered and its own discount. */
export interface PricedLine {
  unitPrice: number;
  units: number;
  /** The line's own discount (its promotions), at most unit price × units; 0 when absent. */
  discount?: number;
}

/** The order-wide charges: shipping, and the discount given on the order as a whole (not a line's own). */
export interface OrderCharges {
  shipping: number;
  discount: number;
}

export interface OrderAmounts {
  /** Per line, in the order given: unit price × units. */
  lineTotals: number[];
  /** Per line: its own discount. */
  lineDiscounts: number[];
  subtotal: number;
  shipping: number;
  /** Everything given off: the lines' own discounts and the order-wide discount. */
  discount: number;
  /** The order-wide part of `discount`. */
  orderDiscount: number;
  total: number;
}

/** unit price × units. */
export function lineTotal(line: PricedLine): number {
  assertMinorUnits(line.unitPrice, 'A unit price');
  if (!Number.isSafeInteger(line.units) || line.units < 0) throw new RangeError(`Units must be a non-negative integer, got ${line.units}`);
  return line.unitPrice * line.units;
}

/** A line's own discount, checked against its total. */
function ownDiscount(line: PricedLine, total: number): number {
  const discount = line.discount ?? 0;
  assertMinorUnits(discount, "A line's discount");
  if (discount > total) throw new RangeError(`A line's discount ${discount} exceeds its total ${total}`);
  return discount;
}

/** `percent` % of `amount`, rounded down to the minor unit (a discount never gives more than it says). */
export function percentOf(amount: number, percent: number): number {
  assertMinorUnits(amount, 'The amount');
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError(`A percentage is 0 to 100, got ${percent}`);
  return Math.floor((amount * percent) / 100);
}

/**
 * The amounts of an order from its lines (with their own discounts), shipping and order-wide
 * discount. An order-wide discount above what the order costs after the lines' own discounts is a
 * caller's mistake (createOrder refuses it with a userError first). With no unit left the order
 * costs nothing: shipping and discount are 0 too.
 */
export function orderAmounts(lines: readonly PricedLine[], charges: OrderCharges): OrderAmounts {
  const lineTotals = lines.map(lineTotal);
  const lineDiscounts = lines.map((l, i) => ownDiscount(l, lineTotals[i]!));
  const subtotal = lineTotals.reduce((sum, t) => sum + t, 0);
  const ownTotal = lineDiscounts.reduce((sum, d) => sum + d, 0);
  assertMinorUnits(charges.shipping, 'Shipping');
  assertMinorUnits(charges.discount, 'The discount');
  if (lines.every((l) => l.units === 0)) return { lineTotals, lineDiscounts, subtotal: 0, shipping: 0, discount: 0, orderDiscount: 0, total: 0 };
  const value = subtotal - ownTotal + charges.shipping;
  if (charges.discount > value) throw new RangeError(`The discount ${charges.discount} exceeds the order value ${value}`);
  const discount = ownTotal + charges.discount;
  return { lineTotals, lineDiscounts, subtotal, shipping: charges.shipping, discount, orderDiscount: charges.discount, total: subtotal + charges.shipping - discount };
}

/** The order-wide discount's shares of each line (after its own discount) and of shipping. */
function orderDiscountShares(lines: readonly PricedLine[], charges: OrderCharges) {
  const amounts = orderAmounts(lines, charges);
  const shares = allocate(amounts.orderDiscount, [...amounts.lineTotals.map((t, i) => t - amounts.lineDiscounts[i]!), amounts.shipping]);
  return { amounts, lines: shares.slice(0, -1), shipping: shares.at(-1)! };
}

/**
 * The whole discount of each line (its own and its share of the order-wide one, spread in
 * proportion to what lines and shipping cost after their own discounts; largest remainder: the
 * shares sum to the discount, none exceeds the amount it belongs to) and shipping's share.
 */
export function allocateDiscount(lines: readonly PricedLine[], charges: OrderCharges): { lines: number[]; shipping: number } {
  const shares = orderDiscountShares(lines, charges);
  return { lines: shares.lines.map((s, i) => s + shares.amounts.lineDiscounts[i]!), shipping: shares.shipping };
}

/** An order as stored: its charges and lines (amount columns of Order and OrderLine). */
export interface StoredOrderAmounts {
  shippingAmount: number;
  /** Everything given off: the lines' own discounts and the order-wide one. */
  discountAmount: number;
  lines: readonly { unitPriceAmount: number; quantity: number; quantityCancelled: number; discountAmount: number }[];
}

/**
 * A stored order as these rules price it: its lines (units still ordered, own discounts) and its
 * order-wide charges. Orders whose lines were cancelled before these rules kept their whole
 * discount (their total was clamped at 0): what they really give is at most their value.
 */
export function pricedOrder(order: StoredOrderAmounts): { lines: PricedLine[]; charges: OrderCharges } {
  const lines = order.lines.map((l) => ({ unitPrice: l.unitPriceAmount, units: l.quantity - l.quantityCancelled, discount: l.discountAmount }));
  const own = lines.reduce((sum, l) => sum + l.discount, 0);
  const value = lines.reduce((sum, l) => sum + lineTotal(l) - l.discount, order.shippingAmount);
  return { lines, charges: { shipping: order.shippingAmount, discount: Math.max(0, Math.min(order.discountAmount - own, value)) } };
}

/**
 * The order's amounts after `cancelled[i]` more units of line i are cancelled (`lines` as they
 * were before, units still ordered). Each line keeps the part of its discount share that belongs
 * to its remaining units; shipping keeps its share; with no unit left everything is 0.
 */
export function amountsAfterCancelling(lines: readonly PricedLine[], charges: OrderCharges, cancelled: readonly number[]): OrderAmounts {
  if (cancelled.length !== lines.length) throw new RangeError('One cancelled quantity per line');
  cancelled.forEach((c, i) => {
    if (!Number.isSafeInteger(c) || c < 0 || c > lines[i]!.units) throw new RangeError(`Line ${i + 1} has ${lines[i]!.units} units; cannot cancel ${c}`);
  });
  const shares = orderDiscountShares(lines, charges);
  // What the units left keep of an amount that belonged to all the line's units.
  const kept = (amount: number, i: number) => (cancelled[i] ? allocate(amount, [lines[i]!.units - cancelled[i]!, cancelled[i]!])[0]! : amount);
  const after = lines.map((l, i) => ({ unitPrice: l.unitPrice, units: l.units - cancelled[i]!, discount: kept(shares.amounts.lineDiscounts[i]!, i) }));
  const keptOrderDiscount = shares.lines.reduce((sum, share, i) => sum + kept(share, i), shares.shipping);
  return orderAmounts(after, { shipping: charges.shipping, discount: keptOrderDiscount });
}

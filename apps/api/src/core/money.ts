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
// - the order's discount belongs to its lines and its shipping in proportion to their amounts;
//   cancelling units of a line removes the part of that line's share that belonged to them, so
//   the buyer stops paying exactly what the cancelled units cost after discount;
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

/** A line as it is priced: its unit price and the units still ordered. */
export interface PricedLine {
  unitPrice: number;
  units: number;
}

export interface OrderAmounts {
  /** Per line, in the order given: unit price × units. */
  lineTotals: number[];
  subtotal: number;
  shipping: number;
  discount: number;
  total: number;
}

/** unit price × units. */
export function lineTotal(line: PricedLine): number {
  assertMinorUnits(line.unitPrice, 'A unit price');
  if (!Number.isSafeInteger(line.units) || line.units < 0) throw new RangeError(`Units must be a non-negative integer, got ${line.units}`);
  return line.unitPrice * line.units;
}

/**
 * The amounts of an order from its lines, shipping and discount. A discount above subtotal +
 * shipping is a caller's mistake (createOrder refuses it with a userError first). With no unit
 * left the order costs nothing: shipping and discount are 0 too.
 */
export function orderAmounts(lines: readonly PricedLine[], charges: { shipping: number; discount: number }): OrderAmounts {
  const lineTotals = lines.map(lineTotal);
  const subtotal = lineTotals.reduce((sum, t) => sum + t, 0);
  assertMinorUnits(charges.shipping, 'Shipping');
  assertMinorUnits(charges.discount, 'The discount');
  if (lines.every((l) => l.units === 0)) return { lineTotals, subtotal: 0, shipping: 0, discount: 0, total: 0 };
  if (charges.discount > subtotal + charges.shipping) throw new RangeError(`The discount ${charges.discount} exceeds the order value ${subtotal + charges.shipping}`);
  return { lineTotals, subtotal, shipping: charges.shipping, discount: charges.discount, total: subtotal + charges.shipping - charges.discount };
}

/**
 * The order's discount spread over its lines and its shipping in proportion to their amounts
 * (largest remainder: the shares sum to the discount, none exceeds the amount it belongs to).
 */
export function allocateDiscount(lines: readonly PricedLine[], charges: { shipping: number; discount: number }): { lines: number[]; shipping: number } {
  const amounts = orderAmounts(lines, charges);
  const shares = allocate(amounts.discount, [...amounts.lineTotals, amounts.shipping]);
  return { lines: shares.slice(0, -1), shipping: shares.at(-1)! };
}

/**
 * The order's amounts after `cancelled[i]` more units of line i are cancelled (`lines` as they
 * were before, units still ordered). Each line keeps the part of its discount share that belongs
 * to its remaining units; shipping keeps its share; with no unit left everything is 0.
 */
export function amountsAfterCancelling(lines: readonly PricedLine[], charges: { shipping: number; discount: number }, cancelled: readonly number[]): OrderAmounts {
  if (cancelled.length !== lines.length) throw new RangeError('One cancelled quantity per line');
  cancelled.forEach((c, i) => {
    if (!Number.isSafeInteger(c) || c < 0 || c > lines[i]!.units) throw new RangeError(`Line ${i + 1} has ${lines[i]!.units} units; cannot cancel ${c}`);
  });
  const shares = allocateDiscount(lines, charges);
  const after = lines.map((l, i) => ({ unitPrice: l.unitPrice, units: l.units - cancelled[i]! }));
  const keptDiscount = after.reduce(
    (sum, l, i) => sum + (l.units === lines[i]!.units ? shares.lines[i]! : allocate(shares.lines[i]!, [l.units, cancelled[i]!])[0]!),
    shares.shipping,
  );
  return orderAmounts(after, { shipping: charges.shipping, discount: keptDiscount });
}

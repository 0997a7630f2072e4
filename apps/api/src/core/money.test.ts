import { describe, expect, it } from 'vitest';
import { allocate, allocateDiscount, amountsAfterCancelling, currencyDigits, isKnownCurrency, lineTotal, orderAmounts, percentOf } from './money.ts';

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
/** The amounts of an order with `lines` lines and nothing left to pay, shipping included. */
const nothingToPay = (lines: number) => ({
  lineTotals: Array<number>(lines).fill(0),
  lineDiscounts: Array<number>(lines).fill(0),
  subtotal: 0,
  shipping: 0,
  discount: 0,
  orderDiscount: 0,
  total: 0,
});

describe('allocate (largest remainder)', () => {
  it('splits exactly, the leftover units going to the largest remainders', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [1, 2, 3])).toEqual([2, 3, 5]); // exact 1.67, 3.33, 5: the .67 gets the unit
    expect(allocate(1, [3, 3])).toEqual([1, 0]); // a tie goes to the earlier part
    expect(allocate(0, [5, 7])).toEqual([0, 0]);
    expect(allocate(7, [0, 4, 0])).toEqual([0, 7, 0]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
  });

  it('always sums to the amount and never gives a part more than its weight', () => {
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let run = 0; run < 500; run++) {
      const weights = Array.from({ length: 1 + random(8) }, () => random(100_000));
      const total = sum(weights);
      const amount = total ? random(total + 1) : 0;
      const parts = allocate(amount, weights);
      expect(sum(parts)).toBe(amount);
      parts.forEach((p, i) => expect(p).toBeLessThanOrEqual(weights[i]!));
      parts.forEach((p) => expect(Number.isInteger(p) && p >= 0).toBe(true));
    }
  });

  it('is exact where amount × weight passes 2^53', () => {
    const parts = allocate(2_147_483_647, [2_147_483_646, 1, 2_147_483_647]);
    expect(sum(parts)).toBe(2_147_483_647);
    expect(parts).toEqual([1_073_741_823, 1, 1_073_741_823]); // .5 and .5: the tie goes to the earlier part
  });

  it('refuses what is not whole minor units, or an amount over no weight', () => {
    expect(() => allocate(10.5, [1])).toThrow(RangeError);
    expect(() => allocate(-1, [1])).toThrow(RangeError);
    expect(() => allocate(1, [0, 0])).toThrow(RangeError);
  });
});

describe('currencies', () => {
  it('knows the minor-unit digits, including zero- and three-decimal currencies', () => {
    expect(currencyDigits('RUB')).toBe(2);
    expect(currencyDigits('CNY')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KRW')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
    expect(isKnownCurrency('RUB')).toBe(true);
    expect(isKnownCurrency('XYZ')).toBe(false);
  });

  it('computes the same in any currency: amounts are minor units already (¥1 500 is 1500)', () => {
    // 3 × ¥1 500 with a ¥1 000 discount over [4500, 800 shipping]: shares 849 and 151.
    const yen = orderAmounts([{ unitPrice: 1500, units: 3 }], { shipping: 800, discount: 1000 });
    expect(yen).toEqual({ lineTotals: [4500], lineDiscounts: [0], subtotal: 4500, shipping: 800, discount: 1000, orderDiscount: 1000, total: 4300 });
    expect(allocateDiscount([{ unitPrice: 1500, units: 3 }], { shipping: 800, discount: 1000 })).toEqual({ lines: [849], shipping: 151 });
  });
});

describe('order amounts', () => {
  it('line total = unit price × units; total = subtotal + shipping − discount', () => {
    expect(lineTotal({ unitPrice: 199_99, units: 3 })).toBe(599_97);
    const amounts = orderAmounts(
      [
        { unitPrice: 100_00, units: 3 },
        { unitPrice: 250_50, units: 1 },
      ],
      { shipping: 300_00, discount: 50_00 },
    );
    expect(amounts).toEqual({
      lineTotals: [300_00, 250_50],
      lineDiscounts: [0, 0],
      subtotal: 550_50,
      shipping: 300_00,
      discount: 50_00,
      orderDiscount: 50_00,
      total: 800_50,
    });
  });

  it('an order with no unit left costs nothing; a discount above its value is a mistake', () => {
    expect(orderAmounts([{ unitPrice: 100, units: 0 }], { shipping: 500, discount: 50 })).toEqual(nothingToPay(1));
    expect(() => orderAmounts([{ unitPrice: 100, units: 1 }], { shipping: 0, discount: 101 })).toThrow(RangeError);
    expect(orderAmounts([{ unitPrice: 100, units: 1 }], { shipping: 20, discount: 120 }).total).toBe(0);
  });

  it('spreads the discount over lines and shipping in proportion, summing exactly', () => {
    const lines = [
      { unitPrice: 333, units: 1 },
      { unitPrice: 333, units: 1 },
      { unitPrice: 334, units: 1 },
    ];
    const shares = allocateDiscount(lines, { shipping: 0, discount: 100 });
    expect(shares).toEqual({ lines: [33, 33, 34], shipping: 0 });
  });
});

describe('cancelling units', () => {
  const lines = [
    { unitPrice: 100_00, units: 3 },
    { unitPrice: 200_00, units: 1 },
  ];
  const charges = { shipping: 300_00, discount: 80_00 };

  it('a partial cancellation lowers the line total and gives back that line’s discount for the cancelled units', () => {
    // Discount shares over [300.00, 200.00, 300.00 shipping]: 30.00, 20.00, 30.00.
    expect(allocateDiscount(lines, charges)).toEqual({ lines: [30_00, 20_00], shipping: 30_00 });
    const after = amountsAfterCancelling(lines, charges, [1, 0]);
    // Line 1 keeps 2 of 3 units: 200.00, and 20.00 of its 30.00 discount.
    expect(after).toEqual({
      lineTotals: [200_00, 200_00],
      lineDiscounts: [0, 0],
      subtotal: 400_00,
      shipping: 300_00,
      discount: 70_00,
      orderDiscount: 70_00,
      total: 630_00,
    });
    // The same rules as a new order with what is left.
    expect(
      orderAmounts(
        [
          { unitPrice: 100_00, units: 2 },
          { unitPrice: 200_00, units: 1 },
        ],
        { shipping: 300_00, discount: 70_00 },
      ),
    ).toEqual(after);
  });

  it('rounds the discount given back by largest remainder and never lets a total go negative', () => {
    // A 100% discount on the goods: whatever is cancelled, what is left stays free.
    const free = [{ unitPrice: 1, units: 3 }];
    const after = amountsAfterCancelling(free, { shipping: 0, discount: 3 }, [1]);
    expect(after).toEqual({ lineTotals: [2], lineDiscounts: [0], subtotal: 2, shipping: 0, discount: 2, orderDiscount: 2, total: 0 });
    // 10 over 3 units: the 2 kept units keep 7 (6.67 rounded by largest remainder), 3 go back.
    expect(amountsAfterCancelling([{ unitPrice: 5, units: 3 }], { shipping: 0, discount: 10 }, [1])).toMatchObject({ discount: 7, total: 3 });
  });

  it('cancelling every unit leaves nothing to pay, shipping included', () => {
    expect(amountsAfterCancelling(lines, charges, [3, 1])).toEqual(nothingToPay(2));
  });

  it('refuses to cancel more units than a line has', () => {
    expect(() => amountsAfterCancelling(lines, charges, [4, 0])).toThrow(RangeError);
  });
});

// A line's own discount (a promotion on that line) stays with that line: the order-wide discount
// is spread over what the lines cost after it, and a cancelled unit takes its part of both along.
describe("lines' own discounts", () => {
  const lines = [
    { unitPrice: 100_00, units: 4, discount: 40_00 }, // 10 % off this SKU
    { unitPrice: 60_00, units: 1 },
  ];
  const charges = { shipping: 0, discount: 40_00 };

  it('adds them to the order-wide discount; the order-wide one is spread over what is left of each line', () => {
    expect(orderAmounts(lines, charges)).toEqual({
      lineTotals: [400_00, 60_00],
      lineDiscounts: [40_00, 0],
      subtotal: 460_00,
      shipping: 0,
      discount: 80_00,
      orderDiscount: 40_00,
      total: 380_00,
    });
    // 40.00 over [360.00, 60.00]: 34.29 and 5.71, plus line 1's own 40.00.
    expect(allocateDiscount(lines, charges)).toEqual({ lines: [74_29, 5_71], shipping: 0 });
    expect(() => orderAmounts([{ unitPrice: 10, units: 1, discount: 11 }], { shipping: 0, discount: 0 })).toThrow(RangeError);
    expect(() => orderAmounts(lines, { shipping: 0, discount: 420_01 })).toThrow(RangeError);
  });

  it('a cancelled unit takes its part of the line discount and of the order-wide share', () => {
    const after = amountsAfterCancelling(lines, charges, [1, 0]);
    // Line 1: 3 of 4 units keep 30.00 of its 40.00 and 25.72 of its 34.29 share (largest remainder).
    expect(after).toEqual({
      lineTotals: [300_00, 60_00],
      lineDiscounts: [30_00, 0],
      subtotal: 360_00,
      shipping: 0,
      discount: 61_43,
      orderDiscount: 31_43,
      total: 298_57,
    });
    // A free line (a gift) stays free whatever is cancelled of it; cancelled, it costs nothing.
    const gift = [{ unitPrice: 500_00, units: 2, discount: 1000_00 }];
    expect(amountsAfterCancelling(gift, { shipping: 0, discount: 0 }, [1])).toMatchObject({ lineTotals: [500_00], lineDiscounts: [500_00], total: 0 });
  });

  it('a percentage is rounded down to the minor unit', () => {
    expect(percentOf(999, 15)).toBe(149);
    expect(percentOf(2_147_483_647, 100)).toBe(2_147_483_647);
    expect(() => percentOf(100, 101)).toThrow(RangeError);
  });
});

// The ranges every number and date the API accepts must stay within (README "Money, quantities
// and dates"): checked on the way in, so nothing out of range ever reaches the database.

/**
 * Quantities, stock levels and money (minor units) are 32-bit integer columns, the same range as
 * GraphQL's Int: a sum that would pass it is refused with a typed error instead of overflowing.
 */
export const maxInt32 = 2_147_483_647;

/** Units one order line, receipt or stock adjustment may move. */
export const maxUnitsPerOperation = 1_000_000;

/**
 * Every DateTime the API accepts (arguments and inputs). Anything else is a typo or a probe; the
 * range also keeps every stored date readable and printable (years beyond 9999 are not).
 */
export const dateRange = {
  min: new Date('2000-01-01T00:00:00.000Z'),
  max: new Date('2100-12-31T23:59:59.999Z'),
} as const;

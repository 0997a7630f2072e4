// Currency rates for purchasing: what one unit of a supplier's currency costs in the shop's base
// currency (BASE_CURRENCY), set by the seller. Costs are converted with integer arithmetic only
// (BigInt over the rate's 8 decimals), never through a float.
import type { Db } from '@orderly/schema';
import { config } from '../../core/config.ts';
import { DomainError, userError } from '../../core/errors.ts';
import { currencyDigits, isKnownCurrency } from '../../core/money.ts';
import type { Tx } from '../../core/transaction.ts';

export const baseCurrency = config.BASE_CURRENCY;

/** Rates carry 8 decimals (the column is numeric(18, 8)). */
const rateScale = 10n ** 8n;

/** "12.345" → 1234500000n (the rate × 10^8). */
export function scaledRate(rate: string): bigint {
  const match = /^(\d+)(?:\.(\d{0,8})\d*)?$/.exec(rate.trim());
  if (!match) throw new RangeError(`Not a rate: ${rate}`);
  return BigInt(match[1]!) * rateScale + BigInt((match[2] ?? '').padEnd(8, '0'));
}

export function assertCurrency(currency: string, field: string[]) {
  if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) throw new DomainError(userError('UNKNOWN_CURRENCY', `Unknown currency "${currency}"`, field));
}

/** The rate to the base currency as a decimal string ("1" for the base currency itself). */
export async function rateFor(db: Db | Tx, currency: string, field: string[]): Promise<string> {
  if (currency === baseCurrency) return '1';
  const row = await db.currencyRate.findUnique({ where: { currency } });
  if (!row) throw new DomainError(userError('CURRENCY_RATE_MISSING', `No ${currency} → ${baseCurrency} rate is set: set one (setCurrencyRate) first`, field));
  return row.rate.toFixed(8);
}

export async function setCurrencyRate(tx: Tx, params: { currency: string; rate: string; actor: string }) {
  const currency = params.currency.trim().toUpperCase();
  assertCurrency(currency, ['currency']);
  if (currency === baseCurrency) throw new DomainError(userError('INVALID_INPUT', `${baseCurrency} is the base currency: its rate is always 1`, ['currency']));
  let scaled: bigint;
  try {
    scaled = scaledRate(params.rate);
  } catch {
    throw new DomainError(userError('INVALID_INPUT', 'A rate is a positive decimal number such as 12.85', ['rate']));
  }
  if (scaled <= 0n || scaled >= 10n ** 18n) throw new DomainError(userError('INVALID_INPUT', 'A rate is positive and below 10,000,000,000', ['rate']));
  const rate = `${scaled / rateScale}.${(scaled % rateScale).toString().padStart(8, '0')}`;
  return tx.currencyRate.upsert({ where: { currency }, create: { currency, rate, updatedBy: params.actor }, update: { rate, updatedBy: params.actor } });
}

/**
 * `minorUnits` of `currency` in base-currency minor units × 10^8 (exact: the rate's 8 decimals and
 * the two currencies' minor-unit digits are all integer factors).
 */
export function toBaseScaled(minorUnits: number, currency: string, rate: string): bigint {
  const shift = currencyDigits(baseCurrency) - currencyDigits(currency);
  const value = BigInt(minorUnits) * scaledRate(rate);
  return shift >= 0 ? value * 10n ** BigInt(shift) : value / 10n ** BigInt(-shift);
}

/** Rounds num / den half up (both positive). */
export const roundDiv = (num: bigint, den: bigint) => Number((2n * num + den) / (2n * den));

/**
 * The moving average after `quantity` units arrive at `unitCostScaled` (base minor units × 10^8):
 * weighted by the units already on hand at the old average. No average yet (or nothing on hand):
 * the new units' cost.
 */
export function movingAverage(previous: { averageCost: number | null; unitsOnHand: number }, quantity: number, unitCostScaled: bigint): number {
  const before = previous.averageCost === null ? 0n : BigInt(Math.max(previous.unitsOnHand, 0));
  const total = BigInt(previous.averageCost ?? 0) * rateScale * before + unitCostScaled * BigInt(quantity);
  return roundDiv(total, rateScale * (before + BigInt(quantity)));
}

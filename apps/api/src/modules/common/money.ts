import { builder } from '../../builder.ts';

export interface MoneyShape {
  minorUnits: number;
  currency: string;
}

export const Money = builder.objectRef<MoneyShape>('Money').implement({
  description:
    "An amount of money: an integer in the currency's minor units (kopecks, fen, cents) and its ISO 4217 code. " +
    'Integers avoid rounding errors; divide by 10^digits of the currency to display.',
  fields: (t) => ({
    minorUnits: t.exposeInt('minorUnits'),
    currency: t.exposeString('currency'),
  }),
});

export const money = (minorUnits: number, currency: string): MoneyShape => ({ minorUnits, currency });

/** A sum of amounts in one currency (reports, a buyer's total spent): Float, as a sum may exceed 32 bits. */
export const MoneySum = builder.objectRef<MoneyShape>('MoneySum').implement({
  description: 'A sum of amounts in one currency: a whole number of minor units (Float, as sums may exceed 32 bits) and the ISO 4217 code.',
  fields: (t) => ({
    minorUnits: t.float({ resolve: (m) => m.minorUnits }),
    currency: t.exposeString('currency'),
  }),
});

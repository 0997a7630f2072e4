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

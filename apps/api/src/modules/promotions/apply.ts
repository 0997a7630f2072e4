// Which promotions give what on an order: pure arithmetic over the order's lines (core/money.ts
// does the rounding and the splits), no database. The stacking rule, also in the GraphQL
// Promotion description:
// - of the non-stackable discount promotions the order qualifies for, only the one giving the
//   largest discount applies (the higher priority, then the older one, on a tie);
// - the stackable ones add after it, highest priority first, each on what the lines still cost
//   after the discounts before it (so a line never goes below zero);
// - gifts (GIFT) stand apart: every gift promotion the order qualifies for adds its gift.
import type { PromotionKind } from '@orderly/schema';
import { allocate, lineTotal, percentOf } from '../../core/money.ts';

export interface PromotionRule {
  id: string;
  kind: PromotionKind;
  /** Percent (PERCENT_OFF), minor units per unit (AMOUNT_OFF) or per order (THRESHOLD_DISCOUNT). */
  value: number;
  thresholdAmount: number | null;
  currency: string | null;
  allProducts: boolean;
  /** The promotion's products among the order's (all of them need not be loaded). */
  productIds: ReadonlySet<string>;
  giftProductId: string | null;
  priority: number;
  stackable: boolean;
  createdAt: Date;
}

export interface OfferLine {
  productId: string;
  unitPrice: number;
  units: number;
}

export interface Offer {
  /** Per line of the order: what each promotion takes off it (only amounts above 0). */
  lines: { promotionId: string; amount: number }[][];
  /** The gifts the order earns, highest priority first, one per product. */
  gifts: { promotionId: string; productId: string }[];
}

const byPriority = (a: PromotionRule, b: PromotionRule) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime();

/** What `rule` takes off each line, given what the lines still cost (`left`). */
function discountsOf(rule: PromotionRule, lines: readonly OfferLine[], left: readonly number[]): number[] {
  const covers = (line: OfferLine) => rule.allProducts || rule.productIds.has(line.productId);
  switch (rule.kind) {
    case 'PERCENT_OFF':
      return lines.map((l, i) => (covers(l) ? percentOf(left[i]!, rule.value) : 0));
    case 'AMOUNT_OFF':
      return lines.map((l, i) => (covers(l) ? Math.min(rule.value * l.units, left[i]!) : 0));
    case 'THRESHOLD_DISCOUNT': {
      const rest = left.reduce((sum, a) => sum + a, 0);
      return rest ? allocate(Math.min(rule.value, rest), left) : left.map(() => 0);
    }
    case 'GIFT':
      return lines.map(() => 0);
  }
}

/**
 * The discounts and gifts `rules` give an order in `currency` (the rules already filtered to the
 * order's channel and date). A rule with a currency applies only to orders in it; one with a
 * threshold only when the order's subtotal reaches it.
 */
export function applyPromotions(lines: readonly OfferLine[], rules: readonly PromotionRule[], currency: string): Offer {
  const totals = lines.map(lineTotal);
  const subtotal = totals.reduce((sum, t) => sum + t, 0);
  const qualifies = (rule: PromotionRule) =>
    (rule.currency === null || rule.currency === currency) && (rule.thresholdAmount === null || subtotal >= rule.thresholdAmount);
  const eligible = rules.filter(qualifies).sort(byPriority);

  const sum = (amounts: number[]) => amounts.reduce((s, a) => s + a, 0);
  const best = eligible
    .filter((r) => r.kind !== 'GIFT' && !r.stackable)
    .map((rule) => ({ rule, total: sum(discountsOf(rule, lines, totals)) }))
    .filter((c) => c.total > 0)
    // Sorted by priority already: a stable sort keeps the higher priority first on a tie.
    .sort((a, b) => b.total - a.total)[0]?.rule;
  const applied = [...(best ? [best] : []), ...eligible.filter((r) => r.kind !== 'GIFT' && r.stackable)];

  const left = [...totals];
  const given: Offer['lines'] = lines.map(() => []);
  for (const rule of applied) {
    discountsOf(rule, lines, left).forEach((amount, i) => {
      if (!amount) return;
      left[i]! -= amount;
      given[i]!.push({ promotionId: rule.id, amount });
    });
  }

  const gifts: Offer['gifts'] = [];
  for (const rule of eligible) {
    if (rule.kind !== 'GIFT' || !rule.giftProductId || gifts.some((g) => g.productId === rule.giftProductId)) continue;
    // A gift for buying some products needs one of them on the order; allProducts: any order.
    if (rule.allProducts || lines.some((l) => rule.productIds.has(l.productId))) gifts.push({ promotionId: rule.id, productId: rule.giftProductId });
  }
  return { lines: given, gifts };
}

// Recognising a buyer at order intake: by the channel's buyer id, else by the phone or e-mail
// (normalised: the SQL functions orderly_phone_key / orderly_email_key of the migration, behind
// expression indexes), else a new Customer. Marketplaces hide buyer data later (Ozon sends phones
// as "" and drops names and contacts after delivery), so a missing or empty contact never matches
// anyone and never erases what is known; anonymised buyers (retention) are never matched.
import type { Customer } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';

export interface IntakeBuyer {
  name: string;
  email?: string | null;
  phone?: string | null;
  /** The channel's buyer id. */
  externalId?: string | null;
  /** Given with the order: true records consent, false a withdrawal (when, and `order:<channel>` as source); absent leaves it alone. */
  marketingConsent?: boolean | null;
}

/** The Customer an incoming order belongs to, created or brought up to date. */
export async function linkCustomer(tx: Tx, channel: string, buyer: IntakeBuyer, now: Date): Promise<Customer> {
  const contact = { name: buyer.name, ...(buyer.email ? { email: buyer.email } : {}), ...(buyer.phone ? { phone: buyer.phone } : {}) };
  const consent = buyer.marketingConsent == null ? {} : { marketingConsent: buyer.marketingConsent, marketingConsentAt: now, marketingConsentSource: `order:${channel}` };
  const externalId = buyer.externalId ?? null;

  if (externalId) {
    const known = await tx.customer.findUnique({ where: { channel_externalId: { channel, externalId } } });
    if (known) return tx.customer.update({ where: { id: known.id }, data: { ...contact, ...consent } });
  }
  const match = await matchByContact(tx, channel, buyer);
  if (match) {
    // The channel's buyer id joins a customer known only by contact on this channel (or on none).
    const adopt = externalId && !match.externalId && (match.channel === channel || match.channel === null);
    return tx.customer.update({ where: { id: match.id }, data: { ...contact, ...consent, ...(adopt ? { channel, externalId } : {}) } });
  }
  const data = { ...contact, ...consent, channel, externalId };
  // Upsert: two orders of a new buyer imported at once both land on one customer.
  if (externalId) return tx.customer.upsert({ where: { channel_externalId: { channel, externalId } }, create: data, update: { ...contact, ...consent } });
  return tx.customer.create({ data });
}

/**
 * The oldest customer with the same phone or e-mail, skipping one the same channel knows under
 * another buyer id (two accounts of a channel are two buyers, whatever they share).
 */
async function matchByContact(tx: Tx, channel: string, buyer: IntakeBuyer) {
  if (!buyer.phone && !buyer.email) return null;
  const rows = await tx.$queryRaw<{ id: string; channel: string | null; externalId: string | null }[]>`
    SELECT id, channel, "externalId" FROM "Customer"
     WHERE "anonymizedAt" IS NULL
       AND (orderly_phone_key(phone) = orderly_phone_key(${buyer.phone ?? null}::text)
            OR orderly_email_key(email) = orderly_email_key(${buyer.email ?? null}::text))
     ORDER BY "createdAt", id LIMIT 10`;
  return rows.find((c) => !(buyer.externalId && c.channel === channel && c.externalId && c.externalId !== buyer.externalId)) ?? null;
}

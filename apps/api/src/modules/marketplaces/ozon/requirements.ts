// What Ozon wants before it takes a posting (its `requirements` SKU lists) and what Ozon lets the
// seller do with it now (`available_actions`), in words the floor understands. Stored on the
// posting row as we import it: the requirement lists resolved to our SKUs (Ozon lists its own SKUs).
import type { OzonPosting } from './client.ts';

export const requirementKinds = [
  {
    key: 'products_requiring_mandatory_mark',
    code: 'MARKING_CODES',
    describe: (skus: string) => `Scan a "Честный ЗНАК" (Chestny ZNAK) DataMatrix marking code for every unit of ${skus}`,
  },
  { key: 'products_requiring_gtd', code: 'CUSTOMS_DECLARATION', describe: (skus: string) => `Give the customs declaration (GTD) number of ${skus}` },
  { key: 'products_requiring_country', code: 'COUNTRY_OF_ORIGIN', describe: (skus: string) => `Give the country of origin of ${skus}` },
  { key: 'products_requiring_change_country', code: 'CHANGE_COUNTRY_OF_ORIGIN', describe: (skus: string) => `Correct the country of origin of ${skus}` },
  { key: 'products_requiring_rnpt', code: 'BATCH_REGISTRATION_NUMBER', describe: (skus: string) => `Give the batch registration number (RNPT) of ${skus}` },
  { key: 'products_requiring_jw_uin', code: 'JEWELLERY_ID', describe: (skus: string) => `Give the jewellery identification number (UIN) of ${skus}` },
] as const;

export type RequirementCode = (typeof requirementKinds)[number]['code'];

/** Stored form (OzonPosting.requirements): per requirement code, our SKUs (offer ids) and Ozon's. */
export type StoredRequirements = Partial<Record<RequirementCode, { sku: string; ozonSku: string }[]>>;

/** Ozon's requirement lists resolved through the posting's products (Ozon SKU → offer id); unknown keys and values are dropped. */
export function resolveRequirements(posting: Pick<OzonPosting, 'requirements' | 'products'>): StoredRequirements {
  const offerOf = new Map(posting.products.map((p) => [String(p.sku), p.offer_id || String(p.sku)]));
  const stored: StoredRequirements = {};
  for (const kind of requirementKinds) {
    const list = posting.requirements?.[kind.key];
    if (!Array.isArray(list)) continue;
    const items = [...new Set(list.map(String).filter((s) => /^[0-9A-Za-z_-]{1,40}$/.test(s)))].map((ozonSku) => ({ sku: offerOf.get(ozonSku) ?? ozonSku, ozonSku }));
    if (items.length) stored[kind.code] = items;
  }
  return stored;
}

export interface RequirementView {
  code: RequirementCode;
  description: string;
  skus: string[];
}

/** The stored requirements as the floor reads them. */
export function describeRequirements(stored: unknown): RequirementView[] {
  const value = (stored && typeof stored === 'object' ? stored : {}) as StoredRequirements;
  return requirementKinds.flatMap((kind) => {
    const items = value[kind.code];
    if (!Array.isArray(items) || !items.length) return [];
    const skus = items.map((i) => i.sku);
    return [{ code: kind.code, description: kind.describe(skus.join(', ')), skus }];
  });
}

/** Ozon's available_actions (swagger v3/posting/fbs/get) in English; unknown ones are shown by code alone. */
export const actionDescriptions: Record<string, string> = {
  arbitration: 'Open a dispute',
  awaiting_delivery: 'Move to "awaiting shipment"',
  can_create_chat: 'Start a chat with the buyer',
  cancel: 'Cancel the posting',
  click_track_number: 'See the status history by tracking number',
  customer_phone_available: "The buyer's phone is available",
  has_weight_products: 'Contains products sold by weight',
  hide_region_and_city: "Hide the buyer's region and city in reports",
  invoice_get: 'Get the invoice',
  invoice_send: 'Create the invoice',
  invoice_update: 'Edit the invoice',
  label_download_big: 'Download the big label',
  label_download_small: 'Download the small label',
  label_download: 'Download the label',
  non_int_delivered: 'Mark as conditionally delivered',
  non_int_delivering: 'Mark as being delivered',
  non_int_last_mile: 'Mark as out for delivery',
  product_cancel: 'Cancel some of the products',
  set_cutoff: 'Set the shipping date',
  set_timeslot: 'Change the delivery time slot',
  set_track_number: 'Set or change the tracking number',
  ship_async_in_process: 'Being packed by Ozon',
  ship_async_retry: 'Pack again after a failed attempt',
  ship_async: 'Pack the posting',
  ship_with_additional_info: 'Fill in the required product information before packing',
  ship: 'Pack the posting',
  update_cis: 'Change the additional product information',
};

import type { TextKey } from '../../i18n';

// Ozon's posting statuses and substatuses as its Seller API documents them (v3/posting/fbs/get,
// list; pushes carry the substatus names). Each has a label in the floor's language.
const STATUSES = new Set([
  'awaiting_registration',
  'acceptance_in_progress',
  'awaiting_approve',
  'awaiting_verification',
  'awaiting_packaging',
  'awaiting_deliver',
  'sent_by_seller',
  'driver_pickup',
  'delivering',
  'delivered',
  'arbitration',
  'client_arbitration',
  'not_accepted',
  'cancelled',
  'cancelled_from_split_pending',
]);
const SUBSTATUSES = new Set([
  'posting_acceptance_in_progress',
  'posting_in_arbitration',
  'posting_created',
  'posting_in_carriage',
  'posting_not_in_carriage',
  'posting_registered',
  'posting_transferring_to_delivery',
  'posting_awaiting_passport_data',
  'posting_awaiting_registration',
  'posting_registration_error',
  'posting_split_pending',
  'posting_canceled',
  'posting_in_client_arbitration',
  'posting_delivered',
  'posting_received',
  'posting_conditionally_delivered',
  'posting_in_courier_service',
  'posting_in_pickup_point',
  'posting_on_way_to_city',
  'posting_on_way_to_pickup_point',
  'posting_returned_to_warehouse',
  'posting_transferred_to_courier_service',
  'posting_driver_pick_up',
  'posting_not_in_sort_center',
  'ship_failed',
  'sent_by_seller',
]);

/** One part of Ozon's state: its label, or null for a code this screen does not know (shown as Ozon sent it). */
export function ozonCodeLabel(t: (key: TextKey) => string, kind: 'status' | 'substatus', code: string): string | null {
  return (kind === 'status' ? STATUSES : SUBSTATUSES).has(code) ? t(`ozon.${kind}.${code}` as TextKey) : null;
}

/** Ozon's status with its substatus as one line of text (history entries): unknown codes as "Other Ozon status (code)". */
export function ozonStateText(t: (key: TextKey) => string, status: unknown, substatus: unknown): string {
  const part = (kind: 'status' | 'substatus', code: unknown) =>
    typeof code === 'string' && code ? (ozonCodeLabel(t, kind, code) ?? `${t('ozon.statusUnknown')} (${code})`) : null;
  return [part('status', status), part('substatus', substatus)].filter(Boolean).join(' · ');
}

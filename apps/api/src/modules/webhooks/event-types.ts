// The domain events Orderly announces: one typed list. Services write them to the transactional
// outbox (recordOutboxEvent); webhooks carry the public ones to integrators, live updates (GraphQL
// subscriptions) to the PWA. The outbox type *is* the wire name integrators subscribe to.
import { encodeGlobalId } from '../../core/global-id.ts';
import type { Permission } from '../auth/permissions.ts';

export interface EventTypeInfo {
  /** The GraphQL enum value (EventType). */
  name: string;
  /** What a key must be allowed to read to receive it (its read_<resource> scope). */
  permission: Permission;
  description: string;
}

/** Events integrators may subscribe to. Add a type here before a service records it. */
export const eventTypes = {
  'order.created': {
    name: 'ORDER_CREATED',
    permission: 'orders:read',
    description: 'An order was taken in (createOrder / importOrders). data: { orderId, number, channel, externalId, orderVersion }.',
  },
  'order.status_changed': {
    name: 'ORDER_STATUS_CHANGED',
    permission: 'orders:read',
    description: 'An order changed status (confirmed, held, picked, packed, shipped, cancelled…). data: { orderId, number, fromStatus, toStatus, orderVersion }.',
  },
  'shipment.created': {
    name: 'SHIPMENT_CREATED',
    permission: 'shipments:read',
    description: 'An order was handed to the carrier. data: { orderId, number, channel, externalId, carrier, trackingNumbers, orderVersion }.',
  },
  'tracking.updated': {
    name: 'TRACKING_UPDATED',
    permission: 'shipments:read',
    description:
      'A carrier reported a new tracking event (recordTrackingEvents, the tracking poller or staff). data: { orderId, number, shipmentId, carrier, trackingNumber, status, occurredAt, location, parcelStatus, orderStatus, orderVersion }; duplicates are not announced.',
  },
  'order.delivered': {
    name: 'ORDER_DELIVERED',
    permission: 'orders:read',
    description:
      'Every parcel of an order was delivered (tracking) or staff confirmed delivery (markDelivered). data: { orderId, number, channel, externalId, deliveredAt, source, orderVersion }.',
  },
  'order.completed': {
    name: 'ORDER_COMPLETED',
    permission: 'orders:read',
    description:
      'A delivered order was completed: its return window passed with no open return or exception, or staff completed it (completeOrder). data: { orderId, number, channel, externalId, completedAt, source, orderVersion }.',
  },
  'exception.opened': {
    name: 'EXCEPTION_OPENED',
    permission: 'orders:read',
    description:
      'A delivery exception was opened (by a LOST, DAMAGED or RETURNED_TO_SENDER tracking event, or openException); the order is EXCEPTION. data: { orderId, number, exceptionId, kind, source, orderVersion }.',
  },
  'exception.updated': {
    name: 'EXCEPTION_UPDATED',
    permission: 'orders:read',
    description:
      'A delivery exception changed status (waiting for the carrier or the buyer), or staff added evidence to it (addExceptionEvidence: data also holds evidenceAdded, PHOTO / DOCUMENT / NOTE). data: { orderId, number, exceptionId, kind, status, orderVersion }.',
  },
  'exception.resolved': {
    name: 'EXCEPTION_RESOLVED',
    permission: 'orders:read',
    description: 'A delivery exception was resolved or closed. data: { orderId, number, exceptionId, kind, status, resolution, orderStatus, orderVersion }.',
  },
  'claim.updated': {
    name: 'CLAIM_UPDATED',
    permission: 'exceptions:read',
    description:
      'A carrier claim about a delivery exception was filed or changed status (fileClaim / updateClaim: FILED → ACCEPTED / REJECTED → PAID). data: { orderId, number, exceptionId, claimId, status, amountClaimed, amountPaid, currency, orderVersion }.',
  },
  'return.requested': {
    name: 'RETURN_REQUESTED',
    permission: 'returns:read',
    description:
      'A return was requested (requestReturn; by staff, an integrator or a marketplace connector). data: { orderId, number, channel, externalId, returnId, returnNumber, returnExternalId, status, reason, requestedOutcome, policyOverridden, photoIds (the buyer photos sent with it), orderVersion }.',
  },
  'return.approved': {
    name: 'RETURN_APPROVED',
    permission: 'returns:read',
    description:
      'A return was approved (approveReturn): the buyer may send the units back. data: { orderId, number, channel, externalId, returnId, returnNumber, returnExternalId, status, orderVersion }.',
  },
  'return.received': {
    name: 'RETURN_RECEIVED',
    permission: 'returns:read',
    description:
      'A return parcel arrived at the returns station (receiveReturn). data: { orderId, number, channel, externalId, returnId, returnNumber, returnExternalId, status, orderVersion }.',
  },
  'return.updated': {
    name: 'RETURN_UPDATED',
    permission: 'returns:read',
    description:
      'A return changed status: DECLINED, IN_TRANSIT (with its tracking number), INSPECTED or CANCELLED (approval and receipt: return.approved, return.received); or got a photo (addReturnPhoto) or a refund (recordRefund). data: { orderId, number, channel, externalId, returnId, returnNumber, returnExternalId, status, orderVersion } (+ returnCarrier, returnTrackingNumber; declineReason; photoAdded; refundRecorded { refundId, amount, method }, refundAmount, currency).',
  },
  'return.closed': {
    name: 'RETURN_CLOSED',
    permission: 'returns:read',
    description:
      'A return was closed with a refund or an exchange order. data: { orderId, number, channel, externalId, returnId, returnNumber, returnExternalId, status, outcome, refundAmount, currency, exchangeOrderId, exchangeDifferenceAmount, orderStatus, fullyReturned, orderVersion }.',
  },
  'refund.recorded': {
    name: 'REFUND_RECORDED',
    permission: 'returns:read',
    description:
      "Money was given back for a return (recordRefund, or closeReturn with a refund amount). data: { orderId, number, channel, externalId, returnId, returnNumber, returnExternalId, status, refundId, amount, shippingAmount (the part of amount for shipping), currency, method, reference, refundAmount (the return's refunds so far), orderVersion }.",
  },
  'exchange.created': {
    name: 'EXCHANGE_CREATED',
    permission: 'returns:read',
    description:
      'An exchange order was created for a return (createExchange, or closeReturn with EXCHANGE; confirmed into the pick queue, or ON_HOLD for missing stock). data: { orderId, number, channel, externalId, returnId, returnNumber, returnExternalId, status, exchangeOrderId, exchangeOrderNumber, exchangeOrderStatus, exchangeDifferenceAmount, currency, units, orderVersion }; from closeReturn, return.closed follows.',
  },
  'product.updated': {
    name: 'PRODUCT_UPDATED',
    permission: 'products:read',
    description:
      'A product was created or its content changed (createProduct, updateProduct, importProducts, archiveProduct, restoreProduct, addProductPhoto). data: { productId, sku, kind (CREATED, UPDATED, ARCHIVED, RESTORED), fields (the changed field paths), source, productRevision }.',
  },
  'review.created': {
    name: 'REVIEW_CREATED',
    permission: 'reviews:read',
    description:
      'A buyer review was received: imported from a channel (importReviews, the Ozon connector) or typed in (createReview); a repeated import announces nothing. data: { reviewId, channel, externalId, rating, productId, orderId, publishedAt, reviewVersion } (no buyer data).',
  },
  'review.updated': {
    name: 'REVIEW_UPDATED',
    permission: 'reviews:read',
    description:
      'The buyer edited a review a channel had sent before (a repeated import, importReviews or the Ozon pull, with another rating, text or photo links): its follow-up follows the new rating (raised above 3: resolved by the buyer; lowered to 3 or less: opened). data: { reviewId, channel, externalId, rating, previousRating, fields (rating, body, photoUrls: what changed), productId, orderId, editedAt, reviewVersion } (no buyer data).',
  },
  'review.replied': {
    name: 'REVIEW_REPLIED',
    permission: 'reviews:read',
    description:
      'A reply to a review was accepted by its channel (replyToReview or thankReviews with SEND, after the send job). data: { reviewId, channel, externalId, replyId, replyExternalId, sentAt, reviewVersion }.',
  },
  'purchase_order.sent': {
    name: 'PURCHASE_ORDER_SENT',
    permission: 'purchasing:read',
    description:
      'A purchase order was sent to its supplier (sendPurchaseOrder): its quantities now count as incoming stock. data: { purchaseOrderId, purchaseOrderNumber, supplierId, warehouseId, warehouseCode, currency, status (SENT), sentAt, expectedAt, lines [{ sku, quantity, unitPrice }], purchaseOrderVersion } (no contact data).',
  },
  'purchase_order.received': {
    name: 'PURCHASE_ORDER_RECEIVED',
    permission: 'purchasing:read',
    description:
      'Goods were received against a purchase order (receivePurchaseOrderItems; one event per receipt that changes quantities). data: { purchaseOrderId, purchaseOrderNumber, supplierId, warehouseId, warehouseCode, currency, status (PARTIALLY_RECEIVED or RECEIVED), receiptId, receivedAt, lines [{ sku, quantity, receivedQuantity (so far), received (in this receipt) }], purchaseOrderVersion } (no contact data).',
  },
} as const satisfies Record<string, EventTypeInfo>;

export type EventType = keyof typeof eventTypes;
export const eventTypeList = Object.keys(eventTypes) as EventType[];
export const isEventType = (value: string): value is EventType => Object.hasOwn(eventTypes, value);

/**
 * Outbox events for Orderly's own consumers only, never sent as webhooks nor live updates:
 * buyer notifications (modules/notifications) are sent to the buyer, not to integrators.
 */
export const internalEventTypes = [
  'notification.order_shipped',
  'notification.delivery_delayed',
  'notification.pickup_reminder',
  'notification.claim_update',
  'notification.reship_sent',
  'notification.contact_buyer',
] as const;
export type InternalEventType = (typeof internalEventTypes)[number];

export type OutboxEventType = EventType | InternalEventType;

/** Payload keys holding a database id, published as the API's global id of that type. */
const globalIdKeys: Record<string, string> = {
  orderId: 'Order',
  shipmentId: 'Shipment',
  parcelId: 'Parcel',
  customerId: 'Customer',
  productId: 'Product',
  returnId: 'Return',
  reviewId: 'Review',
  replyId: 'ReviewReply',
  exceptionId: 'DeliveryException',
  exchangeOrderId: 'Order',
  claimId: 'Claim',
  refundId: 'Refund',
  purchaseOrderId: 'PurchaseOrder',
  receiptId: 'PurchaseReceipt',
  supplierId: 'Supplier',
  warehouseId: 'Warehouse',
};
/** Internal payload names → their public names. */
const renamedKeys: Record<string, string> = { from: 'fromStatus', to: 'toStatus' };

/**
 * An outbox payload as integrators see it (the webhook body's `data`): ids become the API's
 * global ids (usable with `order(id:)` / `node(id:)`), `from`/`to` become `fromStatus`/`toStatus`.
 */
export function publicEventData(payload: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return data;
  for (const [key, value] of Object.entries(payload as Record<string, unknown>)) {
    const typename = globalIdKeys[key];
    data[renamedKeys[key] ?? key] = typename && typeof value === 'string' ? encodeGlobalId(typename, value) : value;
  }
  return data;
}

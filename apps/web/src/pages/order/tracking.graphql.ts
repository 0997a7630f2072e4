import { graphql, type ResultOf, type SchemaType } from '../../graphql/graphql';
import { CarrierFragment, UserErrorsFragment } from '../../graphql/fragments';

/** One parcel's tracking number: where it is and what the carrier said, oldest event first. */
export const ParcelTrackingFragment = graphql(
  `
    fragment ParcelTracking on TrackingNumber {
      number
      url
      status
      expectedDeliveryAt
      lastEventAt
      deliveredAt
      carrier {
        ...Carrier
      }
      parcel {
        id
        code
        sequence
      }
      events {
        status
        occurredAt
        location
        message
      }
    }
  `,
  [CarrierFragment],
);
export type ParcelTracking = ResultOf<typeof ParcelTrackingFragment>;

/** An order's tracking summary (queue rows of the in-transit view, order detail). */
export const OrderTrackingFragment = graphql(`
  fragment OrderTracking on Order {
    expectedDeliveryAt
    daysSinceLastMovement
    lastTrackingEvent {
      status
      occurredAt
      location
    }
  }
`);
export type OrderTracking = ResultOf<typeof OrderTrackingFragment>;

/** Staff enter an event read on the carrier's site (one event per send). */
export const RecordTrackingEventMutation = graphql(
  `
    mutation RecordTrackingEvent($events: [TrackingEventInput!]!, $idempotencyKey: String) {
      recordTrackingEvents(events: $events, idempotencyKey: $idempotencyKey) {
        recordedCount
        duplicateCount
        failedCount
        results {
          index
          recorded
          userErrors {
            ...UserErrors
          }
          order {
            id
            status
            version
          }
        }
      }
    }
  `,
  [UserErrorsFragment],
);

/** What staff may enter, in the order a parcel usually goes through them. */
export const TRACKING_EVENT_STATUSES = [
  'IN_TRANSIT',
  'ARRIVED_AT_PICKUP_POINT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'FAILED_ATTEMPT',
  'DELAYED',
  'LOST',
  'DAMAGED',
  'RETURNING_TO_SENDER',
  'RETURNED_TO_SENDER',
] as const satisfies readonly SchemaType<'TrackingEventStatus'>[];
export type TrackingEventStatus = SchemaType<'TrackingEventStatus'>;

import { gql } from '@urql/core';

export interface OrderChangedData {
  orderChanged: { eventType: string; toStatus: string | null; order: { id: string; status: string; version: number } | null };
}

/** Live: every committed change of one order (SSE). */
export const OrderChangedSubscription = gql<OrderChangedData, { id: string }>`
  subscription OrderChanged($id: ID) {
    orderChanged(id: $id) {
      eventType
      toStatus
      order {
        id
        status
        version
      }
    }
  }
`;

export interface OrderQueueChangedData {
  orderQueueChanged: { orderIds: string[] };
}

/** Live: the queue changed (orders created, changing status…), gathered over half a second. */
export const OrderQueueChangedSubscription = gql<OrderQueueChangedData, Record<string, never>>`
  subscription OrderQueueChanged {
    orderQueueChanged {
      orderIds
    }
  }
`;

/** The order in a live message is what the screen shows already (same version and status). */
export function isShown(changed: { status: string; version: number } | null | undefined, shown: { status: string; version: number } | null | undefined): boolean {
  return !!changed && !!shown && changed.version === shown.version && changed.status === shown.status;
}

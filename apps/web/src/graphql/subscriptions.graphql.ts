import { graphql, type ResultOf } from './graphql';
import { OrderVersionFragment } from './fragments';

/** Live: every committed change of one order (SSE). */
export const OrderChangedSubscription = graphql(
  `
    subscription OrderChanged($id: ID) {
      orderChanged(id: $id) {
        eventType
        toStatus
        order {
          ...OrderVersion
        }
      }
    }
  `,
  [OrderVersionFragment],
);
export type OrderChangedData = ResultOf<typeof OrderChangedSubscription>;

/** Live: the queue changed (orders created, changing status…), gathered over half a second. */
export const OrderQueueChangedSubscription = graphql(`
  subscription OrderQueueChanged {
    orderQueueChanged {
      orderIds
    }
  }
`);
export type OrderQueueChangedData = ResultOf<typeof OrderQueueChangedSubscription>;

import { graphql, type ResultOf, type SchemaType } from '../../graphql/graphql';
import { OrderRefFragment, UserErrorsFragment } from '../../graphql/fragments';

export type PickListStatus = SchemaType<'PickListStatus'>;
export type ShortPickResolution = SchemaType<'ShortPickResolution'>;
export const SHORT_PICK_RESOLUTIONS = ['OTHER_BIN', 'HOLD'] as const satisfies readonly ShortPickResolution[];

export const PickProgressFragment = graphql(`
  fragment PickProgress on PickProgress {
    tasks
    tasksDone
    units
    unitsPicked
    unitsShort
  }
`);
export type PickProgress = ResultOf<typeof PickProgressFragment>;

/** A StaffMember: the User id and name. */
export const StaffRefFragment = graphql(`
  fragment StaffRef on StaffMember {
    id
    name
  }
`);

/** One pick list with its tasks in route order (what the picker walks). */
export const PickListQuery = graphql(
  `
    query PickList($id: ID!) {
      pickList(id: $id) {
        id
        number
        status
        createdAt
        assignee {
          ...StaffRef
        }
        progress {
          ...PickProgress
        }
        tasks {
          id
          sequence
          status
          quantity
          quantityPicked
          quantityShort
          remaining
          location {
            id
            code
          }
          product {
            id
            sku
            name
            barcodes
          }
          order {
            ...OrderRef
          }
        }
      }
    }
  `,
  [StaffRefFragment, PickProgressFragment, OrderRefFragment],
);
export type PickListData = ResultOf<typeof PickListQuery>;
export type PickListDetail = NonNullable<PickListData['pickList']>;
/** `order` is null for callers who may not read orders (the API hides it then). */
export type PickTaskNode = PickListDetail['tasks'][number];

/** Lists still to walk (newest first) and today's progress per picker. */
export const PickListsQuery = graphql(
  `
    query PickLists($since: DateTime) {
      pickLists(first: 30, status: [OPEN, IN_PROGRESS]) {
        edges {
          node {
            id
            number
            status
            createdAt
            assignee {
              ...StaffRef
            }
            progress {
              ...PickProgress
            }
            orders {
              ...OrderRef
              cutoffState
            }
          }
        }
      }
      pickerProgress(since: $since) {
        picker {
          ...StaffRef
        }
        lists
        unitsPicked
        unitsShort
        unitsTotal
      }
    }
  `,
  [StaffRefFragment, PickProgressFragment, OrderRefFragment],
);
export type PickListsData = ResultOf<typeof PickListsQuery>;
export type PickListSummary = PickListsData['pickLists']['edges'][number]['node'];

/** The order a "Pick" button from the order detail brought along (/pick?order=…). */
export const PickOrderQuery = graphql(`
  query PickOrder($id: ID!) {
    order(id: $id) {
      id
      number
      status
      version
      cutoffState
    }
  }
`);
export type PickOrderData = ResultOf<typeof PickOrderQuery>;

/** The list and task after a scan or a short pick. */
export const PickScanPayloadFragment = graphql(
  `
    fragment PickScanPayload on PickListPayload {
      pickList {
        id
        number
        status
        progress {
          ...PickProgress
        }
      }
      task {
        id
        status
        quantityPicked
        quantityShort
        remaining
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [PickProgressFragment, UserErrorsFragment],
);
/** What scanPick / shortPick answer (`resolvedBy`: shortPick only). */
export type PickListPayload = ResultOf<typeof PickScanPayloadFragment> & { resolvedBy?: ShortPickResolution | null };

export const CreatePickListMutation = graphql(
  `
    mutation CreatePickList($orderIds: [ID!], $batchSize: Int, $idempotencyKey: String) {
      createPickList(orderIds: $orderIds, batchSize: $batchSize, idempotencyKey: $idempotencyKey) {
        pickList {
          id
          number
          status
          progress {
            ...PickProgress
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [PickProgressFragment, UserErrorsFragment],
);

export const AssignPickListMutation = graphql(
  `
    mutation AssignPickList($pickListId: ID!, $assigneeId: ID, $idempotencyKey: String) {
      assignPickList(pickListId: $pickListId, assigneeId: $assigneeId, idempotencyKey: $idempotencyKey) {
        pickList {
          id
          number
          status
          assignee {
            ...StaffRef
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [StaffRefFragment, UserErrorsFragment],
);

export const ScanPickMutation = graphql(
  `
    mutation ScanPick($pickListId: ID!, $code: String!, $locationCode: String, $quantity: Int, $idempotencyKey: String) {
      scanPick(pickListId: $pickListId, code: $code, locationCode: $locationCode, quantity: $quantity, idempotencyKey: $idempotencyKey) {
        ...PickScanPayload
      }
    }
  `,
  [PickScanPayloadFragment],
);

export const ShortPickMutation = graphql(
  `
    mutation ShortPick($pickListId: ID!, $taskId: ID!, $resolution: ShortPickResolution!, $note: String, $idempotencyKey: String) {
      shortPick(pickListId: $pickListId, taskId: $taskId, resolution: $resolution, note: $note, idempotencyKey: $idempotencyKey) {
        resolvedBy
        ...PickScanPayload
      }
    }
  `,
  [PickScanPayloadFragment],
);

export const CompletePickListMutation = graphql(
  `
    mutation CompletePickList($pickListId: ID!, $idempotencyKey: String) {
      completePickList(pickListId: $pickListId, idempotencyKey: $idempotencyKey) {
        pickList {
          id
          number
          status
          orders {
            ...OrderRef
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [OrderRefFragment, UserErrorsFragment],
);

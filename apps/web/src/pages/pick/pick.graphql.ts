import { gql } from '@urql/core';
import type { DateTime, OrderStatus, UserError } from '../../graphql/types';

export type PickListStatus = 'OPEN' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
export type ShortPickResolution = 'OTHER_BIN' | 'HOLD';
export const SHORT_PICK_RESOLUTIONS: readonly ShortPickResolution[] = ['OTHER_BIN', 'HOLD'];

export interface PickProgress {
  tasks: number;
  tasksDone: number;
  units: number;
  unitsPicked: number;
  unitsShort: number;
}

export interface PickTaskNode {
  id: string;
  sequence: number;
  status: 'PENDING' | 'PICKED' | 'SHORT';
  quantity: number;
  quantityPicked: number;
  quantityShort: number;
  remaining: number;
  location: { id: string; code: string } | null;
  product: { id: string; sku: string; name: string; barcodes: string[] };
  /** Null for callers who may not read orders (the API hides it then). */
  order: { id: string; number: number; status: OrderStatus } | null;
}

export interface PickListDetail {
  id: string;
  number: number;
  status: PickListStatus;
  createdAt: DateTime;
  /** A StaffMember: the User id and name. */
  assignee: { id: string; name: string } | null;
  progress: PickProgress;
  tasks: PickTaskNode[];
}

export interface PickListData {
  pickList: PickListDetail | null;
}

/** One pick list with its tasks in route order (what the picker walks). */
export const PickListQuery = gql<PickListData, { id: string }>`
  query PickList($id: ID!) {
    pickList(id: $id) {
      id
      number
      status
      createdAt
      assignee {
        id
        name
      }
      progress {
        tasks
        tasksDone
        units
        unitsPicked
        unitsShort
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
          id
          number
          status
        }
      }
    }
  }
`;

export interface PickListSummary {
  id: string;
  number: number;
  status: PickListStatus;
  createdAt: DateTime;
  assignee: { id: string; name: string } | null;
  progress: PickProgress;
  orders: { id: string; number: number; status: OrderStatus }[];
}

export interface PickListsData {
  pickLists: { edges: { node: PickListSummary }[] };
  pickerProgress: { picker: { id: string; name: string } | null; lists: number; unitsPicked: number; unitsShort: number; unitsTotal: number }[];
}

/** Lists still to walk (newest first) and today's progress per picker. */
export const PickListsQuery = gql<PickListsData, { since: DateTime }>`
  query PickLists($since: DateTime) {
    pickLists(first: 30, status: [OPEN, IN_PROGRESS]) {
      edges {
        node {
          id
          number
          status
          createdAt
          assignee {
            id
            name
          }
          progress {
            tasks
            tasksDone
            units
            unitsPicked
            unitsShort
          }
          orders {
            id
            number
            status
          }
        }
      }
    }
    pickerProgress(since: $since) {
      picker {
        id
        name
      }
      lists
      unitsPicked
      unitsShort
      unitsTotal
    }
  }
`;

export interface PickOrderData {
  order: { id: string; number: number; status: OrderStatus; version: number } | null;
}

/** The order a "Pick" button from the order detail brought along (/pick?order=…). */
export const PickOrderQuery = gql<PickOrderData, { id: string }>`
  query PickOrder($id: ID!) {
    order(id: $id) {
      id
      number
      status
      version
    }
  }
`;

export interface PickListPayload {
  pickList: { id: string; number: number; status: PickListStatus; progress: PickProgress } | null;
  task: { id: string; quantityPicked: number; quantityShort: number; remaining: number; status: string } | null;
  resolvedBy?: ShortPickResolution | null;
  userErrors: UserError[];
}

export const CreatePickListMutation = gql`
  mutation CreatePickList($orderIds: [ID!], $batchSize: Int, $idempotencyKey: String) {
    createPickList(orderIds: $orderIds, batchSize: $batchSize, idempotencyKey: $idempotencyKey) {
      pickList {
        id
        number
        status
        progress {
          tasks
          tasksDone
          units
          unitsPicked
          unitsShort
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const AssignPickListMutation = gql`
  mutation AssignPickList($pickListId: ID!, $assigneeId: ID, $idempotencyKey: String) {
    assignPickList(pickListId: $pickListId, assigneeId: $assigneeId, idempotencyKey: $idempotencyKey) {
      pickList {
        id
        number
        status
        assignee {
          id
          name
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const ScanPickMutation = gql`
  mutation ScanPick($pickListId: ID!, $code: String!, $locationCode: String, $quantity: Int, $idempotencyKey: String) {
    scanPick(pickListId: $pickListId, code: $code, locationCode: $locationCode, quantity: $quantity, idempotencyKey: $idempotencyKey) {
      pickList {
        id
        number
        status
        progress {
          tasks
          tasksDone
          units
          unitsPicked
          unitsShort
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
        code
        field
        message
      }
    }
  }
`;

export const ShortPickMutation = gql`
  mutation ShortPick($pickListId: ID!, $taskId: ID!, $resolution: ShortPickResolution!, $note: String, $idempotencyKey: String) {
    shortPick(pickListId: $pickListId, taskId: $taskId, resolution: $resolution, note: $note, idempotencyKey: $idempotencyKey) {
      resolvedBy
      pickList {
        id
        number
        status
        progress {
          tasks
          tasksDone
          units
          unitsPicked
          unitsShort
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
        code
        field
        message
      }
    }
  }
`;

export const CompletePickListMutation = gql`
  mutation CompletePickList($pickListId: ID!, $idempotencyKey: String) {
    completePickList(pickListId: $pickListId, idempotencyKey: $idempotencyKey) {
      pickList {
        id
        number
        status
        orders {
          id
          number
          status
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

import { gql } from '@urql/core';
import type { DateTime, OrderStatus, UserError } from '../../graphql/types';
import type { DocumentFile } from '../pack/pack.graphql';

export interface ManifestParcel {
  id: string;
  code: string;
  status: string;
  /** Null for callers who may not read orders. */
  order: { id: string; number: number; status: OrderStatus } | null;
}

export interface ManifestNode {
  id: string;
  number: number;
  status: 'OPEN' | 'CLOSED';
  createdAt: DateTime;
  closedAt: DateTime | null;
  parcelCount: number;
  carrier: { code: string; name: string };
  parcels: ManifestParcel[];
}

export interface HandoverData {
  open: { edges: { node: ManifestNode }[] };
  closed: { edges: { node: Omit<ManifestNode, 'parcels'> }[] };
  carriers: { code: string; name: string }[];
}

/** Open hand-over acts (with their parcels), the last closed ones, and the carriers. */
export const HandoverQuery = gql<HandoverData>`
  query Handover {
    open: manifests(first: 10, status: [OPEN]) {
      edges {
        node {
          id
          number
          status
          createdAt
          closedAt
          parcelCount
          carrier {
            code
            name
          }
          parcels {
            id
            code
            status
            order {
              id
              number
              status
            }
          }
        }
      }
    }
    closed: manifests(first: 5, status: [CLOSED]) {
      edges {
        node {
          id
          number
          status
          createdAt
          closedAt
          parcelCount
          carrier {
            code
            name
          }
        }
      }
    }
    carriers {
      code
      name
    }
  }
`;

export interface ManifestActData {
  manifest: { id: string; number: number; act: DocumentFile } | null;
}

/** The act PDF of a (closed) manifest, to print it again. */
export const ManifestActQuery = gql<ManifestActData, { id: string }>`
  query ManifestAct($id: ID!) {
    manifest(id: $id) {
      id
      number
      act {
        filename
        contentType
        encoding
        content
      }
    }
  }
`;

export interface ManifestPayload {
  manifest: { id: string; number: number; status: 'OPEN' | 'CLOSED'; parcelCount: number; act?: DocumentFile } | null;
  parcel: { id: string; code: string } | null;
  userErrors: UserError[];
}

export const CreateManifestMutation = gql`
  mutation CreateManifest($carrierCode: String!, $idempotencyKey: String) {
    createManifest(carrierCode: $carrierCode, idempotencyKey: $idempotencyKey) {
      manifest {
        id
        number
        status
        parcelCount
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const AddParcelToManifestMutation = gql`
  mutation AddParcelToManifest($manifestId: ID!, $parcelCode: String!, $idempotencyKey: String) {
    addParcelToManifest(manifestId: $manifestId, parcelCode: $parcelCode, idempotencyKey: $idempotencyKey) {
      manifest {
        id
        number
        status
        parcelCount
      }
      parcel {
        id
        code
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const RemoveParcelFromManifestMutation = gql`
  mutation RemoveParcelFromManifest($manifestId: ID!, $parcelCode: String!, $idempotencyKey: String) {
    removeParcelFromManifest(manifestId: $manifestId, parcelCode: $parcelCode, idempotencyKey: $idempotencyKey) {
      manifest {
        id
        number
        status
        parcelCount
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const CloseManifestMutation = gql`
  mutation CloseManifest($manifestId: ID!, $idempotencyKey: String) {
    closeManifest(manifestId: $manifestId, idempotencyKey: $idempotencyKey) {
      manifest {
        id
        number
        status
        parcelCount
        act {
          filename
          contentType
          encoding
          content
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

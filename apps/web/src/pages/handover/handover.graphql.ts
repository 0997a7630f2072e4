import { graphql, type ResultOf } from '../../graphql/graphql';
import { CarrierFragment, DocumentFileFragment, OrderRefFragment, UserErrorsFragment, type DocumentFile } from '../../graphql/fragments';

/** A hand-over act in the lists (without its parcels). */
export const ManifestSummaryFragment = graphql(
  `
    fragment ManifestSummary on Manifest {
      id
      number
      status
      createdAt
      closedAt
      parcelCount
      carrier {
        ...Carrier
      }
    }
  `,
  [CarrierFragment],
);

/** Open hand-over acts (with their parcels), the last closed ones, and the carriers. */
export const HandoverQuery = graphql(
  `
    query Handover {
      open: manifests(first: 10, status: [OPEN]) {
        edges {
          node {
            ...ManifestSummary
            parcels {
              id
              code
              status
              order {
                ...OrderRef
              }
            }
          }
        }
      }
      closed: manifests(first: 5, status: [CLOSED]) {
        edges {
          node {
            ...ManifestSummary
          }
        }
      }
      carriers {
        ...Carrier
      }
    }
  `,
  [ManifestSummaryFragment, OrderRefFragment, CarrierFragment],
);
export type HandoverData = ResultOf<typeof HandoverQuery>;
export type ManifestNode = HandoverData['open']['edges'][number]['node'];
/** `order` is null for callers who may not read orders. */
export type ManifestParcel = ManifestNode['parcels'][number];

/** The act PDF of a (closed) manifest, to print it again. */
export const ManifestActQuery = graphql(
  `
    query ManifestAct($id: ID!) {
      manifest(id: $id) {
        id
        number
        act {
          ...DocumentFile
        }
      }
    }
  `,
  [DocumentFileFragment],
);
export type ManifestActData = ResultOf<typeof ManifestActQuery>;

/** The act sent to this device's PDF printer at the hand-over station (raw TCP from the server). */
export const PrintManifestActMutation = graphql(
  `
    mutation PrintManifestAct($manifestId: ID!, $printerId: ID!) {
      printManifestAct(manifestId: $manifestId, printerId: $printerId) {
        bytesSent
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [UserErrorsFragment],
);

/** What the manifest mutations answer (closeManifest adds the act). */
export const ManifestPayloadFragment = graphql(
  `
    fragment ManifestPayload on ManifestPayload {
      manifest {
        id
        number
        status
        parcelCount
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [UserErrorsFragment],
);
type ManifestPayloadFields = ResultOf<typeof ManifestPayloadFragment>;
export type ManifestPayload = Omit<ManifestPayloadFields, 'manifest'> & {
  manifest: (NonNullable<ManifestPayloadFields['manifest']> & { act?: DocumentFile | null }) | null;
  parcel?: { id: string; code: string } | null;
};

export const CreateManifestMutation = graphql(
  `
    mutation CreateManifest($carrierCode: String!, $idempotencyKey: String) {
      createManifest(carrierCode: $carrierCode, idempotencyKey: $idempotencyKey) {
        ...ManifestPayload
      }
    }
  `,
  [ManifestPayloadFragment],
);

export const AddParcelToManifestMutation = graphql(
  `
    mutation AddParcelToManifest($manifestId: ID!, $parcelCode: String!, $idempotencyKey: String) {
      addParcelToManifest(manifestId: $manifestId, parcelCode: $parcelCode, idempotencyKey: $idempotencyKey) {
        ...ManifestPayload
        parcel {
          id
          code
        }
      }
    }
  `,
  [ManifestPayloadFragment],
);

export const RemoveParcelFromManifestMutation = graphql(
  `
    mutation RemoveParcelFromManifest($manifestId: ID!, $parcelCode: String!, $idempotencyKey: String) {
      removeParcelFromManifest(manifestId: $manifestId, parcelCode: $parcelCode, idempotencyKey: $idempotencyKey) {
        ...ManifestPayload
      }
    }
  `,
  [ManifestPayloadFragment],
);

export const CloseManifestMutation = graphql(
  `
    mutation CloseManifest($manifestId: ID!, $idempotencyKey: String) {
      closeManifest(manifestId: $manifestId, idempotencyKey: $idempotencyKey) {
        ...ManifestPayload
        manifest {
          id
          act {
            ...DocumentFile
          }
        }
      }
    }
  `,
  [ManifestPayloadFragment, DocumentFileFragment],
);

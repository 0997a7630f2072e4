import { gql } from '@urql/core';
import type { OrderStatus, UserError } from '../../graphql/types';

export type ParcelStatus = 'OPEN' | 'PACKED' | 'LABELLED' | 'HANDED_OVER' | 'SHIPPED';

/** A printable file as the API sends it (labels, packing slips, hand-over acts). */
export interface DocumentFile {
  filename: string;
  contentType: string;
  encoding: 'BASE64' | 'UTF8';
  content: string;
}

export interface BoxPreset {
  code: string;
  name: string;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  tareGrams: number;
}

export interface Carrier {
  code: string;
  name: string;
}

export interface PackLine {
  id: string;
  sku: string;
  name: string;
  quantity: number;
  quantityCancelled: number;
  quantityPicked: number;
  quantityPacked: number;
  product: { id: string; sku: string; barcodes: string[] };
}

export interface PackParcel {
  id: string;
  code: string;
  sequence: number;
  status: ParcelStatus;
  weightGrams: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  hasPhoto: boolean;
  boxPreset: { code: string; name: string } | null;
  carrier: Carrier | null;
  items: { quantity: number; orderLine: { id: string; sku: string } }[];
}

export interface PackOrder {
  id: string;
  number: number;
  channel: string;
  externalId: string | null;
  status: OrderStatus;
  version: number;
  lines: PackLine[];
  parcels: PackParcel[];
}

export interface PackOrderData {
  order: PackOrder | null;
  boxPresets: BoxPreset[];
  carriers: Carrier[];
}

/** The order at the packing table: lines (picked / packed), its parcels, box sizes and carriers. */
export const PackOrderQuery = gql<PackOrderData, { id: string }>`
  query PackOrder($id: ID!) {
    order(id: $id) {
      id
      number
      channel
      externalId
      status
      version
      lines {
        id
        sku
        name
        quantity
        quantityCancelled
        quantityPicked
        quantityPacked
        product {
          id
          sku
          barcodes
        }
      }
      parcels {
        id
        code
        sequence
        status
        weightGrams
        lengthMm
        widthMm
        heightMm
        hasPhoto
        boxPreset {
          code
          name
        }
        carrier {
          code
          name
        }
        items {
          quantity
          orderLine {
            id
            sku
          }
        }
      }
    }
    boxPresets {
      code
      name
      lengthMm
      widthMm
      heightMm
      tareGrams
    }
    carriers {
      code
      name
    }
  }
`;

export interface FloorOrderRow {
  id: string;
  number: number;
  channel: string;
  externalId: string | null;
  status: OrderStatus;
  shipBy: string;
  lateRisk: boolean;
  itemCount: number;
}

export interface FloorOrdersData {
  orders: { totalCount: number; edges: { node: FloorOrderRow }[] };
}

/** Orders in some statuses, most urgent first (the packing / shipping queues). */
export const FloorOrdersQuery = gql<FloorOrdersData, { status: OrderStatus[] }>`
  query FloorOrders($status: [OrderStatus!]) {
    orders(first: 50, status: $status) {
      totalCount
      edges {
        node {
          id
          number
          channel
          externalId
          status
          shipBy
          lateRisk
          itemCount
        }
      }
    }
  }
`;

export interface FindOrderData {
  parcelByCode: { id: string; code: string; order: { id: string; number: number; status: OrderStatus } | null } | null;
  orders: { totalCount: number; edges: { node: { id: string; number: number; status: OrderStatus } }[] };
}

/** A scanned code at the packing / shipping table: a parcel label, an order number or a posting number. */
export const FindOrderQuery = gql<FindOrderData, { code: string }>`
  query FindOrder($code: String!) {
    parcelByCode(code: $code) {
      id
      code
      order {
        id
        number
        status
      }
    }
    orders(first: 2, search: $code) {
      totalCount
      edges {
        node {
          id
          number
          status
        }
      }
    }
  }
`;

export interface PackingSlipData {
  packingSlip: DocumentFile | null;
}

/** The thank-you card / packing slip (PDF) in the language chosen in Settings. */
export const PackingSlipQuery = gql<PackingSlipData, { orderId: string; locale: string }>`
  query PackingSlip($orderId: ID!, $locale: DocumentLocale) {
    packingSlip(orderId: $orderId, locale: $locale) {
      filename
      contentType
      encoding
      content
    }
  }
`;

export interface ParcelPayload {
  parcel: { id: string; code: string; status: ParcelStatus; hasPhoto: boolean } | null;
  order: { id: string; status: OrderStatus; version: number } | null;
  userErrors: UserError[];
}

// Each mutation's document is written out in full (no ${} fragments): the API's trusted-document
// map is built from these templates and skips interpolated ones.
export const OpenParcelMutation = gql`
  mutation OpenParcel($orderId: ID!, $boxPresetCode: String, $idempotencyKey: String) {
    openParcel(orderId: $orderId, boxPresetCode: $boxPresetCode, idempotencyKey: $idempotencyKey) {
      parcel {
        id
        code
        status
        hasPhoto
      }
      order {
        id
        status
        version
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const ScanPackMutation = gql`
  mutation ScanPack($orderId: ID!, $parcelId: ID, $code: String!, $quantity: Int, $idempotencyKey: String) {
    scanPack(orderId: $orderId, parcelId: $parcelId, code: $code, quantity: $quantity, idempotencyKey: $idempotencyKey) {
      parcel {
        id
        code
        status
        hasPhoto
      }
      order {
        id
        status
        version
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const UnpackItemMutation = gql`
  mutation UnpackItem($parcelId: ID!, $code: String!, $quantity: Int, $idempotencyKey: String) {
    unpackItem(parcelId: $parcelId, code: $code, quantity: $quantity, idempotencyKey: $idempotencyKey) {
      parcel {
        id
        code
        status
        hasPhoto
      }
      order {
        id
        status
        version
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const CloseParcelMutation = gql`
  mutation CloseParcel($parcelId: ID!, $weightGrams: Int!, $lengthMm: Int, $widthMm: Int, $heightMm: Int, $idempotencyKey: String) {
    closeParcel(parcelId: $parcelId, weightGrams: $weightGrams, lengthMm: $lengthMm, widthMm: $widthMm, heightMm: $heightMm, idempotencyKey: $idempotencyKey) {
      parcel {
        id
        code
        status
        hasPhoto
      }
      order {
        id
        status
        version
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const ReopenParcelMutation = gql`
  mutation ReopenParcel($parcelId: ID!, $idempotencyKey: String) {
    reopenParcel(parcelId: $parcelId, idempotencyKey: $idempotencyKey) {
      parcel {
        id
        code
        status
        hasPhoto
      }
      order {
        id
        status
        version
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export const UploadParcelPhotoMutation = gql`
  mutation UploadParcelPhoto($parcelId: ID!, $photo: File!, $idempotencyKey: String) {
    uploadParcelPhoto(parcelId: $parcelId, photo: $photo, idempotencyKey: $idempotencyKey) {
      parcel {
        id
        code
        status
        hasPhoto
      }
      order {
        id
        status
        version
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface LabelPayload {
  label: { id: string; printCount: number; format: 'PDF' | 'ZPL'; document: DocumentFile } | null;
  parcel: { id: string; code: string; status: ParcelStatus } | null;
  order: { id: string; status: OrderStatus; version: number } | null;
  userErrors: UserError[];
}

export const PrintLabelMutation = gql`
  mutation PrintLabel($parcelId: ID!, $format: LabelFormat!, $carrierCode: String, $idempotencyKey: String) {
    printLabel(parcelId: $parcelId, format: $format, carrierCode: $carrierCode, idempotencyKey: $idempotencyKey) {
      label {
        id
        printCount
        format
        document {
          filename
          contentType
          encoding
          content
        }
      }
      parcel {
        id
        code
        status
      }
      order {
        id
        status
        version
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

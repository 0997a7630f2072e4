import { graphql, type ResultOf, type SchemaType } from '../../graphql/graphql';
import { CarrierFragment, DocumentFileFragment, OrderRefFragment, OrderVersionFragment, UserErrorsFragment } from '../../graphql/fragments';

export type { Carrier, DocumentFile } from '../../graphql/fragments';
export type ParcelStatus = SchemaType<'ParcelStatus'>;

/** A parcel at the packing table: its box, carrier and what is in it. */
export const PackParcelFragment = graphql(
  `
    fragment PackParcel on Parcel {
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
        ...Carrier
      }
      items {
        quantity
        orderLine {
          id
          sku
        }
      }
    }
  `,
  [CarrierFragment],
);
export type PackParcel = ResultOf<typeof PackParcelFragment>;

/**
 * What Ozon asks before it takes the posting, with what is still missing per product and unit (marking
 * codes "Честный ЗНАК", customs declaration number, country of origin) and the codes scanned so far.
 */
export const PackRequirementsFragment = graphql(`
  fragment PackRequirements on MarketplacePosting {
    postingNumber
    requirementsMet
    exemplarStatus
    requirementStates {
      code
      enforced
      met
      items {
        sku
        required
        done
        missing
        rejected
        value
      }
    }
    markingCodes {
      code
      sku
      ozonStatus
      ozonErrors
    }
  }
`);
export type PackRequirements = ResultOf<typeof PackRequirementsFragment>;

/** The order at the packing table: lines (picked / packed), its parcels, box sizes and carriers. */
export const PackOrderQuery = graphql(
  `
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
          ...PackParcel
        }
        marketplacePosting {
          ...PackRequirements
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
        ...Carrier
      }
    }
  `,
  [PackParcelFragment, CarrierFragment, PackRequirementsFragment],
);
export type PackOrderData = ResultOf<typeof PackOrderQuery>;
export type PackOrder = NonNullable<PackOrderData['order']>;
export type PackLine = PackOrder['lines'][number];
export type BoxPreset = PackOrderData['boxPresets'][number];

/** Orders in some statuses, most urgent first (the packing / shipping queues). */
export const FloorOrdersQuery = graphql(`
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
          cutoffState
          itemCount
        }
      }
    }
  }
`);
export type FloorOrdersData = ResultOf<typeof FloorOrdersQuery>;
export type FloorOrderRow = FloorOrdersData['orders']['edges'][number]['node'];

/** A scanned code at the packing / shipping table: a parcel label, an order number or a posting number. */
export const FindOrderQuery = graphql(
  `
    query FindOrder($code: String!) {
      parcelByCode(code: $code) {
        id
        code
        order {
          ...OrderRef
        }
      }
      orders(first: 2, search: $code) {
        totalCount
        edges {
          node {
            ...OrderRef
          }
        }
      }
    }
  `,
  [OrderRefFragment],
);
export type FindOrderData = ResultOf<typeof FindOrderQuery>;

/** The thank-you card / packing slip (PDF) in the language chosen in Settings. */
export const PackingSlipQuery = graphql(
  `
    query PackingSlip($orderId: ID!, $locale: DocumentLocale) {
      packingSlip(orderId: $orderId, locale: $locale) {
        ...DocumentFile
      }
    }
  `,
  [DocumentFileFragment],
);
export type PackingSlipData = ResultOf<typeof PackingSlipQuery>;

/** The packing slip sent to this device's PDF printer (server-side, raw TCP). */
export const PrintPackingSlipMutation = graphql(
  `
    mutation PrintPackingSlip($orderId: ID!, $printerId: ID!, $locale: DocumentLocale) {
      printPackingSlip(orderId: $orderId, printerId: $printerId, locale: $locale) {
        bytesSent
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [UserErrorsFragment],
);

/** What every parcel mutation answers (open, scan, unpack, close, reopen, photo). */
export const ParcelPayloadFragment = graphql(
  `
    fragment ParcelPayload on ParcelPayload {
      parcel {
        id
        code
        status
        hasPhoto
      }
      order {
        ...OrderVersion
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [OrderVersionFragment, UserErrorsFragment],
);
export type ParcelPayload = ResultOf<typeof ParcelPayloadFragment>;

export const OpenParcelMutation = graphql(
  `
    mutation OpenParcel($orderId: ID!, $boxPresetCode: String, $idempotencyKey: String) {
      openParcel(orderId: $orderId, boxPresetCode: $boxPresetCode, idempotencyKey: $idempotencyKey) {
        ...ParcelPayload
      }
    }
  `,
  [ParcelPayloadFragment],
);

export const ScanPackMutation = graphql(
  `
    mutation ScanPack($orderId: ID!, $parcelId: ID, $code: String!, $quantity: Int, $idempotencyKey: String) {
      scanPack(orderId: $orderId, parcelId: $parcelId, code: $code, quantity: $quantity, idempotencyKey: $idempotencyKey) {
        ...ParcelPayload
      }
    }
  `,
  [ParcelPayloadFragment],
);

export const UnpackItemMutation = graphql(
  `
    mutation UnpackItem($parcelId: ID!, $code: String!, $quantity: Int, $idempotencyKey: String) {
      unpackItem(parcelId: $parcelId, code: $code, quantity: $quantity, idempotencyKey: $idempotencyKey) {
        ...ParcelPayload
      }
    }
  `,
  [ParcelPayloadFragment],
);

export const CloseParcelMutation = graphql(
  `
    mutation CloseParcel($parcelId: ID!, $weightGrams: Int!, $lengthMm: Int, $widthMm: Int, $heightMm: Int, $idempotencyKey: String) {
      closeParcel(parcelId: $parcelId, weightGrams: $weightGrams, lengthMm: $lengthMm, widthMm: $widthMm, heightMm: $heightMm, idempotencyKey: $idempotencyKey) {
        ...ParcelPayload
      }
    }
  `,
  [ParcelPayloadFragment],
);

export const ReopenParcelMutation = graphql(
  `
    mutation ReopenParcel($parcelId: ID!, $idempotencyKey: String) {
      reopenParcel(parcelId: $parcelId, idempotencyKey: $idempotencyKey) {
        ...ParcelPayload
      }
    }
  `,
  [ParcelPayloadFragment],
);

export const UploadParcelPhotoMutation = graphql(
  `
    mutation UploadParcelPhoto($parcelId: ID!, $photo: File!, $idempotencyKey: String) {
      uploadParcelPhoto(parcelId: $parcelId, photo: $photo, idempotencyKey: $idempotencyKey) {
        ...ParcelPayload
      }
    }
  `,
  [ParcelPayloadFragment],
);

export const PrintLabelMutation = graphql(
  `
    mutation PrintLabel($parcelId: ID!, $format: LabelFormat!, $carrierCode: String, $printerId: ID, $idempotencyKey: String) {
      printLabel(parcelId: $parcelId, format: $format, carrierCode: $carrierCode, printerId: $printerId, idempotencyKey: $idempotencyKey) {
        printer {
          id
          name
        }
        label {
          id
          printCount
          format
          document {
            ...DocumentFile
          }
        }
        parcel {
          id
          code
          status
        }
        order {
          ...OrderVersion
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [DocumentFileFragment, OrderVersionFragment, UserErrorsFragment],
);
export type LabelPayload = ResultOf<typeof PrintLabelMutation>['printLabel'];

/** What the Ozon requirement mutations answer: the order's version, and why not. */
const RequirementsPayloadFragment = graphql(
  `
    fragment RequirementsPayload on OrderRequirementsPayload {
      order {
        ...OrderVersion
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [OrderVersionFragment, UserErrorsFragment],
);

export const ScanMarkingCodeMutation = graphql(
  `
    mutation ScanMarkingCode($orderId: ID!, $code: String!, $sku: String, $idempotencyKey: String) {
      scanMarkingCode(orderId: $orderId, code: $code, sku: $sku, idempotencyKey: $idempotencyKey) {
        ...RequirementsPayload
      }
    }
  `,
  [RequirementsPayloadFragment],
);

export const RemoveMarkingCodeMutation = graphql(
  `
    mutation RemoveMarkingCode($orderId: ID!, $code: String!, $idempotencyKey: String) {
      removeMarkingCode(orderId: $orderId, code: $code, idempotencyKey: $idempotencyKey) {
        ...RequirementsPayload
      }
    }
  `,
  [RequirementsPayloadFragment],
);

export const SetMarketplaceProductDetailsMutation = graphql(
  `
    mutation SetMarketplaceProductDetails(
      $orderId: ID!
      $sku: String!
      $customsDeclaration: String
      $noCustomsDeclaration: Boolean
      $countryOfOrigin: String
      $idempotencyKey: String
    ) {
      setMarketplaceProductDetails(
        orderId: $orderId
        sku: $sku
        customsDeclaration: $customsDeclaration
        noCustomsDeclaration: $noCustomsDeclaration
        countryOfOrigin: $countryOfOrigin
        idempotencyKey: $idempotencyKey
      ) {
        ...RequirementsPayload
      }
    }
  `,
  [RequirementsPayloadFragment],
);

/** Input shapes of the warehouse-floor documents. Plain data: callers map their records to these. */

export interface Party {
  name: string;
  phone?: string | null;
  /** Address lines (street, house, flat…), printed in order. */
  lines: string[];
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, e.g. "RU", "CN". */
  countryCode: string;
}

export interface LabelData {
  /** e.g. "P1042-1": printed, and encoded in the Code128 when there is no tracking number. */
  parcelCode: string;
  /** When present, the Code128 encodes it. */
  trackingNumber?: string | null;
  /** "СДЭК", "Ozon Логистика" */
  carrierName: string;
  /** Shown as "#1042". */
  orderNumber: number;
  /** Marketplace posting number, e.g. "87215400-0001-1". */
  externalId?: string | null;
  /** A reship (replacement after a lost or damaged delivery): the original order's number, printed as "RESHIP #1040". */
  reshipOf?: number | null;
  parcelSequence: number;
  parcelCount: number;
  weightGrams?: number | null;
  sender: Party;
  recipient: Party;
  /** Encoded in the QR code (e.g. a JSON or URL for the floor). */
  qrPayload: string;
  createdAt: Date;
  /** IANA zone for printed dates; defaults to DEFAULT_TIME_ZONE (Europe/Moscow). */
  timeZone?: string | null;
}

export interface ManifestParcel {
  parcelCode: string;
  trackingNumbers: string[];
  orderNumber: number;
  externalId?: string | null;
  weightGrams?: number | null;
  recipientCity: string;
}

export interface ManifestData {
  number: number;
  carrierName: string;
  warehouseName: string;
  warehouseAddress: string;
  pickupFrom?: Date | null;
  pickupTo?: Date | null;
  closedAt: Date;
  parcels: ManifestParcel[];
  /** IANA zone for printed dates; defaults to DEFAULT_TIME_ZONE (Europe/Moscow). */
  timeZone?: string | null;
}

export type SlipLocale = 'ru' | 'zh-CN' | 'en';

export interface PackingSlipData {
  orderNumber: number;
  externalId?: string | null;
  /** A reship: the original order's number, printed as "RESHIP #1040". */
  reshipOf?: number | null;
  recipientName: string;
  lines: { sku: string; name: string; quantity: number }[];
  /** The seller's thank-you note; a localized default is printed when empty. */
  message?: string | null;
  locale: SlipLocale;
  /** Written into the PDF metadata; the Unix epoch when absent, so the bytes stay reproducible. */
  createdAt?: Date | null;
}

export interface ZplOptions {
  /** Printer resolution; the label is 4×6 in (812×1218 dots at 203 dpi, 1200×1800 at 300 dpi). Default 203. */
  dpi?: 203 | 300;
  /**
   * Printer font used for all text (needs Cyrillic). Default "E:TT0003M_.FNT" (Swiss 721, resident on
   * Zebra Link-OS printers and covering Latin + Cyrillic).
   */
  font?: string;
  /**
   * Printer font for fields that contain Chinese characters, e.g. "E:ANMDS.TTF" when the optional Zebra
   * Asian font is installed. Default none: such fields use `font` (most printers then print no glyphs
   * for the Chinese characters; the PDF label renders them).
   */
  cjkFont?: string | null;
}

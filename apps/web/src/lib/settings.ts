import { createSignal } from 'solid-js';

/** Device-local settings (each handheld keeps its own). */
export const LABEL_FORMAT_KEY = 'orderly.labelFormat';
export const LABEL_FORMATS = ['PDF', 'ZPL'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

function readLabelFormat(): LabelFormat {
  try {
    const saved = globalThis.localStorage?.getItem(LABEL_FORMAT_KEY);
    return saved === 'ZPL' ? 'ZPL' : 'PDF';
  } catch {
    return 'PDF';
  }
}

const [labelFormat, setLabelFormatSignal] = createSignal<LabelFormat>(readLabelFormat());

/** The label format the printing screens use: PDF (office/A6 printers) or ZPL (Zebra thermal printers). */
export { labelFormat };

export function setLabelFormat(format: LabelFormat): void {
  setLabelFormatSignal(format);
  try {
    globalThis.localStorage?.setItem(LABEL_FORMAT_KEY, format);
  } catch {
    // not remembered
  }
}

/** Tests: re-read after localStorage changed. */
export function reloadSettings(): void {
  setLabelFormatSignal(readLabelFormat());
  setPackingSlipLocaleSignal(readPackingSlipLocale());
}

/** Language of the packing slip / thank-you card put into parcels (the API's DocumentLocale). */
export const PACKING_SLIP_LOCALE_KEY = 'orderly.packingSlipLocale';
export const PACKING_SLIP_LOCALES = ['ru', 'zh_CN', 'en'] as const;
export type PackingSlipLocale = (typeof PACKING_SLIP_LOCALES)[number];

function readPackingSlipLocale(): PackingSlipLocale {
  try {
    const saved = globalThis.localStorage?.getItem(PACKING_SLIP_LOCALE_KEY);
    return (PACKING_SLIP_LOCALES as readonly string[]).includes(saved ?? '') ? (saved as PackingSlipLocale) : 'ru';
  } catch {
    return 'ru';
  }
}

const [packingSlipLocale, setPackingSlipLocaleSignal] = createSignal<PackingSlipLocale>(readPackingSlipLocale());

/** The seller's choice for packing slips (buyers on Ozon read Russian: the default). */
export { packingSlipLocale };

export function setPackingSlipLocale(locale: PackingSlipLocale): void {
  setPackingSlipLocaleSignal(locale);
  try {
    globalThis.localStorage?.setItem(PACKING_SLIP_LOCALE_KEY, locale);
  } catch {
    // not remembered
  }
}

/** The carrier last chosen for labels on this device, per sales channel. */
const CARRIER_KEY = 'orderly.labelCarrier.';

export function lastCarrier(channel: string): string | null {
  try {
    return globalThis.localStorage?.getItem(CARRIER_KEY + channel) ?? null;
  } catch {
    return null;
  }
}

export function rememberCarrier(channel: string, carrierCode: string): void {
  try {
    globalThis.localStorage?.setItem(CARRIER_KEY + channel, carrierCode);
  } catch {
    // not remembered
  }
}

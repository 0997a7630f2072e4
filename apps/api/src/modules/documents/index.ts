/**
 * Warehouse-floor documents: pure functions from plain data to PDF bytes or ZPL text.
 * No database, no I/O besides reading the bundled font files once.
 */
export type { LabelData, ManifestData, ManifestParcel, PackingSlipData, Party, SlipLocale, ZplOptions } from './types.ts';
export { renderShippingLabelPdf, renderShippingLabelsPdf, labelBarcodeText } from './shipping-label.ts';
export { renderShippingLabelZpl, zplFieldData, decodeZplFieldData, qrFieldData, ZPL_DEFAULT_FONT } from './shipping-label.zpl.ts';
export { renderManifestPdf, manifestBarcodeText } from './manifest.ts';
export { renderPackingSlipPdf, SLIP_TEXTS } from './packing-slip.ts';
export { renderPurchaseOrderPdf, type PurchaseOrderData, type PurchaseOrderLineData } from './purchase-order.ts';
export { renderCode128Png, renderQrPng, code128Pattern, qrMatrix } from './barcodes.ts';
export { DEFAULT_TIME_ZONE } from './format.ts';
export { renderTestLabelZpl, renderTestLabelPdf, type TestLabelData } from './test-label.ts';

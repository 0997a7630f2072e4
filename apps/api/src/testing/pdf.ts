import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';
import type { ReadResult } from 'zxing-wasm/reader';

/** All text of a PDF, pages joined, for assertions on rendered documents. */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

// pdf.js 5 (inside unpdf) calls ArrayBuffer.prototype.transferToFixedLength when it rasterises
// embedded fonts; Node 20 lacks it (21+ has it). Same result, minus the detaching.
if (!('transferToFixedLength' in ArrayBuffer.prototype)) {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    value(this: ArrayBuffer, length = this.byteLength) {
      const out = new ArrayBuffer(length);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return out;
    },
  });
}

let zxing: Promise<typeof import('zxing-wasm/reader')> | null = null;
/** ZXing with its WebAssembly loaded from node_modules (its default is a CDN), once per process. */
function loadZxing() {
  zxing ??= import('zxing-wasm/reader').then(async (reader) => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    await reader.prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
      fireImmediately: true,
    });
    return reader;
  });
  return zxing;
}

/** Every Code 128 / QR barcode ZXing reads off a PNG. */
export async function readPngBarcodes(png: Uint8Array, maxNumberOfSymbols?: number): Promise<ReadResult[]> {
  const { readBarcodes } = await loadZxing();
  return readBarcodes(new Uint8Array(png), { formats: ['Code128', 'QRCode'], tryHarder: true, maxNumberOfSymbols });
}

/** The barcodes a scanner reads off a PDF page: the page rasterised (scale 3 ≈ 216 dpi), then decoded. */
export async function readPdfBarcodes(bytes: Uint8Array, page = 1, scale = 3): Promise<ReadResult[]> {
  const png = await renderPageAsImage(new Uint8Array(bytes), page, { canvasImport: () => import('@napi-rs/canvas'), scale });
  return readPngBarcodes(new Uint8Array(png), 8);
}

/** The texts of the barcodes on a PDF page. */
export async function decodePdfBarcodes(bytes: Uint8Array, page = 1): Promise<string[]> {
  return (await readPdfBarcodes(bytes, page)).map((r) => r.text);
}

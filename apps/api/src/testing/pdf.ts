import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf';

/** All text of a PDF, pages joined, for assertions on rendered documents. */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

/**
 * The Code 128 / QR barcodes a scanner reads off a PDF page: the page rasterised (scale 3 ≈ 216 dpi)
 * and decoded by ZXing, its WebAssembly loaded from node_modules (its default is a CDN).
 */
export async function decodePdfBarcodes(bytes: Uint8Array, page = 1): Promise<string[]> {
  // pdf.js 5 calls ArrayBuffer.prototype.transferToFixedLength when it rasterises embedded fonts;
  // Node 20 lacks it (21+ has it). Same result, minus the detaching.
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
  const { prepareZXingModule, readBarcodes } = await import('zxing-wasm/reader');
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
  const png = await renderPageAsImage(new Uint8Array(bytes), page, { canvasImport: () => import('@napi-rs/canvas'), scale: 3 });
  return (await readBarcodes(new Uint8Array(png), { formats: ['Code128', 'QRCode'], tryHarder: true, maxNumberOfSymbols: 8 })).map((r) => r.text);
}

import { createRequire } from 'node:module';
import type BwipJs from 'bwip-js/node';

// bwip-js (the whole BWIPP encoder) is loaded by the first barcode, not at boot (issue 11).
const require = createRequire(import.meta.url);
let encoder: typeof BwipJs | undefined;
const bwipjs = () => (encoder ??= require('bwip-js/node') as typeof BwipJs);

/**
 * Barcodes are encoded once by bwip-js (BWIPP) and then either drawn as vector rectangles into a PDF
 * (crisp at any printer resolution) or rendered to PNG by bwip-js with the very same encoder options
 * (previews, tests). ZPL labels let the printer encode (^BC / ^BQ).
 */

export type QrEcLevel = 'L' | 'M' | 'Q' | 'H';
export const QR_EC_LEVEL: QrEcLevel = 'M';

/** Code 128 takes ASCII only (0x00–0x7F); tracking numbers and parcel codes always are. */
function assertCode128Text(text: string): void {
  if (text.length === 0) throw new Error('Code128: empty text');
  if (!/^[\x20-\x7e]+$/.test(text)) throw new Error(`Code128: only printable ASCII can be encoded, got ${JSON.stringify(text)}`);
}

export interface Code128Pattern {
  /** Module widths, alternating bar, space, bar, … (starts and ends with a bar). */
  widths: number[];
  /** Total width in modules, without quiet zones. */
  modules: number;
}

export function code128Pattern(text: string): Code128Pattern {
  assertCode128Text(text);
  const [symbol] = bwipjs().raw({ bcid: 'code128', text }) as Array<{ sbs: number[] }>;
  if (!symbol?.sbs) throw new Error('Code128: encoder returned no pattern');
  return { widths: symbol.sbs, modules: symbol.sbs.reduce((a, b) => a + b, 0) };
}

export interface QrMatrix {
  /** Modules per side (without the quiet zone). */
  size: number;
  /** rows[y][x] is true for a dark module. */
  rows: boolean[][];
}

export function qrMatrix(text: string, ecLevel: QrEcLevel = QR_EC_LEVEL): QrMatrix {
  if (text.length === 0) throw new Error('QR: empty payload');
  const options: BwipJs.RawOptions & { eclevel: QrEcLevel } = { bcid: 'qrcode', text, eclevel: ecLevel };
  const [symbol] = bwipjs().raw(options) as Array<{ pixs: number[]; pixx: number; pixy: number }>;
  if (!symbol?.pixs) throw new Error('QR: encoder returned no matrix');
  const rows: boolean[][] = [];
  for (let y = 0; y < symbol.pixy; y++) {
    rows.push(Array.from({ length: symbol.pixx }, (_, x) => symbol.pixs[y * symbol.pixx + x] === 1));
  }
  return { size: symbol.pixx, rows };
}

/** PNG of a Code 128 symbol with a 10-module quiet zone, white background. */
export async function renderCode128Png(text: string, opts: { scale?: number; heightMm?: number } = {}): Promise<Buffer> {
  assertCode128Text(text);
  return bwipjs().toBuffer({
    bcid: 'code128',
    text,
    scale: opts.scale ?? 3,
    height: opts.heightMm ?? 15,
    includetext: false,
    backgroundcolor: 'FFFFFF',
    paddingwidth: 10,
    paddingheight: 4,
  });
}

/** PNG of a QR code (EC level M) with a 4-module quiet zone, white background. */
export async function renderQrPng(text: string, opts: { scale?: number; ecLevel?: QrEcLevel } = {}): Promise<Buffer> {
  if (text.length === 0) throw new Error('QR: empty payload');
  const options: BwipJs.RenderOptions & { eclevel: QrEcLevel } = {
    bcid: 'qrcode',
    text,
    eclevel: opts.ecLevel ?? QR_EC_LEVEL,
    scale: opts.scale ?? 4,
    backgroundcolor: 'FFFFFF',
    padding: 4,
  };
  return bwipjs().toBuffer(options);
}

/**
 * Draws a Code 128 into a PDF as filled rectangles, centred in `box.width`. The module width is the
 * largest that fits the box together with 10-module quiet zones, capped at `maxModule` points.
 */
export function drawCode128(
  doc: PDFKit.PDFDocument,
  text: string,
  box: { x: number; y: number; width: number; height: number },
  opts: { maxModule?: number } = {},
): { x: number; width: number; module: number } {
  const { widths, modules } = code128Pattern(text);
  const module = Math.min(opts.maxModule ?? 1.5, box.width / (modules + 20));
  const width = modules * module;
  const x0 = box.x + (box.width - width) / 2;
  doc.save();
  let x = x0;
  widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(x, box.y, w * module, box.height);
    x += w * module;
  });
  doc.fillColor('black').fill();
  doc.restore();
  return { x: x0, width, module };
}

/** Draws a QR code as filled rectangles (horizontal runs), `size` points per side without quiet zone. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, at: { x: number; y: number; size: number }): void {
  const { size, rows } = qrMatrix(text);
  const m = at.size / size;
  doc.save();
  rows.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x++;
      // Overlap neighbouring rows by a hair so viewers do not show hairline gaps between modules.
      doc.rect(at.x + start * m, at.y + y * m, (x - start) * m, m + 0.05);
    }
  });
  doc.fillColor('black').fill();
  doc.restore();
}

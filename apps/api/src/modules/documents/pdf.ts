import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';
import { fontBytes, printable } from './fonts.ts';

// pdfkit (with its font and compression code, ~25 MiB resident together with fontkit) is loaded
// by the first document, not at boot: most API processes never render a PDF (issue 11).
const require = createRequire(import.meta.url);
let PDFDocument: typeof PDFKitDocument | undefined;

/** Points per millimetre. */
export const MM = 72 / 25.4;

export const PAGE = {
  label100x150: [100 * MM, 150 * MM] as [number, number],
  a4: [210 * MM, 297 * MM] as [number, number],
  a6: [105 * MM, 148 * MM] as [number, number],
};

export type Face = 'regular' | 'bold';

export interface PdfMeta {
  title: string;
  subject?: string;
  keywords?: string;
  /** Creation date written into the PDF (and its file ID): documents are byte-for-byte reproducible. */
  createdAt: Date;
  /** Document language (BCP 47), default ru-RU. */
  lang?: string;
}

/**
 * A pdfkit document with the embedded fonts registered as 'regular' and 'bold', and a promise of the
 * finished bytes. Pages have no margins: every element is placed explicitly and single lines never
 * wrap onto a new page by themselves.
 */
export function createPdf(meta: PdfMeta): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  PDFDocument ??= require('pdfkit') as typeof PDFKitDocument;
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: meta.lang ?? 'ru-RU',
    displayTitle: true,
    info: {
      Title: meta.title,
      // pdfkit hashes every info entry into the file ID and cannot take undefined ones.
      ...(meta.subject ? { Subject: meta.subject } : {}),
      ...(meta.keywords ? { Keywords: meta.keywords } : {}),
      Author: 'Orderly',
      Creator: 'Orderly',
      Producer: 'Orderly (PDFKit)',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontBytes('regular'));
  doc.registerFont('bold', fontBytes('bold'));
  doc.font('regular');
  return { doc, done };
}

export function addPage(doc: PDFKit.PDFDocument, size: [number, number]): void {
  doc.addPage({ size, margin: 0 });
}

/**
 * Noto Sans Hans metrics: ascender 0.88 em, descender 0.12 em, line gap 0.5 em, so pdfkit's natural
 * line pitch is 1.5 em with the glyph box (ideographs and Latin ascenders/descenders) in the top 1 em.
 * We set lines tighter: `leading` em per line, glyphs centred in it.
 */
const NATURAL_PITCH = 1.5;

/** Height of one line of text at this size. */
export function lineHeight(size: number, leading = 1.25): number {
  return size * leading;
}

function lineGap(size: number, leading: number): number {
  return size * (leading - NATURAL_PITCH);
}

function topShift(size: number, leading: number): number {
  return (size * (leading - 1)) / 2;
}

export interface LineOptions {
  x: number;
  y: number;
  width: number;
  size: number;
  face?: Face;
  /** Shrinks the font down to this size before cutting the text with an ellipsis. */
  minSize?: number;
  align?: 'left' | 'center' | 'right';
  color?: string;
  leading?: number;
}

/**
 * One line of text in a box `width` wide: shrunk to fit (down to minSize), then cut with "…".
 * Returns the height it occupies.
 */
export function fitLine(doc: PDFKit.PDFDocument, rawText: string, o: LineOptions): number {
  const text = printable(rawText);
  const face = o.face ?? 'regular';
  const leading = o.leading ?? 1.25;
  doc.font(face);
  let size = o.size;
  const min = o.minSize ?? o.size;
  while (size > min && doc.fontSize(size).widthOfString(text) > o.width) size = Math.max(min, size - 0.5);
  doc.fontSize(size);
  let shown = text;
  if (doc.widthOfString(shown) > o.width) {
    const chars = [...text];
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (doc.widthOfString(chars.slice(0, mid).join('').trimEnd() + '…') <= o.width) lo = mid;
      else hi = mid - 1;
    }
    shown = chars.slice(0, lo).join('').trimEnd() + '…';
  }
  doc.fillColor(o.color ?? 'black').text(shown, o.x, o.y + topShift(size, leading), { width: o.width, align: o.align ?? 'left', lineBreak: false });
  return lineHeight(o.size, leading);
}

export interface BlockOptions {
  x: number;
  y: number;
  width: number;
  size: number;
  face?: Face;
  maxLines: number;
  align?: 'left' | 'center' | 'right';
  color?: string;
  leading?: number;
  multiline?: boolean;
}

/** Wrapped text of at most maxLines lines (the last one cut with "…"). Returns the height used. */
export function textBlock(doc: PDFKit.PDFDocument, rawText: string, o: BlockOptions): number {
  const text = printable(rawText, { multiline: o.multiline });
  if (!text) return 0;
  const leading = o.leading ?? 1.25;
  const pitch = lineHeight(o.size, leading);
  const options: PDFKit.Mixins.TextOptions = {
    width: o.width,
    align: o.align ?? 'left',
    lineGap: lineGap(o.size, leading),
  };
  doc.font(o.face ?? 'regular').fontSize(o.size);
  const lines = Math.max(1, Math.round(doc.heightOfString(text, options) / pitch));
  const shownLines = Math.min(lines, o.maxLines);
  doc.fillColor(o.color ?? 'black').text(text, o.x, o.y + topShift(o.size, leading), {
    ...options,
    // pdfkit stops (and puts the ellipsis) by comparing y + 1.5 em with startY + height: this height
    // lets exactly `shownLines` lines through for any pitch above 0.75 em.
    height: (shownLines - 1) * pitch + 2.25 * o.size,
    ellipsis: lines > o.maxLines ? '…' : undefined,
  });
  return shownLines * pitch;
}

/** How many lines `text` wraps to in `width` at this size. */
export function countLines(doc: PDFKit.PDFDocument, rawText: string, width: number, size: number, face: Face = 'regular', leading = 1.25): number {
  const text = printable(rawText, { multiline: true });
  if (!text) return 0;
  doc.font(face).fontSize(size);
  const h = doc.heightOfString(text, { width, lineGap: lineGap(size, leading) });
  return Math.max(1, Math.round(h / lineHeight(size, leading)));
}

export function hRule(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number, width = 0.8): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor('black').stroke().restore();
}

export interface FitBlockOptions {
  x: number;
  y: number;
  width: number;
  /** Largest size tried; shrinks in 0.5 pt steps down to minSize. */
  size: number;
  minSize: number;
  maxHeight: number;
  maxLines?: number;
  face?: Face;
  leading?: number;
  align?: 'left' | 'center' | 'right';
  multiline?: boolean;
}

/**
 * Wrapped text at the largest size (size → minSize) whose lines fit in maxHeight (and maxLines):
 * addresses shrink rather than lose words. Only at minSize is the text cut with "…". Returns the height used.
 */
export function fitBlock(doc: PDFKit.PDFDocument, text: string, o: FitBlockOptions): number {
  const leading = o.leading ?? 1.2;
  for (let size = o.size; size >= o.minSize; size -= 0.5) {
    const maxLines = Math.min(o.maxLines ?? Infinity, Math.floor((o.maxHeight + 0.01) / lineHeight(size, leading)));
    if (maxLines < 1) continue;
    const lines = countLines(doc, text, o.width, size, o.face, leading);
    if (lines <= maxLines || size - 0.5 < o.minSize) {
      return textBlock(doc, text, { ...o, size, leading, maxLines });
    }
  }
  return textBlock(doc, text, { ...o, size: o.minSize, leading, maxLines: 1 });
}

export interface FooterOptions {
  /** The footer's left edge and width (the body's column). */
  x: number;
  width: number;
  /** The top of the footer text; a thin rule is drawn just above it. */
  y: number;
  /** Left half: what the document is. */
  left: string;
  /** Right half, right-aligned: the page label for page `page` (1-based) of `count`. */
  right: (page: number, count: number) => string;
}

/** Draws the footer (rule, document line, page x of n) on every buffered page; call once all pages exist. */
export function drawPageFooters(doc: PDFKit.PDFDocument, o: FooterOptions): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    hRule(doc, o.x, o.x + o.width, o.y - 3, 0.4);
    fitLine(doc, o.left, { x: o.x, y: o.y, width: o.width / 2, size: 7.5, color: '#444444' });
    fitLine(doc, o.right(i + 1, range.count), { x: o.x + o.width / 2, y: o.y, width: o.width / 2, size: 7.5, color: '#444444', align: 'right' });
  }
}

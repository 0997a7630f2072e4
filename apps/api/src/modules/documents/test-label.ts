import { code128Pattern } from './barcodes.ts';
import { DEFAULT_TIME_ZONE, formatDateTime } from './format.ts';
import { addPage, createPdf, fitLine, MM } from './pdf.ts';
import { ZPL_DEFAULT_FONT, zplFieldData } from './shipping-label.zpl.ts';

/** What a printer's test label shows: enough to recognise the printer and check its settings. */
export interface TestLabelData {
  printerName: string;
  /** e.g. "192.168.1.50:9100". */
  address: string;
  widthMm: number;
  heightMm: number;
  dpi: 203 | 300;
  /** Printed as a Code 128 the worker can scan to check the scanner reads this printer's bars. */
  code: string;
  createdAt: Date;
  timeZone?: string | null;
}

const details = (d: TestLabelData) => `${d.widthMm}x${d.heightMm} mm, ${d.dpi} dpi`;

/**
 * A small ZPL II test label sized to the printer's labels (any size from 10 mm): title, printer
 * name, address, size and resolution, date, and a Code 128. Fields go through ^FH like the shipping
 * label, so the output is pure ASCII; non-ASCII text uses the same printer font (Latin + Cyrillic).
 */
export function renderTestLabelZpl(d: TestLabelData): string {
  const dots = (mm: number) => Math.round((mm * d.dpi) / 25.4);
  const width = dots(d.widthMm);
  const height = dots(d.heightMm);
  const margin = dots(Math.min(3, d.widthMm / 20));
  // Five lines of text and a barcode share the height: text about 1/12 of it, within 2–6 mm.
  const line = dots(Math.max(2, Math.min(6, d.heightMm / 12)));
  // ASCII in the resident font 0; anything else (a Cyrillic printer name) in the TrueType font, as on the shipping label.
  const text = (row: number, value: string, scale = 1) =>
    `^FO${margin},${margin + Math.round(row * line * 1.25)}^A${/^[\x20-\x7e]*$/.test(value) ? '0' : 'Z'}N,${Math.round(line * scale)},${Math.round(line * scale)}^FB${width - 2 * margin},1,0,L,0^FH^FD${zplFieldData(value, { fieldBlock: true })}^FS`;
  const { modules } = code128Pattern(d.code);
  const module = Math.max(1, Math.min(3, Math.floor((width - 2 * margin) / (modules + 20))));
  const barTop = margin + Math.round(5 * line * 1.25);
  const barHeight = Math.max(dots(4), height - barTop - margin);
  return [
    '^XA',
    '^CI28',
    `^PW${width}`,
    `^LL${height}`,
    '^LH0,0',
    `^CWZ,${ZPL_DEFAULT_FONT}`,
    text(0, 'Orderly test print', 1.2),
    text(1, d.printerName),
    text(2, d.address),
    text(3, details(d)),
    text(4, formatDateTime(d.createdAt, d.timeZone ?? DEFAULT_TIME_ZONE)),
    `^FO${margin},${barTop}^BY${module},3,${barHeight}^BCN,${barHeight},N,N,N,A^FH^FD${zplFieldData(d.code)}^FS`,
    '^PQ1',
    '^XZ',
    '',
  ].join('\n');
}

/** The same test label as a one-page PDF of the label's size (for printers that read PDF). */
export async function renderTestLabelPdf(d: TestLabelData): Promise<Buffer> {
  const { doc, done } = createPdf({ title: `Test print: ${d.printerName}`, createdAt: d.createdAt });
  const width = d.widthMm * MM;
  const height = d.heightMm * MM;
  addPage(doc, [width, height]);
  const margin = Math.min(3, d.widthMm / 20) * MM;
  const size = Math.max(5, Math.min(14, (height / 8) * 0.8));
  const lines: [string, 'bold' | 'regular'][] = [
    ['Orderly test print', 'bold'],
    [d.printerName, 'regular'],
    [d.address, 'regular'],
    [details(d), 'regular'],
    [formatDateTime(d.createdAt, d.timeZone ?? DEFAULT_TIME_ZONE), 'regular'],
    [d.code, 'bold'],
  ];
  let y = margin;
  for (const [value, face] of lines) y += fitLine(doc, value, { x: margin, y, width: width - 2 * margin, size, minSize: 4, face });
  doc.end();
  return done;
}

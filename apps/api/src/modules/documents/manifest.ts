import { drawCode128 } from './barcodes.ts';
import { countInWordsRu, DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatKg, formatWindow, pluralRu, validWeight } from './format.ts';
import { addPage, createPdf, drawPageFooters, fitLine, hRule, lineHeight, PAGE, textBlock, countLines, type Face } from './pdf.ts';
import type { ManifestData, ManifestParcel } from './types.ts';

/** What the manifest's Code128 encodes: "MANIFEST-<number>". */
export function manifestBarcodeText(data: Pick<ManifestData, 'number'>): string {
  return `MANIFEST-${data.number}`;
}

const [PW, PH] = PAGE.a4;
const ML = 36; // side margins, 12.7 mm
const MT = 34;
const CW = PW - 2 * ML;
const FOOTER_Y = PH - 28;
const BODY_BOTTOM = FOOTER_Y - 10;

interface Column {
  title: string;
  sub: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

const COLUMNS: Column[] = [
  { title: '№', sub: 'No.', width: 26, align: 'right' },
  { title: 'Код места', sub: 'Parcel', width: 66 },
  { title: 'Трек-номер', sub: 'Tracking No.', width: 120 },
  { title: 'Заказ', sub: 'Order', width: 44, align: 'right' },
  { title: 'Отправление', sub: 'Posting No.', width: 98 },
  { title: 'Город получателя', sub: 'Recipient city', width: 111 },
  { title: 'Вес, кг', sub: 'Weight, kg', width: 0, align: 'right' },
];
COLUMNS[COLUMNS.length - 1]!.width = CW - COLUMNS.slice(0, -1).reduce((a, c) => a + c.width, 0);

const CELL_PAD = 3;
const ROW_SIZE = 8.5;
const ROW_LEADING = 1.25;

function columnX(i: number): number {
  return ML + COLUMNS.slice(0, i).reduce((a, c) => a + c.width, 0);
}

function drawTableHeader(doc: PDFKit.PDFDocument, y: number): number {
  const h = 24;
  doc.save().rect(ML, y, CW, h).fillColor('#e6e6e6').fill().restore();
  COLUMNS.forEach((c, i) => {
    const x = columnX(i) + CELL_PAD;
    const w = c.width - 2 * CELL_PAD;
    fitLine(doc, c.title, { x, y: y + 2.5, width: w, size: 7.5, minSize: 6, face: 'bold', align: c.align });
    fitLine(doc, c.sub, { x, y: y + 12.5, width: w, size: 6.5, minSize: 5.5, color: '#444444', align: c.align });
  });
  hRule(doc, ML, ML + CW, y, 0.8);
  hRule(doc, ML, ML + CW, y + h, 0.8);
  return y + h;
}

function rowHeight(doc: PDFKit.PDFDocument, p: ManifestParcel): number {
  const trackingLines = Math.max(1, p.trackingNumbers.length);
  const cityLines = Math.min(2, countLines(doc, p.recipientCity, COLUMNS[5]!.width - 2 * CELL_PAD, ROW_SIZE, 'regular', ROW_LEADING));
  return Math.max(trackingLines, cityLines) * lineHeight(ROW_SIZE, ROW_LEADING) + 5;
}

function drawRow(doc: PDFKit.PDFDocument, index: number, p: ManifestParcel, y: number, h: number): void {
  if (index % 2 === 1) doc.save().rect(ML, y, CW, h).fillColor('#f4f4f4').fill().restore();
  const cell = (i: number, text: string, face: Face = 'regular', dy = 0) => {
    const c = COLUMNS[i]!;
    fitLine(doc, text, {
      x: columnX(i) + CELL_PAD,
      y: y + 2.5 + dy,
      width: c.width - 2 * CELL_PAD,
      size: ROW_SIZE,
      minSize: 6,
      face,
      align: c.align,
      leading: ROW_LEADING,
    });
  };
  cell(0, String(index + 1));
  cell(1, p.parcelCode, 'bold');
  const tracking = p.trackingNumbers.length ? p.trackingNumbers : ['—'];
  tracking.forEach((t, k) => cell(2, t, 'regular', k * lineHeight(ROW_SIZE, ROW_LEADING)));
  cell(3, `#${p.orderNumber}`);
  cell(4, p.externalId ?? '—');
  const city = COLUMNS[5]!;
  textBlock(doc, p.recipientCity, { x: columnX(5) + CELL_PAD, y: y + 2.5, width: city.width - 2 * CELL_PAD, size: ROW_SIZE, maxLines: 2, leading: ROW_LEADING });
  const w = validWeight(p.weightGrams);
  cell(6, w ? formatKg(w) : '—');
  hRule(doc, ML, ML + CW, y + h, 0.3);
}

/**
 * A4 hand-over act (акт приёма-передачи) for the carrier's driver: header with a Code128 of
 * "MANIFEST-<number>", carrier / warehouse / pickup window, a numbered table of parcels that
 * paginates (header repeated), totals, the count in words, signature blocks for the seller and the
 * driver, and "page n of N" on every page.
 */
export async function renderManifestPdf(data: ManifestData): Promise<Buffer> {
  const tz = data.timeZone ?? DEFAULT_TIME_ZONE;
  const { doc, done } = createPdf({
    title: `Акт приёма-передачи № ${data.number} / Manifest No. ${data.number}`,
    subject: `${data.carrierName}, ${data.parcels.length} ${pluralRu(data.parcels.length, ['место', 'места', 'мест'])}`,
    keywords: manifestBarcodeText(data),
    createdAt: data.closedAt,
  });
  addPage(doc, PAGE.a4);

  // Header: title | Code128 of MANIFEST-<n>.
  let y = MT;
  const codeW = 170;
  const titleW = CW - codeW - 12;
  y += fitLine(doc, `АКТ ПРИЁМА-ПЕРЕДАЧИ ОТПРАВЛЕНИЙ № ${data.number}`, { x: ML, y, width: titleW, size: 15, minSize: 11, face: 'bold', leading: 1.3 });
  y += fitLine(doc, `Hand-over manifest No. ${data.number}`, { x: ML, y, width: titleW, size: 10, color: '#444444' });
  y += fitLine(doc, `от / dated ${formatDate(data.closedAt, tz)}`, { x: ML, y, width: titleW, size: 10 });
  const code = manifestBarcodeText(data);
  drawCode128(doc, code, { x: PW - ML - codeW, y: MT, width: codeW, height: 36 }, { maxModule: 1.2 });
  fitLine(doc, code, { x: PW - ML - codeW, y: MT + 38, width: codeW, size: 8.5, face: 'bold', align: 'center' });
  y = Math.max(y, MT + 52) + 8;

  // Parties and dates.
  const count = data.parcels.length;
  const window = formatWindow(data.pickupFrom, data.pickupTo, tz);
  const info: Array<[string, string]> = [
    ['Перевозчик / Carrier', data.carrierName],
    ['Отправитель / Sender', data.warehouseName],
    ['Адрес склада / Warehouse address', data.warehouseAddress],
    ...(window ? ([['Забор / Pickup window', window]] as Array<[string, string]>) : []),
    ['Акт сформирован / Closed at', formatDateTime(data.closedAt, tz)],
    ['Количество мест / Parcels', String(count)],
  ];
  const labelW = 150;
  for (const [label, value] of info) {
    fitLine(doc, label, { x: ML, y, width: labelW - 6, size: 8.5, color: '#444444' });
    y += Math.max(lineHeight(9.5), textBlock(doc, value, { x: ML + labelW, y, width: CW - labelW, size: 9.5, maxLines: 2, face: 'bold' }));
    y += 1.5;
  }
  y += 8;

  // Table, paginated.
  const newPage = (): void => {
    addPage(doc, PAGE.a4);
    y = MT;
    y += fitLine(doc, `Акт № ${data.number} / Manifest No. ${data.number} — продолжение / continued`, { x: ML, y, width: CW, size: 9, face: 'bold' }) + 4;
  };
  y = drawTableHeader(doc, y);
  data.parcels.forEach((p, i) => {
    const h = rowHeight(doc, p);
    if (y + h > BODY_BOTTOM) {
      newPage();
      y = drawTableHeader(doc, y);
    }
    drawRow(doc, i, p, y, h);
    y += h;
  });
  if (count === 0) {
    y += 4;
    y += fitLine(doc, 'Нет отправлений / No parcels', { x: ML, y, width: CW, size: 9, align: 'center', color: '#444444' });
  }

  // Totals.
  const weights = data.parcels.map((p) => validWeight(p.weightGrams));
  const known = weights.filter((w): w is number => w !== null);
  const total = known.reduce((a, b) => a + b, 0);
  const missing = count - known.length;
  const totalsH = 40;
  if (y + 6 + totalsH > BODY_BOTTOM) newPage();
  y += 6;
  const places = pluralRu(count, ['место', 'места', 'мест']);
  y += fitLine(doc, `Итого / Total: ${count} ${places} / ${count === 1 ? 'parcel' : 'parcels'}`, { x: ML, y, width: CW, size: 10.5, face: 'bold' });
  const weightLine =
    `Общий вес / Total weight: ${formatKg(total)} кг / kg` + (missing ? ` (без веса / without weight: ${missing} ${pluralRu(missing, ['место', 'места', 'мест'])})` : '');
  y += fitLine(doc, weightLine, { x: ML, y, width: CW, size: 10.5, face: 'bold' });

  // Statement and signatures (kept together on one page).
  const statement =
    `Перечисленные отправления в количестве ${count} (${countInWordsRu(count)}) ${places} переданы перевозчику. ` +
    'Упаковка мест не повреждена. / The parcels listed above have been handed over to the carrier in undamaged packaging.';
  const signaturesH = 190;
  if (y + 10 + signaturesH > BODY_BOTTOM) newPage();
  y += 10;
  y += textBlock(doc, statement, { x: ML, y, width: CW, size: 9, maxLines: 3 }) + 14;

  const colW = (CW - 30) / 2;
  const blocks: Array<{ title: string; party: string; fields: string[] }> = [
    {
      title: 'Сдал (продавец) / Handed over by (seller)',
      party: data.warehouseName,
      fields: ['Подпись / Signature', 'ФИО / Full name', 'Должность / Position', 'Дата, время / Date, time'],
    },
    {
      title: "Принял (водитель перевозчика) / Received by (carrier's driver)",
      party: data.carrierName,
      fields: ['Подпись / Signature', 'ФИО / Full name', 'Госномер ТС / Vehicle plate', 'Дата, время / Date, time'],
    },
  ];
  const titleH = Math.max(...blocks.map((b) => Math.min(2, countLines(doc, b.title, colW, 9, 'bold')))) * lineHeight(9);
  blocks.forEach((b, i) => {
    const x = ML + i * (colW + 30);
    let by = y;
    textBlock(doc, b.title, { x, y: by, width: colW, size: 9, maxLines: 2, face: 'bold' });
    by += titleH;
    by += fitLine(doc, b.party, { x, y: by, width: colW, size: 8.5, minSize: 7, color: '#444444' }) + 6;
    for (const f of b.fields) {
      by += 16;
      hRule(doc, x, x + colW, by, 0.6);
      fitLine(doc, f, { x, y: by + 1.5, width: colW, size: 6.5, color: '#444444' });
      by += 8;
    }
    fitLine(doc, 'М.П. / Stamp', { x, y: by + 10, width: colW, size: 7.5, color: '#444444' });
  });

  // Footer on every page.
  drawPageFooters(doc, {
    x: ML,
    width: CW,
    y: FOOTER_Y,
    left: `Акт № ${data.number} · ${data.carrierName} · ${formatDate(data.closedAt, tz)}`,
    right: (page, count) => `Страница ${page} из ${count} / Page ${page} of ${count}`,
  });

  doc.end();
  return done;
}

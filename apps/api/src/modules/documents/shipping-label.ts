import { drawCode128, drawQr } from './barcodes.ts';
import { countryName, DEFAULT_TIME_ZONE, formatDateTime, formatKg, reshipMarker, validWeight } from './format.ts';
import { addPage, createPdf, fitBlock, fitLine, hRule, MM, PAGE } from './pdf.ts';
import type { LabelData, Party } from './types.ts';

/** What the label's Code128 encodes: the carrier's tracking number, or our parcel code until there is one. */
export function labelBarcodeText(data: LabelData): string {
  const tracking = data.trackingNumber?.trim();
  return tracking ? tracking : data.parcelCode;
}

export function partyAddress(p: Party): string {
  const place = [p.postalCode, p.city].filter((s) => s && s.trim()).join(' ');
  return [...p.lines.filter((l) => l && l.trim()), place, countryName(p.countryCode)].filter(Boolean).join(', ');
}

export function validateLabel(data: LabelData): void {
  if (!data.parcelCode?.trim()) throw new Error('label: parcelCode is required');
  if (!data.qrPayload) throw new Error('label: qrPayload is required');
  if (!Number.isInteger(data.parcelSequence) || !Number.isInteger(data.parcelCount) || data.parcelSequence < 1 || data.parcelSequence > data.parcelCount) {
    throw new Error(`label: parcel ${data.parcelSequence}/${data.parcelCount} is not a valid sequence`);
  }
}

const M = 3 * MM; // outer margin
const [PW, PH] = PAGE.label100x150;
const W = PW - 2 * M;

function caption(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): number {
  return fitLine(doc, text, { x, y, width, size: 6.5, face: 'bold', color: '#333333', leading: 1.2 });
}

/**
 * 100×150 mm shipping label (one page): carrier, order and parcel n/N, sender, recipient (large),
 * Code128 of the tracking number (or parcel code), QR code of `qrPayload`, parcel code, weight, date.
 * Barcodes are vector graphics, so they stay sharp on 203/300 dpi thermal printers.
 */
export async function renderShippingLabelPdf(data: LabelData): Promise<Buffer> {
  return renderShippingLabelsPdf([data]);
}

/**
 * Several labels as one PDF, one 100×150 mm page each, in order (a batch for the label printer).
 * Cheaper per label than separate files: the fonts are subset and embedded once.
 */
export async function renderShippingLabelsPdf(labels: LabelData[]): Promise<Buffer> {
  if (labels.length === 0) throw new Error('label: nothing to render');
  labels.forEach(validateLabel);
  const first = labels[0]!;
  const { doc, done } = createPdf(
    labels.length === 1
      ? {
          title: `Этикетка / Label ${first.parcelCode}`,
          subject: `Заказ #${first.orderNumber}, место ${first.parcelSequence}/${first.parcelCount}, ${first.carrierName}`,
          keywords: [first.parcelCode, first.trackingNumber, first.externalId].filter(Boolean).join(' '),
          createdAt: first.createdAt,
        }
      : {
          title: `Этикетки / Labels ${first.parcelCode} … ${labels[labels.length - 1]!.parcelCode} (${labels.length})`,
          keywords: labels.map((l) => l.parcelCode).join(' '),
          createdAt: new Date(Math.max(...labels.map((l) => l.createdAt.getTime()))),
        },
  );
  for (const data of labels) drawLabel(doc, data);
  doc.end();
  return done;
}

function drawLabel(doc: PDFKit.PDFDocument, data: LabelData): void {
  const tz = data.timeZone ?? DEFAULT_TIME_ZONE;
  const barcodeText = labelBarcodeText(data);
  addPage(doc, PAGE.label100x150);

  // 1. Header: carrier and posting number | order number and parcel n/N.
  let y = M;
  const rightW = 100;
  const leftW = W - rightW - 6;
  fitLine(doc, data.carrierName, { x: M, y, width: leftW, size: 16, minSize: 9, face: 'bold' });
  fitLine(doc, `#${data.orderNumber}`, { x: PW - M - rightW, y: y - 1, width: rightW, size: 20, minSize: 12, face: 'bold', align: 'right' });
  y += 22;
  if (data.externalId) {
    caption(doc, 'Отправление / Posting No.', M, y, leftW);
    fitLine(doc, data.externalId, { x: M, y: y + 8, width: leftW, size: 10, minSize: 7, face: 'bold' });
  } else if (data.reshipOf) {
    caption(doc, 'Повторная отправка / Replacement', M, y, leftW);
    fitLine(doc, reshipMarker(data.reshipOf), { x: M, y: y + 8, width: leftW, size: 10, minSize: 7, face: 'bold' });
  }
  const boxW = 84;
  const boxH = 19;
  doc
    .save()
    .roundedRect(PW - M - boxW, y + 1, boxW, boxH, 2.5)
    .fillColor('black')
    .fill()
    .restore();
  fitLine(doc, `МЕСТО ${data.parcelSequence}/${data.parcelCount}`, {
    x: PW - M - boxW + 3,
    y: y + 1 + (boxH - 13 * 1.25) / 2,
    width: boxW - 6,
    size: 13,
    minSize: 8,
    face: 'bold',
    align: 'center',
    color: 'white',
  });
  y += 24;
  hRule(doc, M, PW - M, y, 1.2);

  // Fixed zones, so the floor and the couriers always find things in the same place:
  // header | sender | recipient (city pinned to its bottom) | Code128 | QR and parcel details.
  const qrSize = 31 * MM;
  const bottomTop = PH - M - qrSize - 6;
  const barH = 22 * MM;
  const barcodeTop = bottomTop - (11 + barH + 2 + 17 + 4);

  // 2. Sender (small).
  y += 3;
  y += caption(doc, 'ОТПРАВИТЕЛЬ / SENDER', M, y, W);
  const s = data.sender;
  y += fitLine(doc, s.phone ? `${s.name}  ·  ${s.phone}` : s.name, { x: M, y, width: W, size: 8.5, minSize: 6.5, face: 'bold' });
  y += fitBlock(doc, partyAddress(s), { x: M, y, width: W, size: 7.5, minSize: 6, maxLines: 2, maxHeight: 2 * 7.5 * 1.2 });
  y += 3;
  hRule(doc, M, PW - M, y, 1.2);

  // 3. Recipient (large): name, phone, street; postal code + city and country pinned above the rule.
  const r = data.recipient;
  const countryY = barcodeTop - 2 - 8.5 * 1.25 - 2;
  const cityY = countryY - 17 * 1.2;
  y += 3;
  y += caption(doc, 'ПОЛУЧАТЕЛЬ / RECIPIENT', M, y, W);
  y += fitBlock(doc, r.name, { x: M, y, width: W, size: 14, minSize: 10, maxLines: 2, maxHeight: 2 * 14 * 1.15, face: 'bold', leading: 1.15 });
  if (r.phone) y += fitLine(doc, `Тел. / Tel.: ${r.phone}`, { x: M, y, width: W, size: 9.5, minSize: 7 });
  const street = r.lines.filter((l) => l && l.trim()).join(', ');
  if (street) fitBlock(doc, street, { x: M, y: y + 1, width: W, size: 10.5, minSize: 7, maxHeight: cityY - y - 3 });
  fitLine(doc, [r.postalCode, r.city].filter(Boolean).join('  '), { x: M, y: cityY, width: W, size: 17, minSize: 10, face: 'bold', leading: 1.2 });
  fitLine(doc, countryName(r.countryCode), { x: M, y: countryY, width: W, size: 8.5 });
  hRule(doc, M, PW - M, barcodeTop - 2, 2);

  // 4. Code128: tracking number, or the parcel code until the carrier assigns one.
  const trackingCaption = ['ТРЕК-НОМЕР / TRACKING No.', data.carrierName.trim()].filter(Boolean).join(' · ');
  caption(doc, data.trackingNumber?.trim() ? trackingCaption : 'КОД МЕСТА / PARCEL CODE', M, barcodeTop + 2, W);
  // Centred on the page; the 10-module quiet zones may reach into the 3 mm margins.
  drawCode128(doc, barcodeText, { x: 0, y: barcodeTop + 12, width: PW, height: barH }, { maxModule: 1.3 });
  fitLine(doc, barcodeText, { x: M, y: barcodeTop + 13 + barH, width: W, size: 13, minSize: 8, face: 'bold', align: 'center' });
  y = bottomTop;
  hRule(doc, M, PW - M, y, 1.2);

  // 5. QR (for the floor's scanners) | parcel code, weight, date.
  drawQr(doc, data.qrPayload, { x: M + 2, y: y + 6, size: qrSize });
  const cx = M + qrSize + 12;
  const cw = PW - M - cx;
  let cy = y + 6;
  cy += caption(doc, 'КОД МЕСТА / PARCEL', cx, cy, cw);
  cy += fitLine(doc, data.parcelCode, { x: cx, y: cy, width: cw, size: 17, minSize: 9, face: 'bold', leading: 1.2 }) + 2;
  const weight = validWeight(data.weightGrams);
  cy += caption(doc, 'ВЕС / WEIGHT', cx, cy, cw);
  cy += fitLine(doc, weight ? `${formatKg(weight)} кг` : '—', { x: cx, y: cy, width: cw, size: 12, face: 'bold' }) + 2;
  cy += caption(doc, 'ДАТА / DATE', cx, cy, cw);
  fitLine(doc, formatDateTime(data.createdAt, tz), { x: cx, y: cy, width: cw, size: 10 });
}

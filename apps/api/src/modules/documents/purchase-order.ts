import { drawCode128 } from './barcodes.ts';
import { DEFAULT_TIME_ZONE, formatDate } from './format.ts';
import { addPage, createPdf, drawPageFooters, fitLine, hRule, lineHeight, PAGE, textBlock } from './pdf.ts';

export interface PurchaseOrderLineData {
  sku: string;
  supplierSku: string | null;
  name: string;
  quantity: number;
  /** Minor units of the PO's currency. */
  unitPrice: number;
}

export interface PurchaseOrderData {
  /** "PO-000042": printed and encoded as a Code 128 barcode (the Receive station scans it). */
  number: string;
  status: string;
  supplierName: string;
  supplierContact: string | null;
  warehouseName: string;
  warehouseAddress: string;
  currency: string;
  /** Digits of the currency's minor unit (2 for CNY and RUB). */
  currencyDigits: number;
  createdAt: Date;
  expectedAt: Date | null;
  note: string | null;
  lines: PurchaseOrderLineData[];
  timeZone?: string;
}

const [PW, PH] = PAGE.a4;
const ML = 36;
const MT = 34;
const CW = PW - 2 * ML;
const FOOTER_Y = PH - 28;
const BODY_BOTTOM = FOOTER_Y - 10;
const ROW_H = 16;

// Chinese for the supplier, Russian for the warehouse receiving the goods: every label carries both.
const COLUMNS = [
  { title: '序号 / №', width: 30, align: 'right' as const },
  { title: '供应商货号 / Арт. поставщика', width: 96 },
  { title: 'SKU', width: 80 },
  { title: '品名 / Наименование', width: 0 },
  { title: '数量 / Кол-во', width: 56, align: 'right' as const },
  { title: '单价 / Цена', width: 62, align: 'right' as const },
  { title: '金额 / Сумма', width: 70, align: 'right' as const },
];
COLUMNS[3]!.width = CW - COLUMNS.reduce((a, c) => a + c.width, 0);
const columnX = (i: number) => ML + COLUMNS.slice(0, i).reduce((a, c) => a + c.width, 0);

/** An amount in minor units as "1 234.50" (digits from the currency, spaces between thousands). */
export function formatAmount(minorUnits: number, digits: number): string {
  const whole = Math.trunc(minorUnits / 10 ** digits);
  const fraction = digits ? `.${String(minorUnits % 10 ** digits).padStart(digits, '0')}` : '';
  return `${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}${fraction}`;
}

function drawHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc
    .save()
    .rect(ML, y, CW, ROW_H + 2)
    .fillColor('#e6e6e6')
    .fill()
    .restore();
  COLUMNS.forEach((c, i) => fitLine(doc, c.title, { x: columnX(i) + 3, y: y + 3, width: c.width - 6, size: 7.5, minSize: 5.5, face: 'bold', align: c.align }));
  hRule(doc, ML, ML + CW, y + ROW_H + 2, 0.8);
  return y + ROW_H + 2;
}

/**
 * A4 purchase order for a supplier in China, read by the Russian-speaking warehouse too: every
 * label in Chinese and Russian, the PO number as a Code 128 barcode (scanned at the Receive
 * station), the lines with supplier SKUs, totals, and "page n of N".
 */
export async function renderPurchaseOrderPdf(data: PurchaseOrderData): Promise<Buffer> {
  const tz = data.timeZone ?? DEFAULT_TIME_ZONE;
  const { doc, done } = createPdf({
    title: `采购订单 / Заказ поставщику ${data.number}`,
    subject: data.supplierName,
    keywords: data.number,
    createdAt: data.createdAt,
    lang: 'zh-CN',
  });
  addPage(doc, PAGE.a4);
  let y = MT;
  const codeW = 170;
  const titleW = CW - codeW - 12;
  y += fitLine(doc, '采购订单 / ЗАКАЗ ПОСТАВЩИКУ', { x: ML, y, width: titleW, size: 15, minSize: 11, face: 'bold', leading: 1.3 });
  y += fitLine(doc, `${data.number} · ${formatDate(data.createdAt, tz)}`, { x: ML, y, width: titleW, size: 11, face: 'bold' });
  drawCode128(doc, data.number, { x: PW - ML - codeW, y: MT, width: codeW, height: 36 }, { maxModule: 1.2 });
  fitLine(doc, data.number, { x: PW - ML - codeW, y: MT + 38, width: codeW, size: 8.5, face: 'bold', align: 'center' });
  y = Math.max(y, MT + 52) + 8;

  const info: Array<[string, string]> = [
    ['供应商 / Поставщик', data.supplierName + (data.supplierContact ? ` (${data.supplierContact})` : '')],
    ['收货仓库 / Склад получения', [data.warehouseName, data.warehouseAddress].filter(Boolean).join(', ')],
    ['币种 / Валюта', data.currency],
    ['预计到货 / Ожидаемая дата', data.expectedAt ? formatDate(data.expectedAt, tz) : '—'],
    ['状态 / Статус', data.status],
  ];
  if (data.note) info.push(['备注 / Примечание', data.note]);
  for (const [label, value] of info) {
    fitLine(doc, label, { x: ML, y, width: 150, size: 8.5, color: '#444444' });
    y += Math.max(lineHeight(9.5), textBlock(doc, value, { x: ML + 156, y, width: CW - 156, size: 9.5, maxLines: 3, face: 'bold' })) + 1.5;
  }
  y = drawHeader(doc, y + 8);

  const amount = (minor: number) => formatAmount(minor, data.currencyDigits);
  data.lines.forEach((line, i) => {
    if (y + ROW_H > BODY_BOTTOM) {
      addPage(doc, PAGE.a4);
      y = drawHeader(doc, MT);
    }
    const cells = [String(i + 1), line.supplierSku ?? '—', line.sku, line.name, String(line.quantity), amount(line.unitPrice), amount(line.unitPrice * line.quantity)];
    cells.forEach((text, c) => {
      const col = COLUMNS[c]!;
      fitLine(doc, text, { x: columnX(c) + 3, y: y + 3, width: col.width - 6, size: 8.5, minSize: 6, align: col.align, face: c === 2 ? 'bold' : 'regular' });
    });
    hRule(doc, ML, ML + CW, y + ROW_H, 0.3);
    y += ROW_H;
  });

  const units = data.lines.reduce((s, l) => s + l.quantity, 0);
  const total = data.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  if (y + 60 > BODY_BOTTOM) {
    addPage(doc, PAGE.a4);
    y = MT;
  }
  y += 8;
  y += fitLine(doc, `合计 / Итого: ${units} 件 / шт. · ${amount(total)} ${data.currency}`, { x: ML, y, width: CW, size: 11, face: 'bold', align: 'right' });
  y += 24;
  const colW = (CW - 30) / 2;
  for (const [i, title] of ['采购方签字 / Подпись заказчика', '供应商签字盖章 / Подпись и печать поставщика'].entries()) {
    const x = ML + i * (colW + 30);
    hRule(doc, x, x + colW, y + 20, 0.6);
    fitLine(doc, title, { x, y: y + 22, width: colW, size: 7.5, color: '#444444' });
  }

  drawPageFooters(doc, {
    x: ML,
    width: CW,
    y: FOOTER_Y,
    left: `${data.number} · ${data.supplierName}`,
    right: (page, count) => `第 ${page} 页，共 ${count} 页 / Страница ${page} из ${count}`,
  });
  doc.end();
  return done;
}

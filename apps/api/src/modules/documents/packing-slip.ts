import { addPage, countLines, createPdf, fitBlock, fitLine, hRule, lineHeight, MM, PAGE, textBlock } from './pdf.ts';
import { reshipMarker } from './format.ts';
import type { PackingSlipData, SlipLocale } from './types.ts';

interface SlipTexts {
  thankYou: string;
  order: string;
  posting: string;
  recipient: string;
  sku: string;
  item: string;
  qty: string;
  totalItems: (n: number) => string;
  continued: string;
  page: (i: number, n: number) => string;
  defaultMessage: string;
  pdfLang: string;
}

function ruItems(n: number): string {
  const n10 = n % 10;
  const n100 = n % 100;
  const word = n10 === 1 && n100 !== 11 ? 'товар' : n10 >= 2 && n10 <= 4 && (n100 < 10 || n100 >= 20) ? 'товара' : 'товаров';
  return `Всего: ${n} ${word}`;
}

export const SLIP_TEXTS: Record<SlipLocale, SlipTexts> = {
  ru: {
    thankYou: 'Спасибо за покупку!',
    order: 'Заказ',
    posting: 'Отправление',
    recipient: 'Получатель',
    sku: 'Артикул',
    item: 'Товар',
    qty: 'Кол-во',
    totalItems: ruItems,
    continued: 'продолжение',
    page: (i, n) => `Стр. ${i} из ${n}`,
    defaultMessage: 'Надеемся, покупка вас порадует! Если что-то не так, напишите нам в чат магазина — мы обязательно поможем. Будем благодарны за ваш отзыв.',
    pdfLang: 'ru-RU',
  },
  'zh-CN': {
    thankYou: '感谢您的购买！',
    order: '订单',
    posting: '货件号',
    recipient: '收件人',
    sku: '货号',
    item: '商品',
    qty: '数量',
    totalItems: (n) => `商品总数：${n} 件`,
    continued: '续',
    page: (i, n) => `第 ${i} 页，共 ${n} 页`,
    defaultMessage: '希望您喜欢这次购物！如有任何问题，请通过店铺聊天联系我们，我们会尽快为您解决。期待您的好评！',
    pdfLang: 'zh-CN',
  },
  en: {
    thankYou: 'Thank you for your order!',
    order: 'Order',
    posting: 'Posting',
    recipient: 'Recipient',
    sku: 'SKU',
    item: 'Item',
    qty: 'Qty',
    totalItems: (n) => `Total: ${n} ${n === 1 ? 'item' : 'items'}`,
    continued: 'continued',
    page: (i, n) => `Page ${i} of ${n}`,
    defaultMessage: 'We hope you love your purchase! If anything is not right, message us in the store chat and we will make it right. A review would mean a lot to us.',
    pdfLang: 'en',
  },
};

const [PW, PH] = PAGE.a6;
const M = 7 * MM;
const CW = PW - 2 * M;
const FOOTER_Y = PH - M - 8;
const COLS = { sku: 68, qty: 34 };
const ROW = 8.5;

/**
 * A6 packing slip / thank-you card: localized thank-you, order and recipient, the items (SKU, name,
 * quantity; continues on further A6 pages when long), total quantity and the seller's note (or a
 * localized default) in a box at the bottom of the last page.
 */
export async function renderPackingSlipPdf(data: PackingSlipData): Promise<Buffer> {
  const t = SLIP_TEXTS[data.locale];
  if (!t) throw new Error(`packing slip: unsupported locale ${String(data.locale)}`);
  const { doc, done } = createPdf({
    title: `${t.order} #${data.orderNumber}`,
    subject: t.thankYou,
    keywords: [String(data.orderNumber), data.externalId].filter(Boolean).join(' '),
    createdAt: data.createdAt ?? new Date(0),
    lang: t.pdfLang,
  });
  addPage(doc, PAGE.a6);

  let y = M;
  y += fitBlock(doc, t.thankYou, { x: M, y, width: CW, size: 18, minSize: 12, maxLines: 2, maxHeight: 2 * 18 * 1.2, face: 'bold', align: 'center' }) + 2;
  const orderLine =
    `${t.order} #${data.orderNumber}` + (data.externalId ? ` · ${t.posting} ${data.externalId}` : '') + (data.reshipOf ? ` · ${reshipMarker(data.reshipOf)}` : '');
  y += fitLine(doc, orderLine, { x: M, y, width: CW, size: 9, minSize: 7, align: 'center' });
  y += fitLine(doc, `${t.recipient}: ${data.recipientName}`, { x: M, y, width: CW, size: 9, minSize: 7, align: 'center', color: '#333333' }) + 4;

  const nameW = CW - COLS.sku - COLS.qty;
  const header = (): void => {
    hRule(doc, M, PW - M, y, 0.8);
    y += 2;
    fitLine(doc, t.sku, { x: M, y, width: COLS.sku - 4, size: 7.5, face: 'bold' });
    fitLine(doc, t.item, { x: M + COLS.sku, y, width: nameW - 4, size: 7.5, face: 'bold' });
    fitLine(doc, t.qty, { x: PW - M - COLS.qty, y, width: COLS.qty, size: 7.5, face: 'bold', align: 'right' });
    y += lineHeight(7.5) + 2;
    hRule(doc, M, PW - M, y, 0.5);
  };
  header();

  const message = data.message?.trim() ? data.message : t.defaultMessage;
  const boxPad = 6;
  const boxH = Math.min(120, countLines(doc, message, CW - 2 * boxPad, 9) * lineHeight(9, 1.3) + 2 * boxPad + 2);
  const totalH = 16;

  data.lines.forEach((line, i) => {
    const nameLines = Math.min(3, countLines(doc, line.name, nameW - 6, ROW));
    const skuLines = Math.min(2, countLines(doc, line.sku, COLS.sku - 6, 7));
    const h = Math.max(nameLines * lineHeight(ROW), skuLines * lineHeight(7) + 1) + 5;
    const last = i === data.lines.length - 1;
    const reserve = last ? totalH + boxH + 8 : 0;
    if (y + h + reserve > FOOTER_Y - 4) {
      addPage(doc, PAGE.a6);
      y = M;
      y += fitLine(doc, `${t.order} #${data.orderNumber} (${t.continued})`, { x: M, y, width: CW, size: 9, face: 'bold' }) + 2;
      header();
    }
    textBlock(doc, line.sku, { x: M, y: y + 3, width: COLS.sku - 6, size: 7, maxLines: 2, color: '#333333' });
    textBlock(doc, line.name, { x: M + COLS.sku, y: y + 2.5, width: nameW - 6, size: ROW, maxLines: 3 });
    fitLine(doc, `× ${line.quantity}`, { x: PW - M - COLS.qty, y: y + 2.5, width: COLS.qty, size: 10, face: 'bold', align: 'right' });
    y += h;
    hRule(doc, M, PW - M, y, 0.3);
  });

  if (y + totalH + boxH + 8 > FOOTER_Y - 4) {
    addPage(doc, PAGE.a6);
    y = M;
  }
  const quantity = data.lines.reduce((a, l) => a + l.quantity, 0);
  fitLine(doc, t.totalItems(quantity), { x: M, y: y + 3, width: CW, size: 9.5, face: 'bold', align: 'right' });

  // The note sits at the bottom of the last page.
  const boxY = FOOTER_Y - 6 - boxH;
  doc.save().roundedRect(M, boxY, CW, boxH, 5).lineWidth(0.8).dash(2.5, { space: 2 }).strokeColor('#555555').stroke().restore();
  fitBlock(doc, message, {
    x: M + boxPad,
    y: boxY + boxPad,
    width: CW - 2 * boxPad,
    size: 9,
    minSize: 7,
    maxHeight: boxH - 2 * boxPad,
    leading: 1.3,
    align: 'center',
    multiline: true,
  });

  const range = doc.bufferedPageRange();
  if (range.count > 1) {
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      fitLine(doc, t.page(i + 1, range.count), { x: M, y: FOOTER_Y, width: CW, size: 7, color: '#555555', align: 'center' });
    }
  }

  doc.end();
  return done;
}

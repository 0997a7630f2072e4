// Warehouse-floor documents, checked the way a person and a scanner would: real PDFs parsed by
// pdf.js (unpdf), pages rasterised with @napi-rs/canvas, barcodes decoded by ZXing (zxing-wasm).
import { createRequire } from 'node:module';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { readPdfBarcodes, readPngBarcodes } from '../../testing/pdf.ts';
import { fontHasGlyph, printable } from './fonts.ts';
import {
  decodeZplFieldData,
  labelBarcodeText,
  qrFieldData,
  manifestBarcodeText,
  renderCode128Png,
  renderManifestPdf,
  renderPackingSlipPdf,
  renderQrPng,
  renderShippingLabelPdf,
  renderShippingLabelsPdf,
  renderShippingLabelZpl,
  zplFieldData,
  type LabelData,
} from './index.ts';
import { sampleLabel, sampleManifest, sampleSlip } from './samples.ts';

const require = createRequire(import.meta.url);

async function pdfInfo(bytes: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const pages = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const { width, height } = (await pdf.getPage(i)).getViewport({ scale: 1 });
    pages.push({ width, height });
  }
  const { text } = await extractText(pdf, { mergePages: true });
  const { info } = await getMeta(pdf);
  return { pages, text: text.replace(/\s+/g, ' '), info };
}

const decodePage = (bytes: Buffer, page?: number, scale?: number) => readPdfBarcodes(bytes, page, scale);
const decodePng = (png: Buffer) => readPngBarcodes(png);

const MM = 72 / 25.4;

describe('shipping label PDF', () => {
  it('is one 100×150 mm page with the order, tracking number, parcel n/N, carrier, sender and recipient in Cyrillic and Chinese', async () => {
    const bytes = await renderShippingLabelPdf(sampleLabel);
    const { pages, text, info } = await pdfInfo(bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBeCloseTo(100 * MM, 0); // 283.46 pt
    expect(pages[0]!.height).toBeCloseTo(150 * MM, 0); // 425.2 pt
    for (const s of [
      '#1042',
      '10047285310021',
      'Москва',
      '119021',
      'Иванова Мария Сергеевна',
      'СДЭК',
      '深圳市优品贸易有限公司',
      'Shenzhen Youpin Trading',
      '87215400-0001-1',
      'P1042-1',
      'МЕСТО 1/2',
      '1,250 кг',
      'Подольск',
      'ПОЛУЧАТЕЛЬ / RECIPIENT',
      'ОТПРАВИТЕЛЬ / SENDER',
    ]) {
      expect(text, s).toContain(s);
    }
    // 14:05 in Moscow: dates are printed in the warehouse zone, not the server's.
    expect(text).toContain('12.03.2026 14:05');
    expect(info.Title).toBe('Этикетка / Label P1042-1');
    expect(bytes.length).toBeLessThan(150_000); // fonts are subset, not the 8 MB files
  });

  it('prints barcodes that scan: the Code128 holds the tracking number and the QR code the payload', async () => {
    const found = await decodePage(await renderShippingLabelPdf(sampleLabel));
    expect(found.map((r) => [r.format, r.text]).sort()).toEqual([
      ['Code128', '10047285310021'],
      ['QRCode', sampleLabel.qrPayload],
    ]);
  });

  it('encodes the parcel code while there is no tracking number, and copes with missing weight and posting number', async () => {
    const data: LabelData = { ...sampleLabel, trackingNumber: null, weightGrams: null, externalId: null, qrPayload: 'orderly://parcel/P1042-1?город=Москва' };
    expect(labelBarcodeText(data)).toBe('P1042-1');
    const bytes = await renderShippingLabelPdf(data);
    const { text } = await pdfInfo(bytes);
    expect(text).toContain('КОД МЕСТА / PARCEL CODE');
    expect(text).not.toContain('ТРЕК-НОМЕР');
    const found = await decodePage(bytes);
    expect(found.map((r) => [r.format, r.text]).sort()).toEqual([
      ['Code128', 'P1042-1'],
      ['QRCode', 'orderly://parcel/P1042-1?город=Москва'],
    ]);
  });

  it('fits long names and addresses on the page (shrinking, never spilling onto a second page)', async () => {
    const data: LabelData = {
      ...sampleLabel,
      carrierName: 'Ozon Логистика — Межрегиональная доставка (Экспресс)',
      recipient: {
        ...sampleLabel.recipient,
        name: 'Константинопольский-Преображенский Александр Вячеславович',
        lines: [
          'Российская Федерация, Московская область, городской округ Подольск, посёлок Железнодорожный, улица Ленина, дом 128, корпус 4, квартира 512, вход со двора',
        ],
        city: 'Петропавловск-Камчатский',
      },
    };
    const long = { ...data, trackingNumber: 'LP00731245RU-OZON-2026-000412345' };
    const bytes = await renderShippingLabelPdf(long);
    const { pages, text } = await pdfInfo(bytes);
    expect(pages).toHaveLength(1);
    expect(text).toContain('Петропавловск-Камчатский');
    expect(text).toContain('квартира 512');
    // A long alphanumeric tracking number gets narrower bars but still scans.
    expect((await decodePage(bytes)).map((r) => r.text)).toContain('LP00731245RU-OZON-2026-000412345');
  });

  it('renders a batch as one PDF, a label per page, with the fonts embedded once', async () => {
    const labels = [1, 2, 3].map((n) => ({ ...sampleLabel, parcelCode: `P1042-${n}`, trackingNumber: `1004728531002${n}`, parcelSequence: n, parcelCount: 3 }));
    const bytes = await renderShippingLabelsPdf(labels);
    const { pages, text } = await pdfInfo(bytes);
    expect(pages).toHaveLength(3);
    for (const n of [1, 2, 3]) expect(text).toContain(`МЕСТО ${n}/3`);
    const [third] = (await decodePage(bytes, 3)).filter((r) => r.format === 'Code128');
    expect(third?.text).toBe('10047285310023');
    expect(bytes.length).toBeLessThan(1.5 * (await renderShippingLabelPdf(labels[0]!)).length);
  });

  it('is byte-for-byte reproducible (creation date from createdAt)', async () => {
    const a = await renderShippingLabelPdf(sampleLabel);
    const b = await renderShippingLabelPdf(sampleLabel);
    expect(a.equals(b)).toBe(true);
  });

  it('accepts sparse data: no carrier yet, a sender with only a street line, no phones', async () => {
    const data: LabelData = {
      ...sampleLabel,
      carrierName: '',
      sender: { name: 'Склад Подольск', lines: ['Складская ул., 7'], city: '', postalCode: '', countryCode: 'RU' },
      recipient: { ...sampleLabel.recipient, phone: null },
    };
    const { pages, text } = await pdfInfo(await renderShippingLabelPdf(data));
    expect(pages).toHaveLength(1);
    expect(text).toContain('Складская ул., 7, Россия / Russia');
    expect(text).not.toContain('Тел.');
    const zpl = renderShippingLabelZpl(data);
    expect(zpl).toMatch(/^\^XA[\s\S]*\^XZ\n$/);
  });

  it('rejects an impossible parcel sequence', async () => {
    await expect(renderShippingLabelPdf({ ...sampleLabel, parcelSequence: 3, parcelCount: 2 })).rejects.toThrow(/3\/2/);
  });
});

describe('barcode images', () => {
  it('renders PNGs that decode to the same text (Code128 of the tracking number, QR with Cyrillic and JSON)', async () => {
    const [code] = await decodePng(await renderCode128Png(labelBarcodeText(sampleLabel)));
    expect([code?.format, code?.text]).toEqual(['Code128', '10047285310021']);
    const payload = JSON.stringify({ parcel: 'P1042-1', city: 'Москва', note: '无线蓝牙耳机' });
    const [qr] = await decodePng(await renderQrPng(payload));
    expect([qr?.format, qr?.text]).toEqual(['QRCode', payload]);
  });

  it('refuses text Code128 cannot carry', async () => {
    await expect(renderCode128Png('ТРЕК-1')).rejects.toThrow(/ASCII/);
  });
});

describe('shipping label ZPL', () => {
  /** Each ^FD…^FS field's data, in order. */
  const fields = (zpl: string) => [...zpl.matchAll(/\^FD(.*?)\^FS/g)].map((m) => m[1]!);

  it('is a 4×6 in label at 203 dpi: ^XA…^XZ, UTF-8, Code128 of the tracking number, QR of the payload', () => {
    const zpl = renderShippingLabelZpl(sampleLabel);
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl).toContain('^CI28');
    expect(zpl).toContain('^PW812');
    expect(zpl).toContain('^LL1218');
    expect(zpl).toMatch(/\^BCN,\d+,N,N,N,A\^FH\^FD10047285310021\^FS/);
    const qr = zpl.match(/\^BQN,2,(\d+)\^FH\^FD(.*?)\^FS/);
    expect(qr).not.toBeNull();
    expect(decodeZplFieldData(qr![2]!)).toBe(`MA,${sampleLabel.qrPayload}`);
    // Cyrillic and Chinese travel as UTF-8 hex escapes; decoded, the label says what the PDF says.
    const texts = fields(zpl).map((f) => decodeZplFieldData(f));
    for (const s of ['СДЭК', '#1042', '119021 Москва', 'Иванова Мария Сергеевна', 'МЕСТО 1/2', 'P1042-1', '87215400-0001-1']) expect(texts, s).toContain(s);
    expect(texts.some((t) => t.startsWith('深圳市优品贸易有限公司'))).toBe(true);
    expect(zpl).toMatch(/^[\x20-\x7e\n]*$/); // pure ASCII on the wire
    // Every field lies on the label.
    for (const [, x, y] of zpl.matchAll(/\^FO(\d+),(\d+)/g)) {
      expect(Number(x)).toBeLessThan(812);
      expect(Number(y)).toBeLessThan(1218);
    }
  });

  it('scales to 300 dpi (1200×1800 dots)', () => {
    const zpl = renderShippingLabelZpl(sampleLabel, { dpi: 300 });
    expect(zpl).toContain('^PW1200');
    expect(zpl).toContain('^LL1800');
    for (const [, x, y] of zpl.matchAll(/\^FO(\d+),(\d+)/g)) {
      expect(Number(x)).toBeLessThan(1200);
      expect(Number(y)).toBeLessThan(1800);
    }
    const bc = zpl.match(/\^BY(\d+),3,(\d+)\^BCN/);
    expect(Number(bc![1])).toBeGreaterThanOrEqual(2);
  });

  it('escapes ^, ~ and _ in field data (^FH) so data can never inject commands', () => {
    const data: LabelData = {
      ...sampleLabel,
      parcelCode: 'P_1^2~3',
      trackingNumber: 'AB^C~D_E',
      recipient: { ...sampleLabel.recipient, name: 'Ivan ^XZ~JA Petrov' },
      qrPayload: '{"x":"^XZ","y":"~JA"}',
    };
    const zpl = renderShippingLabelZpl(data);
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).not.toContain('~');
    for (const f of fields(zpl)) expect(f).not.toMatch(/[\^~]/);
    expect(zpl).toContain('^FH^FDAB_5EC_7ED_5FE^FS');
    expect(zplFieldData('a^b~c_d')).toBe('a_5Eb_7Ec_5Fd');
    expect(zplFieldData('Д')).toBe('_D0_94');
    const texts = fields(zpl).map((f) => decodeZplFieldData(f));
    expect(texts).toContain('Ivan ^XZ~JA Petrov');
    expect(texts).toContain('MA,{"x":"^XZ","y":"~JA"}');
  });

  it('sends a non-ASCII QR payload in byte mode with its UTF-8 length', () => {
    const payload = '{"город":"Москва"}';
    const zpl = renderShippingLabelZpl({ ...sampleLabel, qrPayload: payload });
    const qr = zpl.match(/\^BQN,2,\d+\^FH\^FD(.*?)\^FS/)![1]!;
    expect(decodeZplFieldData(qr)).toBe(`MM,B${String(Buffer.byteLength(payload)).padStart(4, '0')}${payload}`);
    expect(qrFieldData('P1042-1')).toBe('MA,P1042-1');
  });

  it('prints scannable barcodes: rendered by a ZPL emulator (Zebrash) at 203 and 300 dpi and decoded', async () => {
    // Loaded through Node (CommonJS build) rather than Vite: the package ships no source maps.
    const { ready } = require('zpl-renderer-js') as typeof import('zpl-renderer-js');
    const { api } = await ready;
    for (const [dpi, dpmm] of [
      [203, 8],
      [300, 12],
    ] as const) {
      const png = Buffer.from(await api.zplToBase64Async(renderShippingLabelZpl(sampleLabel, { dpi }), 101.6, 152.4, dpmm), 'base64');
      const found = await decodePng(png);
      expect(found.map((r) => [r.format, r.text]).sort(), `${dpi} dpi`).toEqual([
        ['Code128', '10047285310021'],
        ['QRCode', sampleLabel.qrPayload],
      ]);
    }
    // A 32-character tracking number still fits at 2 dots per module on a 203 dpi printer.
    const long = renderShippingLabelZpl({ ...sampleLabel, trackingNumber: 'LP00731245RU-OZON-2026-000412345' });
    expect(long).toContain('^BY2,3,');
    const png = Buffer.from(await api.zplToBase64Async(long, 101.6, 152.4, 8), 'base64');
    expect((await decodePng(png)).map((r) => r.text)).toContain('LP00731245RU-OZON-2026-000412345');
  });

  it('maps Chinese fields to an Asian printer font when one is configured', () => {
    const zpl = renderShippingLabelZpl(sampleLabel, { cjkFont: 'E:ANMDS.TTF' });
    expect(zpl).toContain('^CWY,E:ANMDS.TTF');
    expect(zpl).toMatch(/\^AYN,\d+,\d+\^FH\^FD_E6_B7_B1/); // 深 = E6 B7 B1
  });
});

describe('manifest (hand-over act)', () => {
  it('lists every parcel and tracking number with totals, count in words, barcode and signature lines', async () => {
    const data = sampleManifest(12);
    const bytes = await renderManifestPdf(data);
    const { pages, text } = await pdfInfo(bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBeCloseTo(595.28, 0);
    expect(pages[0]!.height).toBeCloseTo(841.89, 0);
    for (const p of data.parcels) {
      expect(text).toContain(p.parcelCode);
      for (const t of p.trackingNumbers) expect(text).toContain(t);
    }
    for (const s of [
      'АКТ ПРИЁМА-ПЕРЕДАЧИ ОТПРАВЛЕНИЙ № 57',
      'Ozon Логистика',
      'Итого / Total: 12 мест / parcels',
      '12 (двенадцать) мест',
      'MANIFEST-57',
      'Сдал (продавец) / Handed over by (seller)',
      "Принял (водитель перевозчика) / Received by (carrier's driver)",
      'Подпись / Signature',
      'ФИО / Full name',
      '12.03.2026 15:00–18:00',
      'Страница 1 из 1',
    ]) {
      expect(text, s).toContain(s);
    }
    // 11 of the 12 sample parcels have a weight; the total says so.
    const total = data.parcels.reduce((a, p) => a + (p.weightGrams ?? 0), 0);
    expect(text).toContain(`Общий вес / Total weight: ${(total / 1000).toFixed(3).replace('.', ',')} кг / kg (без веса / without weight: 1 место)`);
    const found = await decodePage(bytes, 1, 2.5);
    expect(found.map((r) => [r.format, r.text])).toContainEqual(['Code128', manifestBarcodeText(data)]);
  });

  it('paginates 120 parcels, repeating the table header and numbering pages', async () => {
    const data = sampleManifest(120);
    const bytes = await renderManifestPdf(data);
    const { pages, text } = await pdfInfo(bytes);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of data.parcels) expect(text).toContain(p.parcelCode);
    expect(text).toContain(`Страница ${pages.length} из ${pages.length}`);
    expect(text.split('Трек-номер Tracking No.').length - 1).toBe(pages.length); // header on every page
    expect(text).toContain('120 (сто двадцать) мест');
    expect(text.indexOf('P2119-1')).toBeLessThan(text.indexOf('Итого / Total: 120'));
  });
});

describe('manifest edge cases', () => {
  it('renders an empty act (nothing to hand over) with zero totals', async () => {
    const { pages, text } = await pdfInfo(await renderManifestPdf({ ...sampleManifest(0), pickupFrom: null, pickupTo: null }));
    expect(pages).toHaveLength(1);
    expect(text).toContain('Нет отправлений / No parcels');
    expect(text).toContain('Итого / Total: 0 мест / parcels');
    expect(text).not.toContain('Забор / Pickup window');
  });
});

describe('packing slip', () => {
  const expected = {
    ru: ['Спасибо за покупку!', 'Заказ #1042', 'Всего: 4 товара', 'Кол-во'],
    'zh-CN': ['感谢您的购买！', '订单 #1042', '商品总数：4 件', '数量'],
    en: ['Thank you for your order!', 'Order #1042', 'Total: 4 items', 'Qty'],
  } as const;

  for (const locale of ['ru', 'zh-CN', 'en'] as const) {
    it(`thanks the buyer in ${locale} and lists the items`, async () => {
      const data = sampleSlip(locale);
      const { pages, text } = await pdfInfo(await renderPackingSlipPdf(data));
      expect(pages).toHaveLength(1);
      expect(pages[0]!.width).toBeCloseTo(105 * MM, 0);
      expect(pages[0]!.height).toBeCloseTo(148 * MM, 0);
      for (const s of expected[locale]) expect(text, s).toContain(s);
      for (const line of data.lines) expect(text).toContain(line.sku);
      for (const s of ['Беспроводные наушники TWS Pro', '无线蓝牙耳机', '硅胶耳机保护套', '× 2']) expect(text).toContain(s);
    });
  }

  it("prints the seller's own note, without emoji the font cannot draw", async () => {
    const { text } = await pdfInfo(await renderPackingSlipPdf({ ...sampleSlip('en'), message: 'Thanks for shopping with us! ❤️😊 Скидка 5% на следующий заказ' }));
    expect(text).toContain('Thanks for shopping with us!');
    expect(text).toContain('Скидка 5% на следующий заказ');
    expect(text).not.toContain('We hope you love your purchase');
  });

  it('continues a long order on further pages', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({ sku: `SKU-${i}`, name: `Товар ${i} / 商品 ${i}`, quantity: 1 }));
    const { pages, text } = await pdfInfo(await renderPackingSlipPdf({ ...sampleSlip('ru'), lines }));
    expect(pages.length).toBeGreaterThan(1);
    for (const l of lines) expect(text).toContain(l.sku);
    expect(text).toContain(`Стр. ${pages.length} из ${pages.length}`);
    expect(text).toContain('Всего: 30 товаров');
  });
});

describe('font', () => {
  it('has every glyph the sample documents use (Cyrillic, CJK, Latin)', () => {
    const all = JSON.stringify([sampleLabel, sampleManifest(3), sampleSlip('zh-CN')]) + 'ЁёЙй«»№—感谢您的购买！商品总数：';
    const missing = [...new Set(all)].filter((c) => c.codePointAt(0)! > 0x7e && !fontHasGlyph(c.codePointAt(0)!));
    expect(missing).toEqual([]);
  });

  it('drops emoji and spells out symbols it lacks instead of printing empty boxes', () => {
    expect(printable('Цена 990 ₽ 😊 ok')).toBe('Цена 990 руб. ok');
    expect(printable('carrier’s')).toBe("carrier's");
  });
});

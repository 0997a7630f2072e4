// A printer's test label, checked like the shipping label: ZPL rendered by a ZPL emulator (Zebrash)
// and its barcode decoded by ZXing, on small and large labels; the PDF one page of the label's size.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { decodeZplFieldData, renderTestLabelPdf, renderTestLabelZpl, type TestLabelData } from './index.ts';

const require = createRequire(import.meta.url);

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
});

const label = (overrides: Partial<TestLabelData> = {}): TestLabelData => ({
  printerName: 'Упаковка 2 / 打包台',
  address: '192.168.1.50:9100',
  widthMm: 58,
  heightMm: 40,
  dpi: 203,
  code: 'TEST-A1B2C3',
  createdAt: new Date('2026-03-12T11:05:00Z'),
  ...overrides,
});

describe('printer test label', () => {
  it('ZPL fits the label at 203 and 300 dpi, names the printer, and its Code 128 scans', async () => {
    const { ready } = require('zpl-renderer-js') as typeof import('zpl-renderer-js');
    const { api } = await ready;
    for (const data of [label(), label({ widthMm: 100, heightMm: 150, dpi: 300 })]) {
      const zpl = renderTestLabelZpl(data);
      const dots = (mm: number) => Math.round((mm * data.dpi) / 25.4);
      expect(zpl).toMatch(/^\^XA\n\^CI28\n/);
      expect(zpl).toContain(`^PW${dots(data.widthMm)}\n^LL${dots(data.heightMm)}\n`);
      expect(zpl).toMatch(/^[\x20-\x7e\n]*$/); // pure ASCII on the wire
      const texts = [...zpl.matchAll(/\^FD(.*?)\^FS/g)].map((m) => decodeZplFieldData(m[1]!));
      expect(texts).toEqual(expect.arrayContaining(['Orderly test print', data.printerName, data.address, '12.03.2026 14:05']));
      expect(zpl).toContain('^CWZ,E:TT0003M_.FNT');
      expect(zpl).toMatch(/\^AZN,\d+,\d+\^FB[^^]*\^FH\^FD_D0_A3/); // "У…": the Cyrillic name in the TrueType font
      // Everything is placed on the label.
      for (const [, x, y] of zpl.matchAll(/\^FO(\d+),(\d+)/g)) {
        expect(Number(x)).toBeLessThan(dots(data.widthMm));
        expect(Number(y)).toBeLessThan(dots(data.heightMm));
      }
      const png = Buffer.from(await api.zplToBase64Async(zpl, data.widthMm, data.heightMm, data.dpi === 203 ? 8 : 12), 'base64');
      const found = await readBarcodes(new Uint8Array(png), { formats: ['Code128'], tryHarder: true });
      expect(
        found.map((r) => r.text),
        `${data.widthMm}×${data.heightMm} at ${data.dpi} dpi`,
      ).toEqual([data.code]);
    }
  });

  it('PDF is one page of the label size with the same text', async () => {
    const bytes = await renderTestLabelPdf(label());
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBe(1);
    const { width, height } = (await pdf.getPage(1)).getViewport({ scale: 1 });
    expect(width).toBeCloseTo((58 * 72) / 25.4, 0);
    expect(height).toBeCloseTo((40 * 72) / 25.4, 0);
    const { text } = await extractText(pdf, { mergePages: true });
    for (const s of ['Orderly test print', '192.168.1.50:9100', 'TEST-A1B2C3']) expect(text).toContain(s);
  });
});

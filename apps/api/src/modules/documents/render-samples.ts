/**
 * Writes sample documents to a folder (default /tmp/orderly-documents) to look at:
 *   npx tsx src/modules/documents/render-samples.ts [outDir]
 * and, when pdftoppm (Debian poppler-utils) is installed, PNG pages of each PDF next to them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderManifestPdf, renderPackingSlipPdf, renderShippingLabelPdf, renderShippingLabelZpl } from './index.ts';
import { sampleLabel, sampleManifest, sampleSlip } from './samples.ts';

const out = process.argv[2] ?? '/tmp/orderly-documents';
mkdirSync(out, { recursive: true });

const files: Array<[string, Buffer | string]> = [
  ['label.pdf', await renderShippingLabelPdf(sampleLabel)],
  ['label-no-tracking.pdf', await renderShippingLabelPdf({ ...sampleLabel, trackingNumber: null, weightGrams: null, externalId: null })],
  ['label-203.zpl', renderShippingLabelZpl(sampleLabel)],
  ['label-300.zpl', renderShippingLabelZpl(sampleLabel, { dpi: 300 })],
  ['manifest.pdf', await renderManifestPdf(sampleManifest(12))],
  ['manifest-120.pdf', await renderManifestPdf(sampleManifest(120))],
  ['slip-ru.pdf', await renderPackingSlipPdf(sampleSlip('ru'))],
  ['slip-zh-CN.pdf', await renderPackingSlipPdf(sampleSlip('zh-CN'))],
  ['slip-en.pdf', await renderPackingSlipPdf({ ...sampleSlip('en'), message: 'Thanks for shopping with us! ❤️ Leave a review and get 5% off your next order.' })],
  [
    'slip-long-ru.pdf',
    await renderPackingSlipPdf({
      ...sampleSlip('ru'),
      lines: Array.from({ length: 14 }, (_, i) => ({
        sku: `SKU-${1000 + i}`,
        name: `Товар номер ${i + 1}: беспроводная мышь / 无线鼠标 ${i + 1}`,
        quantity: 1 + (i % 3),
      })),
    }),
  ],
];
for (const [name, content] of files) {
  writeFileSync(join(out, name), content);
  console.log(`${join(out, name)}  ${Buffer.byteLength(content)} bytes`);
  if (name.endsWith('.pdf')) {
    try {
      execFileSync('pdftoppm', ['-png', '-r', name.startsWith('manifest') ? '100' : '150', join(out, name), join(out, name.replace(/\.pdf$/, ''))]);
    } catch {
      // no pdftoppm: PDFs only
    }
  }
}

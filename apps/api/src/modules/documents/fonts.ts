import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Fontkit from 'fontkit';

/**
 * One font family for every document: Noto Sans Hans (Noto Sans CJK, Simplified Chinese subset;
 * SIL OFL 1.1) from the npm package @embedpdf/fonts-sc. A single static OpenType (CFF) font covers
 * Latin, Cyrillic and ~30,000 CJK ideographs, so text never needs per-script font switching.
 * pdfkit embeds only the glyphs a document uses (a subset), so a label PDF stays ~50-100 kB.
 */
const require = createRequire(import.meta.url);

export type FontWeight = 'regular' | 'bold';

const FILES: Record<FontWeight, string> = {
  regular: 'NotoSansHans-Regular.otf',
  bold: 'NotoSansHans-Bold.otf',
};

/** The package exports only its JS entry ("./dist/index.*"); the fonts sit in ../fonts next to it. */
export function fontPath(weight: FontWeight): string {
  const entry = require.resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', FILES[weight]);
}

const bytes = new Map<FontWeight, Buffer>();

/** The font file's bytes, read once per process (8 MB each). */
export function fontBytes(weight: FontWeight): Buffer {
  let b = bytes.get(weight);
  if (!b) {
    b = readFileSync(fontPath(weight));
    bytes.set(weight, b);
  }
  return b;
}

let coverage: { hasGlyphForCodePoint(cp: number): boolean } | undefined;

/** Whether the embedded font can draw this code point (both weights share one character set). */
export function fontHasGlyph(codePoint: number): boolean {
  if (!coverage) {
    // fontkit is loaded by the first document that needs it, not at boot (see pdf.ts).
    const font = (require('fontkit') as typeof Fontkit).create(fontBytes('regular'));
    if (!('hasGlyphForCodePoint' in font)) throw new Error('unexpected font collection');
    coverage = font;
  }
  return coverage.hasGlyphForCodePoint(codePoint);
}

const INVISIBLE = /[\uFE00-\uFE0F\u200B-\u200F\u2060\uFEFF]|\p{Cc}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Emoji_Modifier}/u;

/**
 * Spelled-out symbols the font lacks, and curly quotes that a CJK font draws full-width (they would
 * look like "carrier’ s" in Latin or Cyrillic text).
 */
const SUBSTITUTES: Record<string, string> = { '₽': 'руб.', '₸': 'тг', '€': 'EUR', '‘': "'", '’': "'", '“': '"', '”': '"', '‚': ',', '„': '"' };
const PREFER_SUBSTITUTE = new Set(['‘', '’', '“', '”', '‚', '„']);

/**
 * Text as the font can print it: NFC-normalised, whitespace collapsed (line breaks kept when
 * `multiline`), emoji and invisible characters dropped, a few symbols spelled out, anything else
 * the font lacks shown as "?" (never an empty box).
 */
export function printable(text: string, opts: { multiline?: boolean } = {}): string {
  const normalized = text.normalize('NFC').replace(/\r\n?/g, '\n');
  return (opts.multiline ? normalized.split('\n') : [normalized])
    .map((line) => {
      let out = '';
      for (const ch of line.replace(/[\t\n\u00A0\u2028\u2029]/g, ' ')) {
        const cp = ch.codePointAt(0)!;
        if (cp >= 0x20 && cp < 0x7f) out += ch;
        else if (INVISIBLE.test(ch)) continue;
        else if (PREFER_SUBSTITUTE.has(ch) && !/[\u3000-\u9fff\uff00-\uffef]/.test(line)) out += SUBSTITUTES[ch];
        else if (fontHasGlyph(cp)) out += ch;
        else if (PICTOGRAPHIC.test(ch)) continue;
        else if (SUBSTITUTES[ch] !== undefined) out += SUBSTITUTES[ch];
        else out += '?';
      }
      return out.replace(/ {2,}/g, ' ').trim();
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

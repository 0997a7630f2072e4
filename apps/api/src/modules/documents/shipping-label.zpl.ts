import { code128Pattern, qrMatrix } from './barcodes.ts';
import { countryName, DEFAULT_TIME_ZONE, formatDateTime, formatKg, reshipMarker, validWeight } from './format.ts';
import { labelBarcodeText, partyAddress, validateLabel } from './shipping-label.ts';
import type { LabelData, ZplOptions } from './types.ts';

/**
 * ZPL II for a 4×6 in thermal label (812×1218 dots at 203 dpi, 1200×1800 at 300 dpi), the same
 * zones as the PDF label. Text is UTF-8 (^CI28) in a printer TrueType font aliased with ^CW;
 * every field goes through ^FH so that ^, ~ and _ in data, and all non-ASCII bytes, are sent as
 * _XX hex escapes: the output is pure ASCII and survives any transport (raw 9100, spoolers).
 */

export const ZPL_DEFAULT_FONT = 'E:TT0003M_.FNT';

const MAIN = 'Z'; // ^CW alias of the text font (Cyrillic)
const CJK = 'Y'; // ^CW alias of the optional Asian font

/**
 * Field data for ^FH (escape character "_"): printable ASCII except ^ ~ _ is kept, every other
 * byte of the UTF-8 encoding becomes _XX. Inside ^FB, "\" is doubled ("\\" prints one backslash).
 */
export function zplFieldData(text: string, opts: { fieldBlock?: boolean } = {}): string {
  let out = '';
  for (const byte of Buffer.from(text.normalize('NFC'), 'utf8')) {
    if (byte === 0x5c && opts.fieldBlock) out += '\\\\';
    else if (byte >= 0x20 && byte <= 0x7e && byte !== 0x5e && byte !== 0x7e && byte !== 0x5f) out += String.fromCharCode(byte);
    else out += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Reverses zplFieldData (for tests and debugging). */
export function decodeZplFieldData(data: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === '_' && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
      bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (data[i] === '\\' && data[i + 1] === '\\') {
      bytes.push(0x5c);
      i += 1;
    } else bytes.push(data.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * ^BQ field data, error correction M. ASCII payloads use automatic input ("MA,"); anything else is
 * sent as 8-bit byte mode with its UTF-8 byte count ("MM,Bnnnn"), because automatic input reads
 * bytes 0x80–0x9F and 0xE0–0xFF as Shift JIS and refuses them.
 */
export function qrFieldData(payload: string): string {
  const bytes = Buffer.byteLength(payload.normalize('NFC'), 'utf8');
  if (ASCII.test(payload)) return `MA,${zplFieldData(payload)}`;
  if (bytes > 2000) throw new Error(`ZPL QR: payload of ${bytes} bytes is too long`);
  return `MM,B${String(bytes).padStart(4, '0')}${zplFieldData(payload)}`;
}

const CJK_CHAR = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]|[\u{20000}-\u{3FFFF}]/u;
const ASCII = /^[\x20-\x7e]*$/;

function clean(text: string): string {
  return (
    text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- control characters are what this strips.
      .replace(/[\u0000-\u001f\u007f\u00a0\u2028\u2029]+/g, ' ')
      .replace(/\s{2,}/g, ' ')
      .trim()
  );
}

class ZplLabel {
  readonly out: string[] = [];
  constructor(
    readonly dpi: number,
    readonly hasCjkFont: boolean,
  ) {}

  /** Millimetres to dots. */
  d(mm: number): number {
    return Math.round((mm * this.dpi) / 25.4);
  }

  /** Points (1/72 in) to dots. */
  p(pt: number): number {
    return Math.round((pt * this.dpi) / 72);
  }

  /**
   * A text field: at (x, y) mm, `width` mm wide, `pt` high, at most maxLines lines (wrapped by ^FB).
   * ASCII-only text uses the resident bold font 0 (CG Triumvirate); anything else the ^CW font.
   * Text longer than the estimated room is cut with "..." (^FB would overprint its last line).
   */
  text(x: number, y: number, width: number, raw: string, o: { pt: number; maxLines?: number; align?: 'L' | 'C' | 'R'; reverse?: boolean; latinBold?: boolean }): void {
    const text = clean(raw);
    if (!text) return;
    const maxLines = o.maxLines ?? 1;
    const ascii = ASCII.test(text) && o.latinBold !== false;
    const font = ascii ? '0' : CJK_CHAR.test(text) && this.hasCjkFont ? CJK : MAIN;
    const h = this.p(o.pt);
    const fitted = this.truncate(text, width, o.pt, maxLines, font === '0' ? 0.52 : 0.6);
    // ^FB only where needed (wrapping, centring, right alignment): a single left-aligned line that
    // is longer than estimated then runs off the edge instead of being overprinted by ^FB.
    const needsBlock = maxLines > 1 || (o.align ?? 'L') !== 'L';
    const block = needsBlock ? `^FB${this.d(width)},${maxLines},${maxLines > 1 ? this.p(o.pt * 0.15) : 0},${o.align ?? 'L'},0` : '';
    this.out.push(`^FO${this.d(x)},${this.d(y)}^A${font}N,${h},${h}${block}${o.reverse ? '^FR' : ''}^FH^FD${zplFieldData(fitted, { fieldBlock: needsBlock })}^FS`);
  }

  /** Rough width estimate: ideographs 1 em, other characters `em` em. */
  private truncate(text: string, widthMm: number, pt: number, maxLines: number, em: number): string {
    const room = ((widthMm / 25.4) * 72 * maxLines * (maxLines > 1 ? 0.92 : 1)) / pt;
    let used = 0;
    const chars = [...text];
    for (let i = 0; i < chars.length; i++) {
      used += CJK_CHAR.test(chars[i]!) ? 1 : em;
      if (used > room)
        return (
          chars
            .slice(0, Math.max(0, i - 2))
            .join('')
            .trimEnd() + '...'
        );
    }
    return text;
  }

  box(x: number, y: number, w: number, h: number, thicknessMm: number, filled = false): void {
    const t = filled ? Math.min(this.d(w), this.d(h)) : Math.max(1, this.d(thicknessMm));
    this.out.push(`^FO${this.d(x)},${this.d(y)}^GB${this.d(w)},${this.d(h)},${t},B,0^FS`);
  }

  rule(x1: number, x2: number, y: number, thicknessMm: number): void {
    const t = Math.max(1, this.d(thicknessMm));
    this.out.push(`^FO${this.d(x1)},${this.d(y)}^GB${this.d(x2 - x1)},${t},${t},B,0^FS`);
  }
}

/**
 * The shipping label as ZPL II. Options: dpi (203 default, or 300), the printer font for text
 * (default E:TT0003M_.FNT, Latin + Cyrillic) and an optional Asian font for Chinese fields.
 */
export function renderShippingLabelZpl(data: LabelData, opts: ZplOptions = {}): string {
  validateLabel(data);
  const dpi = opts.dpi ?? 203;
  if (dpi !== 203 && dpi !== 300) throw new Error(`ZPL: unsupported dpi ${String(dpi)}`);
  const tz = data.timeZone ?? DEFAULT_TIME_ZONE;
  const z = new ZplLabel(dpi, Boolean(opts.cjkFont));
  const W = 101.6;
  const M = 3;
  const CW = W - 2 * M;
  const widthDots = z.d(W); // 812 / 1200
  const heightDots = z.d(152.4); // 1218 / 1800

  z.out.push('^XA', '^CI28', `^PW${widthDots}`, `^LL${heightDots}`, '^LH0,0', '^PON', `^CW${MAIN},${opts.font ?? ZPL_DEFAULT_FONT}`);
  if (opts.cjkFont) z.out.push(`^CW${CJK},${opts.cjkFont}`);

  // 1. Header.
  z.text(M, M, 62, data.carrierName, { pt: 16, latinBold: true });
  z.text(W - M - 34, M, 34, `#${data.orderNumber}`, { pt: 20, align: 'R' });
  if (data.externalId) {
    z.text(M, 11.3, 62, 'Отправление / Posting No.', { pt: 6.5 });
    z.text(M, 14, 62, data.externalId, { pt: 10 });
  } else if (data.reshipOf) {
    z.text(M, 11.3, 62, 'Повторная отправка / Replacement', { pt: 6.5 });
    z.text(M, 14, 62, reshipMarker(data.reshipOf), { pt: 10 });
  }
  z.box(W - M - 31, 11.3, 31, 7, 0, true);
  z.text(W - M - 31, 12.4, 31, `МЕСТО ${data.parcelSequence}/${data.parcelCount}`, { pt: 12, align: 'C', reverse: true });
  z.rule(M, W - M, 19.8, 0.4);

  // 2. Sender.
  const s = data.sender;
  z.text(M, 20.8, CW, 'ОТПРАВИТЕЛЬ / SENDER', { pt: 6.5 });
  z.text(M, 23.5, CW, s.phone ? `${s.name}  ${s.phone}` : s.name, { pt: 8.5 });
  z.text(M, 27.2, CW, partyAddress(s), { pt: 7.5, maxLines: 2 });
  z.rule(M, W - M, 34.6, 0.4);

  // 3. Recipient: city pinned above the thick rule, as on the PDF.
  const r = data.recipient;
  z.text(M, 35.6, CW, 'ПОЛУЧАТЕЛЬ / RECIPIENT', { pt: 6.5 });
  const nameChars = [...clean(r.name)].reduce((n, c) => n + (CJK_CHAR.test(c) ? 1 : 0.6), 0) * 13;
  const nameLines = nameChars > (CW / 25.4) * 72 ? 2 : 1;
  z.text(M, 38.4, CW, r.name, { pt: 13, maxLines: 2, latinBold: false });
  let y = 38.4 + nameLines * 5.3;
  if (r.phone) {
    z.text(M, y, CW, `Тел. / Tel.: ${r.phone}`, { pt: 9.5 });
    y += 4.2;
  }
  const street = r.lines.map(clean).filter(Boolean).join(', ');
  const streetLines = Math.max(1, Math.min(4, Math.floor((70 - y) / 4.2)));
  if (street) z.text(M, y + 0.3, CW, street, { pt: 10, maxLines: streetLines, latinBold: false });
  z.text(M, 70.6, CW, [r.postalCode, r.city].filter(Boolean).join('  '), { pt: 17, latinBold: false });
  z.text(M, 77.3, CW, countryName(r.countryCode), { pt: 8.5 });
  z.rule(M, W - M, 81.3, 0.6);

  // 4. Code128 (auto subset mode "A": the printer packs digits into subset C), human text below.
  const barcodeText = labelBarcodeText(data);
  const trackingCaption = `ТРЕК-НОМЕР / TRACKING No.  ${data.carrierName}`.trim();
  z.text(M, 82.6, CW, data.trackingNumber?.trim() ? trackingCaption : 'КОД МЕСТА / PARCEL CODE', { pt: 6.5 });
  const { modules } = code128Pattern(barcodeText);
  const maxModule = dpi === 203 ? 4 : 6; // 0.5 mm
  // Widest module (dots) for which bars plus 10-module quiet zones fit the label's full width.
  const module = Math.max(1, Math.min(maxModule, Math.floor(widthDots / (modules + 20))));
  const barX = Math.max(0, Math.round((widthDots - modules * module) / 2));
  z.out.push(`^FO${barX},${z.d(85.8)}^BY${module},3,${z.d(20)}^BCN,${z.d(20)},N,N,N,A^FH^FD${zplFieldData(barcodeText)}^FS`);
  z.text(M, 106.6, CW, barcodeText, { pt: 13, align: 'C' });
  z.rule(M, W - M, 113.4, 0.4);

  // 5. QR (EC level M, automatic input mode) and parcel details.
  const qrModules = qrMatrix(data.qrPayload).size;
  const magnification = Math.max(1, Math.min(10, Math.floor(z.d(30) / qrModules)));
  // ^BY's bar height also shifts a following ^BQ down on Zebra firmware: reset it to the default first.
  z.out.push(`^FO${z.d(M)},${z.d(114.2)}^BY2,3,10^BQN,2,${magnification}^FH^FD${qrFieldData(data.qrPayload)}^FS`);
  const cx = M + 35;
  const cw = W - M - cx;
  z.text(cx, 117, cw, 'КОД МЕСТА / PARCEL', { pt: 6.5 });
  z.text(cx, 119.6, cw, data.parcelCode, { pt: 17 });
  const weight = validWeight(data.weightGrams);
  z.text(cx, 127.6, cw, 'ВЕС / WEIGHT', { pt: 6.5 });
  z.text(cx, 130.2, cw, weight ? `${formatKg(weight)} кг` : '-', { pt: 12 });
  z.text(cx, 136.6, cw, 'ДАТА / DATE', { pt: 6.5 });
  z.text(cx, 139.2, cw, formatDateTime(data.createdAt, tz), { pt: 10 });

  z.out.push('^PQ1', '^XZ');
  return z.out.join('\n') + '\n';
}

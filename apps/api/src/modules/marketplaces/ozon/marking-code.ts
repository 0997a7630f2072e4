// "Честный ЗНАК" (Chestny ZNAK) marking codes as a scanner sends them: which forms we accept, and the
// one form we store and send to Ozon. Pure functions (no database), shared by the API and its tests.
//
// A code is a GS1 DataMatrix with these element strings, in this order:
//   01 + GTIN (14 digits, GS1 check digit)
//   21 + serial number (13 characters — most product groups — or 6 for some), then GS
//   91 + verification key (4 characters), then GS
//   92 + verification code ("crypto tail", 44 or 88 characters)
// Serial, key and crypto tail use the GS1 character set 82 (printable ASCII except space, # $ @ [ \ ] ^ ` { | } ~).
//
// Accepted input (anything else is refused, with the reason):
// - GS written as the ASCII group separator U+001D (FNC1), as a DataMatrix scanner sends it;
// - GS dropped (keyboard-wedge scanners that cannot type U+001D): the fields are then found by length,
//   which is unambiguous because serial (13 or 6) and crypto tail (44 or 88) lengths are fixed;
// - an AIM symbology identifier "]d2" and/or a leading FNC1 (U+001D) before "01";
// - surrounding whitespace, CR and LF.
// Refused: the short identifier without the crypto tail (01…21… only), codes with a 93 tail (other
// product groups, not sold through Ozon with a 91/92 tail), a wrong GTIN check digit, Cyrillic
// letters (a scanner typing through a Russian keyboard layout), anything with other characters.
// Stored and sent: "01" GTIN "21" serial GS "91" key GS "92" tail (GS = U+001D). A unit's identity —
// what makes a code "already used" — is "01" GTIN "21" serial.

export const GS = '\u001d';

export interface MarkingCode {
  gtin: string;
  serial: string;
  key: string;
  tail: string;
  /** "01" + GTIN + "21" + serial: the unit's identity (unique across orders). */
  identity: string;
  /** The full code with GS separators, as stored and sent to Ozon. */
  code: string;
}

export type MarkingCodeProblem = 'EMPTY' | 'CYRILLIC' | 'PARTIAL' | 'FORMAT' | 'GTIN_CHECK';

export type ParsedMarkingCode = { ok: true; mark: MarkingCode } | { ok: false; problem: MarkingCodeProblem; message: string };

/** GS1 character set 82, without the characters that never occur in these codes' fields. */
const set82 = `[!"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]`;
const withGs = new RegExp(`^01(\\d{14})21(${set82}{13}|${set82}{6})${GS}91(${set82}{4})${GS}92(${set82}{88}|${set82}{44})$`);

const problems: Record<MarkingCodeProblem, string> = {
  EMPTY: 'Scan the DataMatrix marking code',
  CYRILLIC: 'The code came in with Cyrillic letters: switch the scanner or keyboard to the English layout and scan again',
  PARTIAL: 'Only part of the code was read (no 91/92 crypto tail): scan the whole DataMatrix code',
  FORMAT: 'This is not a "Честный ЗНАК" marking code (01 GTIN, 21 serial, 91 key, 92 crypto tail)',
  GTIN_CHECK: 'The GTIN in this code has a wrong check digit: scan it again',
};

const fail = (problem: MarkingCodeProblem): ParsedMarkingCode => ({ ok: false, problem, message: problems[problem] });

/** The GS1 mod-10 check digit of a GTIN-14 holds. */
export function gtinCheckDigitValid(gtin: string): boolean {
  if (!/^\d{14}$/.test(gtin)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(gtin[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(gtin[13]);
}

/** Splits a code without GS by the fixed field lengths (see above); null when no length fits. */
function insertSeparators(body: string): string | null {
  for (const serial of [13, 6]) {
    for (const tail of [44, 88]) {
      if (body.length !== 2 + 14 + 2 + serial + 2 + 4 + 2 + tail) continue;
      const keyAt = 18 + serial;
      if (body.slice(16, 18) !== '21' || body.slice(keyAt, keyAt + 2) !== '91' || body.slice(keyAt + 6, keyAt + 8) !== '92') continue;
      return `${body.slice(0, keyAt)}${GS}${body.slice(keyAt, keyAt + 6)}${GS}${body.slice(keyAt + 6)}`;
    }
  }
  return null;
}

/** Reads a scanned marking code in one of the accepted forms. */
export function parseMarkingCode(raw: string): ParsedMarkingCode {
  let body = raw.replace(/^[\s]+|[\s]+$/g, '');
  if (body.startsWith(']d2')) body = body.slice(3);
  if (body.startsWith(GS)) body = body.slice(1);
  if (!body) return fail('EMPTY');
  if (/[\u0400-\u04ff]/.test(body)) return fail('CYRILLIC');
  if (!body.startsWith('01') || !/^\d{14}$/.test(body.slice(2, 16))) return fail('FORMAT');
  const hasGs = body.includes(GS);
  if (!hasGs && /^01\d{14}21/.test(body) && (body.length === 18 + 13 || body.length === 18 + 6)) return fail('PARTIAL');
  if (hasGs && body.indexOf(GS) === body.length - 1 && /^01\d{14}21/.test(body)) return fail('PARTIAL');
  const normalized = hasGs ? body : insertSeparators(body);
  const match = normalized ? withGs.exec(normalized) : null;
  if (!match) return fail('FORMAT');
  const [, gtin, serial, key, tail] = match as unknown as [string, string, string, string, string];
  if (!gtinCheckDigitValid(gtin)) return fail('GTIN_CHECK');
  const identity = `01${gtin}21${serial}`;
  return { ok: true, mark: { gtin, serial, key, tail, identity, code: `${identity}${GS}91${key}${GS}92${tail}` } };
}

/** A product barcode (EAN-8, UPC-A, EAN-13 or GTIN-14) as a GTIN-14, or null when it is not one. */
export function asGtin14(barcode: string): string | null {
  const digits = barcode.trim();
  return /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(digits) ? digits.padStart(14, '0') : null;
}

/** How a code is shown to people (no crypto tail): GTIN and serial. */
export const showMark = (mark: Pick<MarkingCode, 'gtin' | 'serial'>) => `01${mark.gtin}21${mark.serial}`;

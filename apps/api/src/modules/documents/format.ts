/** Formatting shared by the documents. Dates are printed in the warehouse's zone, not the server's. */

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

function parts(date: Date, timeZone: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/** "12.03.2026" */
export function formatDate(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(date, timeZone);
  return `${p.day}.${p.month}.${p.year}`;
}

/** "12.03.2026 14:05" */
export function formatDateTime(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(date, timeZone);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** "14:05" */
export function formatTime(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(date, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** "12.03.2026 10:00–14:00", or one end only. */
export function formatWindow(from: Date | null | undefined, to: Date | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  if (from && to) {
    const sameDay = formatDate(from, timeZone) === formatDate(to, timeZone);
    return `${formatDateTime(from, timeZone)}–${sameDay ? formatTime(to, timeZone) : formatDateTime(to, timeZone)}`;
  }
  if (from) return `с ${formatDateTime(from, timeZone)}`;
  if (to) return `до ${formatDateTime(to, timeZone)}`;
  return null;
}

/** Kilograms with three decimals and a decimal comma: 1250 → "1,250". */
export function formatKg(grams: number): string {
  return (grams / 1000).toFixed(3).replace('.', ',');
}

/** Russian plural: plural(3, ['место', 'места', 'мест']) → "места". */
export function pluralRu(n: number, forms: [string, string, string]): string {
  const n10 = n % 10;
  const n100 = n % 100;
  if (n10 === 1 && n100 !== 11) return forms[0];
  if (n10 >= 2 && n10 <= 4 && (n100 < 10 || n100 >= 20)) return forms[1];
  return forms[2];
}

const COUNTRY_NAMES: Record<string, string> = {
  RU: 'Россия / Russia',
  CN: 'Китай / China',
  KZ: 'Казахстан / Kazakhstan',
  BY: 'Беларусь / Belarus',
  AM: 'Армения / Armenia',
  KG: 'Кыргызстан / Kyrgyzstan',
  UZ: 'Узбекистан / Uzbekistan',
};

/** "Россия / Russia" for known codes, the code itself otherwise. */
export function countryName(code: string): string {
  return COUNTRY_NAMES[code.toUpperCase()] ?? code.toUpperCase();
}

/** Positive finite grams or null. */
export function validWeight(grams: number | null | undefined): number | null {
  return typeof grams === 'number' && Number.isFinite(grams) && grams > 0 ? grams : null;
}

const ONES_NEUTER = ['', 'одно', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const ONES_FEMININE = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

function triad(n: number, ones: string[]): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]!];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]!);
  else words.push(TENS[Math.floor(rest / 10)]!, ones[rest % 10]!);
  return words.filter(Boolean);
}

/** A count in Russian words, neuter (as for "место"): 12 → "двенадцать", 21 → "двадцать одно". 0…999 999. */
export function countInWordsRu(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) return String(n);
  if (n === 0) return 'ноль';
  const thousands = Math.floor(n / 1000);
  const words: string[] = [];
  if (thousands) words.push(...triad(thousands, ONES_FEMININE), pluralRu(thousands, ['тысяча', 'тысячи', 'тысяч']));
  words.push(...triad(n % 1000, ONES_NEUTER));
  return words.join(' ');
}

/** The mark of a reship on its label and packing slip: "RESHIP #1040" (the original order). */
export const reshipMarker = (originalNumber: number) => `RESHIP #${originalNumber}`;

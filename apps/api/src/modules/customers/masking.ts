// Masked buyer data for callers without `customers:read_pii`: enough to recognise a buyer on the
// phone or at the packing table ("А***а С***", "+7 *** ***-**-33", "b***@example.ru"), not enough
// to contact or find them. City, region and country stay readable: the floor sorts by them.

const STARS = '***';

/** "Анна Смирнова" → "А***а С***": first word keeps its first and last letter, the others their initial. */
export function maskName(name: string | null | undefined): string | null {
  if (name == null) return null;
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return STARS;
  return words
    .map((word, i) => {
      const chars = [...word];
      if (i === 0 && chars.length > 2) return `${chars[0]}${STARS}${chars[chars.length - 1]}`;
      return `${chars[0]}${STARS}`;
    })
    .join(' ');
}

/**
 * "+7 900 111-22-33" → "+7 *** ***-**-33": the country code and the last two digits stay, every
 * other digit becomes a star (the formatting is kept, so it still reads like a phone number).
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null) return null;
  const trimmed = phone.trim();
  const totalDigits = trimmed.replace(/\D/g, '').length;
  // Country code: the leading "+digits" group when it is separated from the rest (else one digit).
  const cc = /^\+(\d{1,3})(?=[\s(-])/.exec(trimmed)?.[1] ?? (trimmed.startsWith('+') ? trimmed.slice(1, 2) : '');
  let seen = 0;
  let out = '';
  for (const ch of trimmed) {
    if (/\d/.test(ch)) {
      seen++;
      out += seen <= cc.length || seen > totalDigits - 2 ? ch : '*';
    } else out += ch;
  }
  return out;
}

/** "buyer1@example.ru" → "b***@example.ru". */
export function maskEmail(email: string | null | undefined): string | null {
  if (email == null) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return STARS;
  return `${[...email][0]}${STARS}${email.slice(at)}`;
}

/** Street, house and flat: nothing of it is needed without the permission. */
export const maskStreet = (value: string | null | undefined): string | null => (value == null || value === '' ? (value ?? null) : STARS);

/** "101000" → "101***": the first digits name the delivery area, the rest the street. */
export function maskPostalCode(value: string | null | undefined): string | null {
  if (value == null || value === '') return value ?? null;
  const chars = [...value.trim()];
  return chars.length <= 3 ? STARS : `${chars.slice(0, 3).join('')}${STARS}`;
}

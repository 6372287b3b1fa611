/**
 * Salesforce record ids: 15 case-sensitive characters (3-char key prefix + 12) and the 18-char
 * case-insensitive form that appends a 3-char checksum. The API always returns 18 characters and
 * accepts both.
 */
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Characters 4–6 of every id this org issues: Salesforce puts the pod/instance here. */
const POD = '0LO';

export function checksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return suffix;
}

export function to18(id15: string): string {
  return id15 + checksum(id15);
}

export function makeId(keyPrefix: string, counter: number): string {
  let n = counter;
  let body = '';
  while (n > 0) {
    body = BASE62[n % 62] + body;
    n = Math.floor(n / 62);
  }
  return to18(keyPrefix + POD + body.padStart(9, '0'));
}

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * Normalises a 15- or 18-char id to the canonical 18-char form, or returns null when the text is
 * not an id (wrong length, characters, or an 18-char id whose checksum does not match).
 * An 18-char id is case-insensitive: its suffix tells which of the first 15 characters are upper case.
 */
export function normalizeId(text: string): string | null {
  if (!ID_SHAPE.test(text)) return null;
  if (text.length === 15) return to18(text);
  const suffix = text.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = CHECKSUM_ALPHABET.indexOf(suffix[chunk]);
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const ch = text[chunk * 5 + i];
      id15 += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  // Digits cannot carry case: a bit set on a digit means the suffix does not belong to this id.
  const canonical = to18(id15);
  return canonical.slice(15) === suffix ? canonical : null;
}

/** Returns the counter encoded in an id this org issued, or 0 for ids from elsewhere. */
export function counterOf(id: string): number {
  if (id.slice(3, 6) !== POD) return 0;
  let n = 0;
  for (const ch of id.slice(6, 15)) n = n * 62 + BASE62.indexOf(ch);
  return n;
}

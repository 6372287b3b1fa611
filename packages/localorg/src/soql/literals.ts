import type { FieldDef } from '../schema/types.ts';

/** How a field's values compare in SOQL. */
export type Kind = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime' | 'time' | 'multi' | 'other';

export function kindOf(f: FieldDef): Kind {
  switch (f.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'string':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'url':
    case 'picklist':
    case 'combobox':
    case 'encryptedstring':
      return 'text';
    case 'multipicklist':
      return 'multi';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return 'number';
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
      return f.type;
    default:
      return 'other';
  }
}

/** The type name Salesforce uses in "value of filter criterion … must be of type X". */
export function soapTypeName(f: FieldDef): string {
  if (f.type === 'datetime') return 'dateTime';
  if (f.type === 'int') return 'integer';
  if (f.type === 'currency' || f.type === 'percent') return 'double';
  const k = kindOf(f);
  if (k === 'text' || k === 'multi') return 'string';
  if (k === 'id') return 'id';
  return f.type;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
};

/** A quoted SOQL string literal (quotes included) as plain text. */
export function unescapeString(quoted: string): string {
  const body = stripQuotes(quoted);
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i === body.length - 1) {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === 'u' || next === 'U') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16) || 0);
      i += 4;
    } else out += ESCAPES[next] ?? next;
  }
  return out;
}

/**
 * A LIKE pattern as an anchored regular expression: `%` any run, `_` one character, and a
 * backslash makes the next character (including `%` and `_`) literal.
 */
export function likeRegex(quoted: string, caseSensitive: boolean): RegExp {
  const body = stripQuotes(quoted);
  let source = '^';
  for (let i = 0; i < body.length; i++) {
    let ch = body[i];
    if (ch === '%') {
      source += '[\\s\\S]*';
      continue;
    }
    if (ch === '_') {
      source += '[\\s\\S]';
      continue;
    }
    if (ch === '\\' && i < body.length - 1) {
      const next = body[++i];
      if (next === 'u' || next === 'U') {
        ch = String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16) || 0);
        i += 4;
      } else ch = ESCAPES[next] ?? next;
    }
    source += escapeRegex(ch);
  }
  // A trailing % needs no match to the end of the text, and a leading one needs no anchor.
  // (Escaped literal characters never spell the wildcard's source, so the suffix test is safe.)
  const ANY = '[\\s\\S]*';
  let end = '$';
  while (source.endsWith(ANY)) {
    source = source.slice(0, -ANY.length);
    end = '';
  }
  if (source.startsWith(`^${ANY}`)) source = source.slice(1 + ANY.length);
  return new RegExp(source + end, caseSensitive ? '' : 'i');
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function stripQuotes(quoted: string): string {
  return quoted.length >= 2 && quoted[0] === "'" && quoted[quoted.length - 1] === "'" ? quoted.slice(1, -1) : quoted;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch milliseconds of an ISO-ish datetime (`Z`, `+0000`, `+02:00`), or NaN. */
export function parseDateTime(text: string): number {
  const m = DATETIME.exec(text);
  if (!m) return Number.NaN;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

/** Salesforce's stored datetime form; canonical strings compare correctly as plain strings. */
export function canonicalDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

/**
 * A stored datetime in canonical form. Rows written by the org are already canonical, so the
 * common path allocates nothing.
 */
export function normDateTime(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  if (v.length === 28 && v.charCodeAt(10) === 84 && v.endsWith('+0000')) return v;
  const ms = parseDateTime(v);
  return Number.isNaN(ms) ? null : canonicalDateTime(ms);
}

/** A stored date as 'YYYY-MM-DD' (tolerates a datetime-shaped value). */
export function normDate(v: unknown): string | null {
  if (typeof v !== 'string' || v.length < 10) return null;
  return v.length === 10 ? v : v.slice(0, 10);
}

export function parseNumber(text: string): number {
  // Currency-prefixed literals (USD100) are how multi-currency orgs compare amounts.
  const stripped = /^[A-Za-z]{3}/.test(text) ? text.slice(3) : text;
  return Number(stripped);
}

import { formatDateTime } from '../clock.ts';
import type { FieldType } from '../schema/types.ts';
import { Dec, FormulaValueError } from './dec.ts';
import type { Value } from './parser.ts';
import { FormulaError } from './tokenizer.ts';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Field types whose values are text; a formula of one of these types returns text. */
export const TEXT_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
  'email',
  'phone',
  'url',
  'encryptedstring',
]);

/** Field types whose blank value a formula sees as '' rather than null, as in Salesforce. */
const TEXT_LIKE = new Set<FieldType>([...TEXT_TYPES, 'id', 'reference']);

/** Converts a stored field value to a formula value. `type` is known only when the scope reports it. */
export function fromField(raw: unknown, path: string, type?: FieldType): Value {
  if (raw === undefined || raw === null) {
    if (type && TEXT_LIKE.has(type)) return '';
    return type === 'boolean' ? false : null;
  }
  if (typeof raw === 'number') {
    const d = Dec.fromNumber(raw);
    // Salesforce hands a percent field to formulas as a fraction: 15% is 0.15.
    return type === 'percent' ? d.div(Dec.int(100)) : d;
  }
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'bigint') return Dec.int(raw);
  throw new FormulaError(`Field ${path} has a value a formula cannot use (${typeof raw})`);
}

export const isDate = (v: Value): boolean => typeof v === 'string' && DATE_RE.test(v) && dateToDays(v) !== null;
export const isDateTime = (v: Value): boolean => typeof v === 'string' && DATETIME_RE.test(v);
export const isBlank = (v: Value): boolean => v === null || v === '';

/** Days since 1970-01-01 for a valid 'YYYY-MM-DD', else null. */
export function dateToDays(text: Value): number | null {
  if (typeof text !== 'string') return null;
  const m = DATE_RE.exec(text);
  if (!m) return null;
  return daysFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function daysFromParts(y: number, m: number, d: number): number | null {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto the 1900s.
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime() / DAY_MS;
}

export function daysInMonth(y: number, m: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m, 0);
  return t.getUTCDate();
}

export function daysToDate(days: number): string {
  const d = new Date(days * DAY_MS);
  if (Number.isNaN(d.getTime())) throw new FormulaValueError('Date out of range');
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) throw new FormulaValueError('Date out of range');
  return `${String(y).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function dateTimeToMs(text: Value): number {
  if (typeof text !== 'string') throw new FormulaError(`Expected a datetime, got ${show(text)}`);
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw new FormulaValueError(`Invalid datetime ${text}`);
  return ms;
}

export function msToDateTime(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new FormulaValueError('Datetime out of range');
  return formatDateTime(ms);
}

export function parts(date: Value): { y: number; m: number; d: number } {
  const m = DATE_RE.exec(date as string)!;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** A date argument: dates as given, datetimes reduced to their GMT date (as DATEVALUE does). */
export function asDate(v: Value, fn: string): string | null {
  if (v === null || v === '') return null;
  if (isDate(v)) return v as string;
  if (isDateTime(v)) return daysToDate(Math.floor(dateTimeToMs(v) / DAY_MS));
  throw new FormulaError(`${fn} expects a date, got ${show(v)}`);
}

export function asNumber(v: Value, fn: string): Dec | null {
  if (v === null) return null;
  if (v instanceof Dec) return v;
  throw new FormulaError(`${fn} expects a number, got ${show(v)}`);
}

/** A whole-number argument (LEFT's count, ROUND's digits); fractions are dropped. */
export function asInt(v: Value, fn: string): number | null {
  const d = asNumber(v, fn);
  return d === null ? null : d.trunc().toNumber();
}

export function asText(v: Value): string {
  if (v === null) return '';
  if (v instanceof Dec) return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/** Boolean context (IF, AND, &&): null is "unknown", which every consumer treats as not true. */
export function asBool(v: Value, what: string): boolean | null {
  if (v === null || typeof v === 'boolean') return v;
  throw new FormulaError(`${what} expects a boolean, got ${show(v)}`);
}

export function show(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof Dec) return `number ${v.toString()}`;
  if (typeof v === 'boolean') return `boolean ${v}`;
  return `text "${v}"`;
}

/**
 * Salesforce equality: numbers by value, datetimes by instant, text case-sensitively, and a blank
 * text equal to ''. Null against anything else is unknown (null), which makes `=` and `<>` false.
 */
export function equals(a: Value, b: Value): boolean | null {
  if (a === null || b === null) {
    if (a === null && b === null) return null;
    const other = a === null ? b : a;
    return other === '' ? true : typeof other === 'string' && !isDate(other) && !isDateTime(other) ? false : null;
  }
  if (a instanceof Dec || b instanceof Dec) {
    if (a instanceof Dec && b instanceof Dec) return a.cmp(b) === 0;
    throw new FormulaError(`Cannot compare ${show(a)} with ${show(b)}`);
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  if (isDateTime(a) && isDateTime(b)) return dateTimeToMs(a) === dateTimeToMs(b);
  return a === b;
}

/** Ordering for < <= > >=; null when either side is null. */
export function compare(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (a instanceof Dec && b instanceof Dec) return a.cmp(b);
  if (typeof a === 'string' && typeof b === 'string') {
    if ((isDateTime(a) || isDate(a)) && (isDateTime(b) || isDate(b)) && (isDateTime(a) || isDateTime(b))) {
      return Math.sign(instant(a) - instant(b));
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new FormulaError(`Cannot compare ${show(a)} with ${show(b)}`);
}

function instant(v: Value): number {
  return isDate(v) ? dateToDays(v)! * DAY_MS : dateTimeToMs(v);
}

export { DAY_MS };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

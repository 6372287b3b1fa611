import { formatDateTime } from '../clock.ts';
import { roundToScale } from '../decimal.ts';
import { SfError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { FieldDef } from '../schema/types.ts';

/**
 * Turns a value received over the API into the stored form of `f`, or throws the error Salesforce
 * gives for it. `csv` values come from Bulk API 2.0 and are always text.
 */
export function coerceValue(f: FieldDef, raw: unknown, source: 'json' | 'csv'): unknown {
  if (raw === null || raw === undefined) return null;
  if (source === 'csv' && raw === '') return null;
  switch (f.type) {
    case 'boolean':
      return coerceBoolean(f, raw);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return coerceNumber(f, raw);
    case 'date':
      return coerceDate(f, raw);
    case 'datetime':
      return coerceDateTime(f, raw);
    case 'reference':
    case 'id':
      return coerceId(f, raw);
    case 'multipicklist':
      return coerceText(f, Array.isArray(raw) ? raw.join(';') : raw);
    default:
      return coerceText(f, raw);
  }
}

function parserError(f: FieldDef, raw: unknown, javaType: string): SfError {
  return new SfError(
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${javaType} from VALUE_STRING value ${String(raw)} or request may be missing a required field`,
    400,
    [f.name],
  );
}

function coerceBoolean(f: FieldDef, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const lower = raw.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
  }
  throw parserError(f, raw, 'boolean');
}

function coerceNumber(f: FieldDef, raw: unknown): number {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw)) n = Number(raw);
  else throw parserError(f, raw, f.type === 'int' ? 'int' : 'double');
  if (!Number.isFinite(n)) throw parserError(f, raw, 'double');
  if (f.type === 'int') {
    if (!Number.isInteger(n)) throw parserError(f, raw, 'int');
    return n;
  }
  const rounded = roundToScale(n, f.scale);
  const integerDigits = Math.abs(Math.trunc(rounded)).toString().length;
  if (f.precision > 0 && integerDigits > f.precision - f.scale) {
    throw new SfError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `${f.label}: value outside of valid range on numeric field: ${raw}`,
      400,
      [f.name],
    );
  }
  return rounded;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function coerceDate(f: FieldDef, raw: unknown): string {
  const m = typeof raw === 'string' ? DATE.exec(raw.trim()) : null;
  if (!m || !isCalendarDate(+m[1], +m[2], +m[3])) throw parserError(f, raw, 'date');
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function coerceDateTime(f: FieldDef, raw: unknown): string {
  if (typeof raw === 'string') {
    const text = raw.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text)
      ? Date.parse(/T/.test(text) && !/(Z|[+-]\d{2}:\d{2})$/.test(text) ? `${text}Z` : text)
      : Number.NaN;
    if (Number.isFinite(ms)) return formatDateTime(ms);
  }
  throw parserError(f, raw, 'datetime');
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function coerceId(f: FieldDef, raw: unknown): string | null {
  if (typeof raw !== 'string') throw parserError(f, raw, 'id');
  if (raw === '') return null;
  const id = normalizeId(raw.trim());
  if (!id) {
    throw new SfError('MALFORMED_ID', `${f.label}: id value of incorrect type: ${raw}`, 400, [f.name]);
  }
  return id;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function coerceText(f: FieldDef, raw: unknown): string | null {
  if (typeof raw === 'object') throw parserError(f, JSON.stringify(raw), 'String');
  const text = String(raw);
  if (text === '') return null;
  if (f.length > 0 && text.length > f.length) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}(TRUNCATED)` : text;
    throw new SfError('STRING_TOO_LONG', `${f.label}: data value too large: ${shown} (max length=${f.length})`, 400, [
      f.name,
    ]);
  }
  if (f.type === 'email' && !EMAIL.test(text)) {
    throw new SfError('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${text}`, 400, [f.name]);
  }
  if ((f.type === 'picklist' || f.type === 'multipicklist') && f.restrictedPicklist) {
    const allowed = new Set(f.picklistValues.filter((p) => p.active).map((p) => p.value));
    const values = f.type === 'multipicklist' ? text.split(';') : [text];
    const bad = values.find((v) => !allowed.has(v));
    if (bad !== undefined) {
      throw new SfError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${f.label}: bad value for restricted picklist field: ${bad}`,
        400,
        [f.name],
      );
    }
  }
  return text;
}

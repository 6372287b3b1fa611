import { foldCase } from '../case-fold.ts';
import { normalizeId } from '../ids.ts';
import type { FieldDef } from '../schema/types.ts';
import type { QueryContext } from './context.ts';
import { resolveDateLiteral } from './date-literals.ts';
import { type At, invalidField, malformed, queryError } from './errors.ts';
import {
  canonicalDateTime,
  type Kind,
  kindOf,
  likeRegex,
  normDate,
  normDateTime,
  parseDateTime,
  parseNumber,
  soapTypeName,
  unescapeString,
} from './literals.ts';

/** A filter value after type checking: a plain value, a date-literal range, or a LIKE pattern. */
export type Literal =
  | { kind: 'null' }
  | { kind: 'value'; value: string | number | boolean; text: string }
  | { kind: 'range'; lo: string; hi: string }
  | { kind: 'like'; re: RegExp };

export type Test = (value: unknown) => boolean;

export interface Operand {
  field: FieldDef;
  kind: Kind;
  caseSensitive: boolean;
  /** Where the field is written in the query, for error carets. */
  at: At;
}

export function operand(field: FieldDef, at: At, kind: Kind = kindOf(field)): Operand {
  return { field, kind, caseSensitive: field.caseSensitive, at };
}

/** The comparable form of a stored value: text case-folded (unless case-sensitive), datetimes canonical. */
export function normalizer(kind: Kind, caseSensitive: boolean): (v: unknown) => unknown {
  switch (kind) {
    case 'multi':
      return (v) => (typeof v === 'string' && v !== '' ? multiKey(v) : null);
    case 'text':
    case 'time':
      return caseSensitive
        ? (v) => (typeof v === 'string' && v !== '' ? v : null)
        : (v) => (typeof v === 'string' && v !== '' ? foldCase(v) : null);
    case 'id':
      return (v) => (typeof v === 'string' && v !== '' ? v : null);
    case 'number':
      return (v) => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : null);
    // Salesforce treats a null checkbox as false: `Flag__c = null` matches unchecked rows.
    case 'boolean':
      return (v) => v === true;
    case 'date':
      return normDate;
    case 'datetime':
      return normDateTime;
    default:
      return (v) => (v === undefined ? null : v);
  }
}

/** Type-checks one literal from the parser against the field it is compared with. */
export function toLiteral(
  ctx: QueryContext,
  op: Operand,
  literalType: string | undefined,
  value: string,
  operator: string,
): Literal {
  const { kind, field } = op;
  const type = (literalType ?? '').toUpperCase();
  if (type === 'NULL') return { kind: 'null' };
  const mismatch = () => {
    const quoted = kind === 'text' || kind === 'multi' || kind === 'id' || kind === 'time';
    return invalidField(
      ctx.soql,
      op.at,
      `value of filter criterion for field '${field.name}' must be of type ${soapTypeName(field)} and should${quoted ? '' : ' not'} be enclosed in quotes`,
    );
  };
  if (operator === 'LIKE') {
    if (type !== 'STRING' || !(kind === 'text' || kind === 'id' || kind === 'multi')) throw mismatch();
    return { kind: 'like', re: likeRegex(value, op.caseSensitive) };
  }
  switch (type) {
    case 'STRING': {
      if (!(kind === 'text' || kind === 'multi' || kind === 'id' || kind === 'time')) throw mismatch();
      const text = unescapeString(value);
      // Salesforce stores no empty strings: '' is how SOQL spells null for text.
      if (text === '') return { kind: 'null' };
      if (kind === 'id') {
        const id = normalizeId(text);
        if (!id) throw queryError('INVALID_QUERY_FILTER_OPERATOR', ctx.soql, op.at, `invalid ID field: ${text}`);
        return { kind: 'value', value: id, text: id };
      }
      if (kind === 'multi') return { kind: 'value', value: multiKey(text), text };
      return { kind: 'value', value: op.caseSensitive ? text : foldCase(text), text };
    }
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX': {
      if (kind !== 'number') throw mismatch();
      const n = parseNumber(value);
      if (Number.isNaN(n)) throw malformed(ctx.soql, value, `unexpected token: '${value}'`);
      return { kind: 'value', value: n, text: value };
    }
    case 'BOOLEAN':
      if (kind !== 'boolean') throw mismatch();
      return { kind: 'value', value: value.toUpperCase() === 'TRUE', text: value };
    case 'DATE':
      if (kind !== 'date') throw mismatch();
      return { kind: 'value', value, text: value };
    case 'DATETIME': {
      if (kind !== 'datetime') throw mismatch();
      const ms = parseDateTime(value);
      if (Number.isNaN(ms)) throw malformed(ctx.soql, value, `unexpected token: '${value}'`);
      return { kind: 'value', value: canonicalDateTime(ms), text: value };
    }
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL': {
      if (kind !== 'date' && kind !== 'datetime') throw mismatch();
      const range = resolveDateLiteral(value, ctx.now, ctx.timeZone);
      if (!range) throw malformed(ctx.soql, value.split(':')[0], `unexpected token: '${value}'`);
      return kind === 'date'
        ? { kind: 'range', lo: range.startDate, hi: range.endDate }
        : { kind: 'range', lo: range.start, hi: range.end };
    }
    default:
      throw malformed(ctx.soql, value, `unexpected token: '${value}'`);
  }
}

function multiKey(text: string): string {
  return splitMulti(text).sort().join(';');
}

function splitMulti(text: string): string[] {
  return text
    .split(';')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

/**
 * Builds the test for `value <operator> literals`. SOQL is not SQL here: null is an ordinary
 * value for `=`, `!=`, `IN` and `NOT IN` (so `!= 'x'` and `NOT IN ('x')` match null rows, and
 * `IN (null)` matches them too), while ordering comparisons and LIKE are false for null.
 */
export function buildTest(ctx: QueryContext, op: Operand, operator: string, lits: Literal[]): Test {
  const norm = normalizer(op.kind, op.caseSensitive);
  switch (operator) {
    case '=':
      return equals(op, norm, lits[0]);
    case '!=':
    case '<>': {
      const eq = equals(op, norm, lits[0]);
      return (v) => !eq(v);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordering(norm, operator, lits[0]);
    case 'LIKE': {
      const lit = lits[0];
      if (lit.kind !== 'like') return () => false;
      const re = lit.re;
      return (v) => typeof v === 'string' && re.test(v);
    }
    case 'IN':
    case 'NOT IN':
      return membership(norm, operator === 'NOT IN', lits);
    case 'INCLUDES':
    case 'EXCLUDES': {
      if (op.kind !== 'multi') {
        throw invalidField(ctx.soql, op.at, `${operator} operator only valid on multipicklist field`);
      }
      const wanted = lits.filter((l) => l.kind === 'value').map((l) => splitMulti(l.text));
      const includes: Test = (v) => {
        if (typeof v !== 'string' || v === '') return false;
        const have = splitMulti(v);
        return wanted.some((parts) => parts.every((p) => have.includes(p)));
      };
      return operator === 'INCLUDES' ? includes : (v) => !includes(v);
    }
    default:
      throw malformed(ctx.soql, operator, `unexpected token: '${operator}'`);
  }
}

function equals(op: Operand, norm: (v: unknown) => unknown, lit: Literal): Test {
  if (lit.kind === 'null') {
    if (op.kind === 'boolean') return (v) => v !== true;
    return (v) => norm(v) === null;
  }
  if (lit.kind === 'range') {
    const { lo, hi } = lit;
    return (v) => {
      const n = norm(v) as string | null;
      return n !== null && n >= lo && n < hi;
    };
  }
  if (lit.kind !== 'value') return () => false;
  const want = lit.value;
  if (op.kind === 'text' && !op.caseSensitive) {
    // The same fold as IN and ORDER BY (a regex's `i` flag folds some characters differently);
    // an exact match needs no folded copy.
    const text = lit.text;
    return (v) => typeof v === 'string' && (v === text || foldCase(v) === want);
  }
  if (op.kind === 'text' || op.kind === 'id') return (v) => v === want;
  if (op.kind === 'boolean') return (v) => (v === true) === want;
  return (v) => norm(v) === want;
}

function ordering(norm: (v: unknown) => unknown, operator: string, lit: Literal): Test {
  if (lit.kind === 'range') {
    // A date literal is a span of time: `>` means after its end, `<` before its start.
    const { lo, hi } = lit;
    const bound = operator === '<' || operator === '>=' ? lo : hi;
    const below = operator === '<' || operator === '<=';
    return (v) => {
      const n = norm(v) as string | null;
      return n !== null && (below ? n < bound : n >= bound);
    };
  }
  if (lit.kind !== 'value') return () => false;
  const want = lit.value;
  switch (operator) {
    case '<':
      return (v) => {
        const n = norm(v);
        return n !== null && (n as typeof want) < want;
      };
    case '<=':
      return (v) => {
        const n = norm(v);
        return n !== null && (n as typeof want) <= want;
      };
    case '>':
      return (v) => {
        const n = norm(v);
        return n !== null && (n as typeof want) > want;
      };
    default:
      return (v) => {
        const n = norm(v);
        return n !== null && (n as typeof want) >= want;
      };
  }
}

function membership(norm: (v: unknown) => unknown, negate: boolean, lits: Literal[]): Test {
  const values = new Set<unknown>();
  const ranges: Array<{ lo: string; hi: string }> = [];
  let hasNull = false;
  for (const lit of lits) {
    if (lit.kind === 'null') hasNull = true;
    else if (lit.kind === 'value') values.add(lit.value);
    else if (lit.kind === 'range') ranges.push(lit);
  }
  const test = (n: unknown) => {
    if (values.has(n)) return true;
    for (const r of ranges) if ((n as string) >= r.lo && (n as string) < r.hi) return true;
    return false;
  };
  const inList: Test = (v) => {
    const n = norm(v);
    return n === null ? hasNull : test(n);
  };
  return negate ? (v) => !inList(v) : inList;
}

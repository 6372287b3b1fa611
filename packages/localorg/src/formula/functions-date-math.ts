import { Dec, FormulaValueError } from './dec.ts';
import type { Value } from './parser.ts';
import type { Compiled, Ctx, FnSpec } from './scope.ts';
import { FormulaError } from './tokenizer.ts';
import {
  asDate,
  asInt,
  asNumber,
  compare,
  DAY_MS,
  dateTimeToMs,
  daysFromParts,
  daysInMonth,
  daysToDate,
  isDate,
  isDateTime,
  msToDateTime,
  parts,
  show,
} from './values.ts';

const MANY = Number.POSITIVE_INFINITY;

/** A one-number-in, one-number-out function where a blank input gives a blank result. */
function numeric(name: string, op: (d: Dec) => Dec): FnSpec {
  return {
    min: 1,
    max: 1,
    impl([a], ctx) {
      const d = asNumber(a(ctx), name);
      return d === null ? null : op(d);
    },
  };
}

function datePart(name: string, pick: (p: { y: number; m: number; d: number }) => number): FnSpec {
  return {
    min: 1,
    max: 1,
    impl([a], ctx) {
      const date = asDate(a(ctx), name);
      return date === null ? null : Dec.int(pick(parts(date)));
    },
  };
}

function extreme(name: string, sign: number): FnSpec {
  return {
    min: 1,
    max: MANY,
    impl(args: Compiled[], ctx: Ctx): Value {
      let best: Value = null;
      for (const a of args) {
        const v = a(ctx);
        // A blank argument makes the result blank, as with arithmetic under "treat blanks as blanks".
        if (v === null) return null;
        if (best === null || compare(v, best)! * sign > 0) best = v;
      }
      if (!(best instanceof Dec) && !isDate(best) && !isDateTime(best)) {
        throw new FormulaError(`${name} expects numbers, got ${show(best)}`);
      }
      return best;
    },
  };
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `ms` in `timeZone`, which is what TODAY() means for the org. */
export function localDate(ms: number, timeZone: string): string {
  let fmt = dayFormatters.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new FormulaError(`Unknown time zone ${timeZone}`);
    }
    dayFormatters.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year.padStart(4, '0')}-${p.month}-${p.day}`;
}

function addMonths(date: string, months: number): string {
  const { y, m, d } = parts(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  if (ny < 1 || ny > 9999) throw new FormulaValueError('ADDMONTHS: date out of range');
  const lastDay = daysInMonth(ny, nm);
  // Month-end stays month-end (Jan 31 → Feb 29 → Mar 31), as Salesforce documents for ADDMONTHS.
  const day = d === daysInMonth(y, m) ? lastDay : Math.min(d, lastDay);
  return daysToDate(daysFromParts(ny, nm, day)!);
}

export const DATE_FUNCTIONS: Record<string, FnSpec> = {
  TODAY: { min: 0, max: 0, impl: (_, ctx) => localDate(ctx.scope.now(), ctx.scope.timeZone) },
  NOW: { min: 0, max: 0, impl: (_, ctx) => msToDateTime(ctx.scope.now()) },
  DATE: {
    min: 3,
    max: 3,
    impl([y, m, d], ctx) {
      const [year, month, day] = [asInt(y(ctx), 'DATE'), asInt(m(ctx), 'DATE'), asInt(d(ctx), 'DATE')];
      if (year === null || month === null || day === null) return null;
      const days = daysFromParts(year, month, day);
      if (days === null) throw new FormulaValueError(`DATE(${year}, ${month}, ${day}) is not a valid date`);
      return daysToDate(days);
    },
  },
  DATEVALUE: {
    min: 1,
    max: 1,
    impl([a], ctx) {
      const v = a(ctx);
      if (v === null || v === '') return null;
      if (typeof v === 'string' && !isDate(v) && !isDateTime(v)) {
        // Text such as '2024-05-01 10:00:00' names a date by its first ten characters.
        const head = v.trim().slice(0, 10);
        if (isDate(head) && /^(?:$|[ T])/.test(v.trim().slice(10))) return head;
        throw new FormulaValueError(`DATEVALUE: "${v}" is not a date`);
      }
      return asDate(v, 'DATEVALUE');
    },
  },
  YEAR: datePart('YEAR', (p) => p.y),
  MONTH: datePart('MONTH', (p) => p.m),
  DAY: datePart('DAY', (p) => p.d),
  ADDMONTHS: {
    min: 2,
    max: 2,
    impl([a, n], ctx) {
      const v = a(ctx);
      const months = asInt(n(ctx), 'ADDMONTHS');
      const date = asDate(v, 'ADDMONTHS');
      if (date === null || months === null) return null;
      if (!isDateTime(v)) return addMonths(date, months);
      const timeOfDay = dateTimeToMs(v) - Math.floor(dateTimeToMs(v) / DAY_MS) * DAY_MS;
      const shifted = addMonths(date, months);
      return msToDateTime(daysFromParts(parts(shifted).y, parts(shifted).m, parts(shifted).d)! * DAY_MS + timeOfDay);
    },
  },
};

export const MATH_FUNCTIONS: Record<string, FnSpec> = {
  ROUND: {
    min: 2,
    max: 2,
    impl([a, digits], ctx) {
      const d = asNumber(a(ctx), 'ROUND');
      const places = asInt(digits(ctx), 'ROUND');
      return d === null || places === null ? null : d.round(places);
    },
  },
  ABS: numeric('ABS', (d) => d.abs()),
  FLOOR: numeric('FLOOR', (d) => d.floor()),
  CEILING: numeric('CEILING', (d) => d.ceil()),
  MAX: extreme('MAX', 1),
  MIN: extreme('MIN', -1),
  MOD: {
    min: 2,
    max: 2,
    impl([a, b], ctx) {
      const x = asNumber(a(ctx), 'MOD');
      const y = asNumber(b(ctx), 'MOD');
      return x === null || y === null ? null : x.mod(y);
    },
  },
};

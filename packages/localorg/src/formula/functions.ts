import { Dec, FormulaValueError } from './dec.ts';
import { DATE_FUNCTIONS, MATH_FUNCTIONS } from './functions-date-math.ts';
import type { Value } from './parser.ts';
import type { Compiled, Ctx, FnSpec } from './scope.ts';
import { FormulaError } from './tokenizer.ts';
import { asBool, asInt, asText, dateTimeToMs, equals, isBlank, isDateTime } from './values.ts';

const text = (a: Compiled, ctx: Ctx): string => asText(a(ctx));
const MANY = Number.POSITIVE_INFINITY;

const LOGICAL: Record<string, FnSpec> = {
  AND: {
    min: 1,
    max: MANY,
    impl(args, ctx) {
      let unknown = false;
      for (const a of args) {
        const v = asBool(a(ctx), 'AND');
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    },
  },
  OR: {
    min: 1,
    max: MANY,
    impl(args, ctx) {
      let unknown = false;
      for (const a of args) {
        const v = asBool(a(ctx), 'OR');
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    },
  },
  NOT: {
    min: 1,
    max: 1,
    impl: ([a], ctx) => {
      const v = asBool(a(ctx), 'NOT');
      return v === null ? null : !v;
    },
  },
  IF: {
    min: 3,
    max: 3,
    impl: ([cond, then, otherwise], ctx) => (asBool(cond(ctx), 'IF') === true ? then(ctx) : otherwise(ctx)),
  },
  CASE: {
    min: 4,
    max: MANY,
    check(args) {
      if (args.length % 2 !== 0) {
        throw new FormulaError(
          'CASE needs an expression, value/result pairs and an else result (an even number of arguments)',
        );
      }
    },
    impl(args, ctx) {
      const subject = args[0](ctx);
      for (let i = 1; i < args.length - 1; i += 2) {
        if (equals(subject, args[i](ctx)) === true) return args[i + 1](ctx);
      }
      return args[args.length - 1](ctx);
    },
  },
  ISBLANK: { min: 1, max: 1, impl: ([a], ctx) => isBlank(a(ctx)) },
  ISNULL: { min: 1, max: 1, impl: ([a], ctx) => a(ctx) === null },
  BLANKVALUE: {
    min: 2,
    max: 2,
    impl([a, fallback], ctx) {
      const v = a(ctx);
      return isBlank(v) ? fallback(ctx) : v;
    },
  },
  NULLVALUE: {
    min: 2,
    max: 2,
    impl([a, fallback], ctx) {
      const v = a(ctx);
      return v === null ? fallback(ctx) : v;
    },
  },
  ISPICKVAL: { min: 2, max: 2, impl: ([a, b], ctx) => text(a, ctx) === text(b, ctx) },
  INCLUDES: {
    min: 2,
    max: 2,
    impl([a, b], ctx) {
      const wanted = text(b, ctx);
      return wanted !== '' && text(a, ctx).split(';').includes(wanted);
    },
  },
};

const TEXT: Record<string, FnSpec> = {
  LEN: { min: 1, max: 1, impl: ([a], ctx) => Dec.int(text(a, ctx).length) },
  TEXT: { min: 1, max: 1, impl: ([a], ctx) => textOf(a(ctx)) },
  VALUE: {
    min: 1,
    max: 1,
    impl([a], ctx) {
      const t = text(a, ctx).trim();
      if (t === '') return null;
      const d = /^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(t) ? Dec.parse(t) : null;
      if (!d) throw new FormulaValueError(`VALUE: "${t}" is not a number`);
      return d;
    },
  },
  UPPER: { min: 1, max: 2, impl: ([a], ctx) => text(a, ctx).toUpperCase() },
  LOWER: { min: 1, max: 2, impl: ([a], ctx) => text(a, ctx).toLowerCase() },
  BEGINS: { min: 2, max: 2, impl: ([a, b], ctx) => text(a, ctx).startsWith(text(b, ctx)) },
  CONTAINS: { min: 2, max: 2, impl: ([a, b], ctx) => text(a, ctx).includes(text(b, ctx)) },
  LEFT: {
    min: 2,
    max: 2,
    impl([a, n], ctx) {
      const count = asInt(n(ctx), 'LEFT');
      return count === null ? '' : text(a, ctx).slice(0, Math.max(0, count));
    },
  },
  RIGHT: {
    min: 2,
    max: 2,
    impl([a, n], ctx) {
      const count = asInt(n(ctx), 'RIGHT');
      const s = text(a, ctx);
      return count === null || count <= 0 ? '' : s.slice(Math.max(0, s.length - count));
    },
  },
  MID: {
    min: 3,
    max: 3,
    impl([a, start, n], ctx) {
      const from = asInt(start(ctx), 'MID');
      const count = asInt(n(ctx), 'MID');
      if (from === null || count === null || count <= 0) return '';
      const begin = Math.max(1, from) - 1;
      return text(a, ctx).slice(begin, begin + count);
    },
  },
  TRIM: { min: 1, max: 1, impl: ([a], ctx) => text(a, ctx).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '') },
  SUBSTITUTE: {
    min: 3,
    max: 3,
    impl([a, from, to], ctx) {
      const needle = text(from, ctx);
      const s = text(a, ctx);
      return needle === '' ? s : s.split(needle).join(text(to, ctx));
    },
  },
  REGEX: {
    min: 2,
    max: 2,
    check([, pattern]) {
      if (pattern.kind === 'literal' && typeof pattern.value === 'string') fullMatch(pattern.value);
    },
    impl: ([a, pattern], ctx) => fullMatch(text(pattern, ctx)).test(text(a, ctx)),
  },
};

/** Salesforce's TEXT(): plain numbers, datetimes as 'YYYY-MM-DD HH:MM:SSZ' in GMT. */
function textOf(v: Value): string {
  if (isDateTime(v)) {
    return `${new Date(dateTimeToMs(v)).toISOString().slice(0, 19).replace('T', ' ')}Z`;
  }
  return asText(v);
}

const regexCache = new Map<string, RegExp>();

/** REGEX must match the whole text, as Java's Matcher.matches does in Salesforce. */
function fullMatch(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      throw new FormulaError(
        `REGEX: invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`,
      );
    }
    regexCache.set(pattern, re);
  }
  return re;
}

export const FUNCTIONS: Record<string, FnSpec> = { ...LOGICAL, ...TEXT, ...DATE_FUNCTIONS, ...MATH_FUNCTIONS };

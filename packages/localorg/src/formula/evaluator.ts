import { Dec } from './dec.ts';
import { FUNCTIONS } from './functions.ts';
import type { Node, Value } from './parser.ts';
import type { Compiled, Ctx } from './scope.ts';
import { FormulaError } from './tokenizer.ts';
import {
  asBool,
  asNumber,
  asText,
  compare,
  DAY_MS,
  dateTimeToMs,
  dateToDays,
  daysToDate,
  equals,
  isBlank,
  isDate,
  isDateTime,
  msToDateTime,
  show,
} from './values.ts';

/** Functions that look at the saved record rather than at values, so they take a bare field name. */
const FIELD_FUNCTIONS = new Set(['ISCHANGED', 'PRIORVALUE']);

/** Turns the syntax tree into nested closures once, so evaluation does no tree walking or lookups. */
export function compileNode(node: Node): Compiled {
  switch (node.kind) {
    case 'literal': {
      const v = node.value;
      return () => v;
    }
    case 'ref': {
      const path = node.path;
      return (ctx) => ctx.get(path);
    }
    case 'unary':
      return compileUnary(node.op, compileNode(node.arg));
    case 'binary':
      return compileBinary(node);
    case 'call':
      return compileCall(node);
  }
}

function compileUnary(op: string, arg: Compiled): Compiled {
  if (op === '!') {
    return (ctx) => {
      const v = asBool(arg(ctx), "'!'");
      return v === null ? null : !v;
    };
  }
  const negate = op === '-';
  return (ctx) => {
    const d = asNumber(arg(ctx), `unary '${op}'`);
    return d === null ? null : negate ? d.neg() : d;
  };
}

function compileBinary(node: Extract<Node, { kind: 'binary' }>): Compiled {
  const { op } = node;
  // `X = NULL` is how formulas ask "is X blank"; it is not a null comparison (which is never true).
  if (op === '=' || op === '==' || op === '!=' || op === '<>') {
    const nullSide = isNullLiteral(node.left) ? node.right : isNullLiteral(node.right) ? node.left : null;
    if (nullSide) {
      const other = compileNode(nullSide);
      const wantBlank = op === '=' || op === '==';
      return (ctx) => isBlank(other(ctx)) === wantBlank;
    }
  }
  const left = compileNode(node.left);
  const right = compileNode(node.right);
  switch (op) {
    case '&&':
      return (ctx) => {
        const a = asBool(left(ctx), "'&&'");
        if (a === false) return false;
        const b = asBool(right(ctx), "'&&'");
        return b === false ? false : a === null || b === null ? null : true;
      };
    case '||':
      return (ctx) => {
        const a = asBool(left(ctx), "'||'");
        if (a === true) return true;
        const b = asBool(right(ctx), "'||'");
        return b === true ? true : a === null || b === null ? null : false;
      };
    case '=':
    case '==':
      return (ctx) => equals(left(ctx), right(ctx));
    case '!=':
    case '<>':
      return (ctx) => {
        const eq = equals(left(ctx), right(ctx));
        return eq === null ? null : !eq;
      };
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const test = RELATIONS[op];
      return (ctx) => {
        const c = compare(left(ctx), right(ctx));
        return c === null ? null : test(c);
      };
    }
    case '&':
      return (ctx) => asText(left(ctx)) + asText(right(ctx));
    case '+':
      return (ctx) => add(left(ctx), right(ctx));
    case '-':
      return (ctx) => subtract(left(ctx), right(ctx));
    default: {
      const apply = ARITHMETIC[op];
      return (ctx) => {
        const a = asNumber(left(ctx), `'${op}'`);
        const b = asNumber(right(ctx), `'${op}'`);
        return a === null || b === null ? null : apply(a, b);
      };
    }
  }
}

const RELATIONS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

const ARITHMETIC: Record<string, (a: Dec, b: Dec) => Dec> = {
  '*': (a, b) => a.mul(b),
  '/': (a, b) => a.div(b),
  '^': (a, b) => a.pow(b),
};

const isNullLiteral = (n: Node): boolean => n.kind === 'literal' && n.value === null;
const isTemporal = (v: Value): boolean => isDate(v) || isDateTime(v);

function add(a: Value, b: Value): Value {
  if (a instanceof Dec && b instanceof Dec) return a.add(b);
  if (isTemporal(a) && b instanceof Dec) return shift(a, b);
  if (a instanceof Dec && isTemporal(b)) return shift(b, a);
  if (a === null || b === null) {
    // Text + blank is the text; a blank number or date makes the sum blank.
    const other = a === null ? b : a;
    return typeof other === 'string' && !isTemporal(other) ? other : null;
  }
  if (typeof a === 'string' && typeof b === 'string' && !(isTemporal(a) && isTemporal(b))) return a + b;
  throw new FormulaError(`Cannot add ${show(a)} and ${show(b)}`);
}

function subtract(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (a instanceof Dec && b instanceof Dec) return a.sub(b);
  if (isTemporal(a) && b instanceof Dec) return shift(a, b.neg());
  if (isDate(a) && isDate(b)) return Dec.int(dateToDays(a)! - dateToDays(b)!);
  if (isDateTime(a) && isDateTime(b)) return Dec.int(dateTimeToMs(a) - dateTimeToMs(b)).div(Dec.int(DAY_MS));
  throw new FormulaError(`Cannot subtract ${show(b)} from ${show(a)}`);
}

/** Date + days keeps whole days; datetime + days may add fractions of a day. */
function shift(t: Value, days: Dec): string {
  if (isDate(t)) return daysToDate(dateToDays(t)! + days.trunc().toNumber());
  return msToDateTime(dateTimeToMs(t) + days.mul(Dec.int(DAY_MS)).round(0).toNumber());
}

function compileCall(node: Extract<Node, { kind: 'call' }>): Compiled {
  const { name, args } = node;
  if (name === 'ISNEW') {
    arity(name, args, 0, 0);
    return (ctx) => ctx.scope.isNew;
  }
  if (FIELD_FUNCTIONS.has(name)) {
    arity(name, args, 1, 1);
    const ref = args[0];
    if (ref.kind !== 'ref') throw new FormulaError(`${name} expects a field, not an expression`);
    const path = ref.path;
    if (name === 'PRIORVALUE') {
      // On insert Salesforce returns the new value rather than null.
      return (ctx) => (ctx.scope.isNew ? ctx.get(path) : ctx.prior(path));
    }
    return (ctx) => !ctx.scope.isNew && !sameValue(ctx.prior(path), ctx.get(path));
  }
  const spec = FUNCTIONS[name];
  if (!spec) throw new FormulaError(`Unknown function ${name}. Check spelling.`);
  arity(name, args, spec.min, spec.max);
  spec.check?.(args);
  const compiled = args.map(compileNode);
  return (ctx: Ctx) => spec.impl(compiled, ctx);
}

function arity(name: string, args: Node[], min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
  throw new FormulaError(
    `Incorrect number of parameters for function '${name}()'. Expected ${expected}, received ${args.length}`,
  );
}

function sameValue(a: Value, b: Value): boolean {
  if (isBlank(a) || isBlank(b)) return isBlank(a) && isBlank(b);
  if (a instanceof Dec && b instanceof Dec) return a.cmp(b) === 0;
  if (isDateTime(a) && isDateTime(b)) return dateTimeToMs(a) === dateTimeToMs(b);
  return a === b;
}

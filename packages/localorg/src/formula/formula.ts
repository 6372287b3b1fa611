/**
 * The Salesforce formula language subset used by formula fields and validation rules. Formulas are
 * parsed once into closures; numbers are exact decimals; dates and datetimes are the API's strings.
 */
import { fromScaled, toScaled } from '../decimal.ts';
import type { FieldType } from '../schema/types.ts';
import { Dec, FormulaValueError } from './dec.ts';
import { compileNode } from './evaluator.ts';
import { collectFunctions, collectReferences, type Node, parse, type Value } from './parser.ts';
import type { Ctx, FormulaScope } from './scope.ts';
import { FormulaError } from './tokenizer.ts';
import {
  asDate,
  asText,
  dateTimeToMs,
  fromField,
  isDate,
  isDateTime,
  msToDateTime,
  show,
  TEXT_TYPES,
} from './values.ts';

export type { FormulaScope } from './scope.ts';
export { FormulaError };

export type FormulaResultType = FieldType | 'boolean';
export type CompiledFormula = (scope: FormulaScope) => unknown;

const NUMBER_RESULTS = new Set<FormulaResultType>(['currency', 'double', 'percent', 'int']);

const compiledCache = new Map<string, CompiledFormula>();
const parsedCache = new Map<string, Node>();

function parseCached(text: string): Node {
  let node = parsedCache.get(text);
  if (!node) {
    node = parse(text);
    parsedCache.set(text, node);
  }
  return node;
}

/**
 * Parses once (cached by text, type and scale) and returns an evaluator. Throws FormulaError on
 * syntax errors, unknown functions and wrong argument counts.
 *
 * The evaluator returns API-shaped values: numbers (rounded to `scale`; currency defaults to 2),
 * 'YYYY-MM-DD' dates, '…+0000' datetimes, strings (blank text is null) and, for 'boolean', true
 * or false with null counting as false. Values Salesforce shows as `#Error!` (division by zero,
 * an impossible DATE) come back as null.
 */
export function compileFormula(text: string, resultType: FormulaResultType, scale?: number): CompiledFormula {
  const key = `${resultType}\u0000${scale ?? ''}\u0000${text}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    const body = compileNode(parseCached(text));
    compiled = (scope) => {
      let value: Value;
      try {
        value = body(context(scope));
      } catch (error) {
        if (error instanceof FormulaValueError) value = null;
        else throw error;
      }
      return toResult(value, resultType, scale, scope.fieldType !== undefined);
    };
    compiledCache.set(key, compiled);
  }
  return compiled;
}

/** Field paths a formula references, in first-use order (for validation at load time). */
export function formulaReferences(text: string): string[] {
  return collectReferences(parseCached(text));
}

/** Upper-cased names of the functions a formula calls (to refuse ISCHANGED in formula fields). */
export function formulaFunctions(text: string): string[] {
  return collectFunctions(parseCached(text));
}

function context(scope: FormulaScope): Ctx {
  return {
    scope,
    get: (path) => fromField(scope.get(path), path, scope.fieldType?.(path)),
    prior: (path) => fromField(scope.prior(path), path, scope.fieldType?.(path)),
  };
}

function toResult(v: Value, type: FormulaResultType, scale: number | undefined, typedScope: boolean): unknown {
  if (type === 'boolean') {
    if (v !== null && typeof v !== 'boolean')
      throw new FormulaError(`Formula result is ${show(v)}, expected a boolean`);
    return v === true;
  }
  if (NUMBER_RESULTS.has(type)) {
    if (v === null) return null;
    if (!(v instanceof Dec)) throw new FormulaError(`Formula result is ${show(v)}, expected a number`);
    // A typed scope reads percents as fractions, so a percent result goes back to the API's 15 for 15%.
    const d = type === 'percent' && typedScope ? v.mul(Dec.int(100)) : v;
    const digits = type === 'int' ? 0 : (scale ?? (type === 'currency' ? 2 : undefined));
    return digits === undefined ? d.toNumber() : fromScaled(toScaled(d.toString(), digits), digits);
  }
  if (TEXT_TYPES.has(type)) {
    const s = asText(v);
    return s === '' ? null : s;
  }
  if (v === null || v === '') return null;
  if (type === 'date') {
    if (!isDate(v) && !isDateTime(v)) throw new FormulaError(`Formula result is ${show(v)}, expected a date`);
    return asDate(v, 'date formula');
  }
  if (type === 'datetime') {
    if (isDate(v)) return `${v as string}T00:00:00.000+0000`;
    if (!isDateTime(v)) throw new FormulaError(`Formula result is ${show(v)}, expected a datetime`);
    return msToDateTime(dateTimeToMs(v));
  }
  return v instanceof Dec ? v.toNumber() : v;
}

import type { FieldType } from '../schema/types.ts';
import type { Node, Value } from './parser.ts';

/** What a formula can see of the record it is evaluated against. */
export interface FormulaScope {
  /** Field value or dotted parent path, e.g. 'Amount', 'Account.Name', 'Parent__r.Code__c'; may throw for unknown names. */
  get(path: string): unknown;
  /** Value before this update (null on insert). */
  prior(fieldName: string): unknown;
  /** True on insert. */
  isNew: boolean;
  /** Epoch ms of the org clock. */
  now(): number;
  /** IANA zone for TODAY(). */
  timeZone: string;
  /**
   * Optional: the type of the field behind a path. When given, blank text fields read as '' and
   * percent fields as fractions (15% → 0.15), as Salesforce formulas see them; without it values
   * are used as stored.
   */
  fieldType?(path: string): FieldType | undefined;
}

/** One evaluation: the scope plus field reads converted to formula values. */
export interface Ctx {
  scope: FormulaScope;
  get(path: string): Value;
  prior(path: string): Value;
}

export type Compiled = (ctx: Ctx) => Value;

export interface FnSpec {
  min: number;
  max: number;
  /** Arguments arrive unevaluated so IF, CASE, AND and OR can skip branches. */
  impl(args: Compiled[], ctx: Ctx): Value;
  /** Compile-time checks on the argument expressions (literal regexes, CASE's pairs). */
  check?(args: Node[]): void;
}

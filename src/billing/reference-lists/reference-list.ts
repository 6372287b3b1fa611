import type { ErrorCode } from '../../domain/errors.ts';

/**
 * What billing's reference lists (bill groups, AR terms, account categories) share: a table of values, each a
 * code that is the Salesforce picklist value, matched without regard to case, plus one attribute an add sets
 * (a name, or days), and accounts that refer to it. A `ReferenceList` says how one list differs; the list,
 * add, remove and "unknown value" logic is written once over it (reference-list.repo.ts, *-list-value.ts).
 */
export interface ReferenceList<Row extends ListRow = ListRow, View = unknown> {
  table: 'bill_groups' | 'ar_terms' | 'account_categories';
  /** The columns a row reads, in the order a view shows them (`accounts` follows). */
  columns: readonly ('id' | 'code' | ListAttribute['column'])[];
  /** The order lists come in: by code (case-insensitive, then exact) or by days. */
  orderBy: 'code' | 'days';
  attribute: ListAttribute;
  /** How messages name one value and the list: "bill group", "bill groups". */
  one: string;
  many: string;
  /** Where a value is added, as the "unknown" refusal tells: `revbridge <command> add`, `POST <path>`. */
  command: string;
  path: string;
  errors: { unknown: ErrorCode; taken: ErrorCode; inUse: ErrorCode };
  /**
   * The accounts column that refers to a value, the list column it holds (AR terms: the days, since accounts
   * keep days), and the account field named when the column's foreign key refuses a value removed meanwhile.
   */
  usedBy: { column: 'bill_group' | 'ar_term_days' | 'account_category'; holds: 'code' | 'days'; field: string };
  /** The end of the in-use refusal: what to do first. */
  inUseAdvice: string;
  toView(row: Row): View;
}

/** The row every list reads: its code, the attribute (and id) its columns name, and the accounts using it. */
export interface ListRow {
  id?: bigint;
  code: string;
  name?: string;
  days?: number;
  accounts: number;
}

export type AttributeValue = string | number;

/** The value an add sets beside the code: how it is parsed from the input, and how a refusal shows it. */
export interface ListAttribute {
  column: 'name' | 'days';
  /** From the add's input (null or absent: left out) to the value stored. */
  parse(value: AttributeValue | null | undefined, code: string): AttributeValue;
  /** No two values of the list share it, so an add can collide on it alone (it is then the field refused). */
  unique: boolean;
  /** How the refusal of an add names the value already there: `named "West coast"`, `with 30 days`. */
  describe(value: AttributeValue): string;
}

/** What an add is given: the code, and the attribute (a name may be left out; days may not). */
export interface ListValueInput {
  code: string;
  name?: string | null;
  days?: number;
}

/** What an add returns: the value, and whether it was new (false: the same one was already there). */
export interface Added<T> {
  value: T;
  created: boolean;
}

/** The list's noun to start a sentence: "Bill group", "AR term". */
export function sentenceNoun(list: ReferenceList): string {
  return list.one.charAt(0).toUpperCase() + list.one.slice(1);
}

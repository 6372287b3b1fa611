/** A value of a PostgreSQL array parameter: strings are quoted, the others written as they print. */
export type ArrayElement = string | number | bigint | boolean | null | undefined;

/**
 * An array parameter, sent as PostgreSQL's array literal built in one `join` (node-postgres asks a value
 * for its text through `toPostgres`). node-postgres's own serializer builds the literal one element at a
 * time by concatenation: on the sync's `unnest` inserts of 100k+ rows it allocated more memory than
 * anything else in the hub (1.6 GB per 350,000 records), and with it the garbage collector's work.
 */
export function pgArray(values: readonly ArrayElement[]): { toPostgres: () => string } {
  return { toPostgres: () => arrayLiteral(values) };
}

export function arrayLiteral(values: readonly ArrayElement[]): string {
  if (values.length === 0) return '{}';
  let strings = false;
  let nulls = false;
  for (const v of values) {
    if (v === null || v === undefined) nulls = true;
    else if (typeof v === 'string') strings = true;
  }
  // The common case, texts and no NULL: one join with the quotes in the separator.
  if (strings && !nulls) return `{"${values.map((v) => escapeElement(String(v))).join('","')}"}`;
  const parts = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    return typeof v === 'string' ? `"${escapeElement(v)}"` : String(v);
  });
  return `{${parts.join(',')}}`;
}

/** Backslashes and double quotes escaped, as inside a quoted array element. */
function escapeElement(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\"]/g, '\\$&') : text;
}

const NEEDS_ESCAPE = /[\\"]/;

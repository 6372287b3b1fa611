/**
 * What a command prints. `data` is the machine form (`--json`); `human` the default: a table, lines
 * of text, or nothing (then `data` is printed as indented JSON).
 */
export interface CommandOutput {
  data: unknown;
  human?: string | Table;
}

export interface Table {
  kind: 'table';
  columns: string[];
  rows: string[][];
  /** Printed instead of an empty table, e.g. "no invoices". */
  empty?: string;
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/**
 * A table for people: one row per item, cells from the column functions.
 *
 * @example
 * table(invoices, [
 *   { header: 'NUMBER', value: (i) => i.invoiceNumber },
 *   { header: 'TOTAL', value: (i) => i.total }, // { amount, currency } prints as "12.50 USD"
 * ], 'no invoices')
 */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[], empty?: string): Table {
  return {
    kind: 'table',
    columns: columns.map((c) => c.header),
    rows: rows.map((row) => columns.map((c) => cell(c.value(row)))),
    empty,
  };
}

export function renderHuman(output: CommandOutput): string {
  const { human, data } = output;
  if (human === undefined) return toJson(data);
  if (typeof human === 'string') return human;
  if (human.rows.length === 0 && human.empty !== undefined) return human.empty;
  const widths = human.columns.map((h, i) => Math.max(h.length, ...human.rows.map((r) => r[i].length)));
  // A column whose every cell is a number (amounts included) reads best right-aligned.
  const numeric = human.columns.map(
    (_, i) => human.rows.length > 0 && human.rows.every((r) => /^-?[\d.,]+( [A-Z]{3})?$|^$/.test(r[i])),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(human.columns), ...human.rows.map(line)].join('\n');
}

/** JSON for scripts: bigint ids and amounts as strings, Dates as ISO strings. */
export function toJson(data: unknown): string {
  return JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'amount' in value && 'currency' in value) {
    return `${String(value.amount)} ${String(value.currency)}`;
  }
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

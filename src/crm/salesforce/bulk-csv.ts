/**
 * The CSV dialect of Bulk API 2.0 (comma, LF, double quotes doubled), written and read here rather than
 * through jsforce: its bulk2 client cannot page query results (see salesforce-bulk.ts), and the ingest
 * results must be matched back to the input by key, which needs the raw columns.
 */

/** Bulk's "set this field to null"; an empty cell leaves the field unchanged. */
export const BULK_NULL = '#N/A';

/** One CSV document: the header, then a line per record. A field a record lacks is left empty (unchanged). */
export function toCsv(header: readonly string[], records: readonly Record<string, unknown>[]): string {
  const lines = [header.map(quote).join(',')];
  for (const record of records) lines.push(header.map((h) => quote(cell(record, h))).join(','));
  return `${lines.join('\n')}\n`;
}

function cell(record: Record<string, unknown>, field: string): string {
  if (!(field in record)) return '';
  const value = record[field];
  if (value === null || value === undefined || value === '') return BULK_NULL;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') throw new Error(`field ${field} holds an object; Bulk CSV takes scalar values only`);
  return String(value as string | number | boolean | bigint);
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Parses a CSV document into rows of cells (RFC 4180: quoted cells may hold commas, quotes and newlines).
 * Each cell is one slice of the text (a quoted one with its doubled quotes undone), never built a character
 * at a time: a results page of 25,000 rows would otherwise be millions of string fragments to collect.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const end = text.length;
  while (i < end) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      // A quoted cell runs to the quote not followed by another.
      let close = i + 1;
      let doubled = false;
      for (;;) {
        close = text.indexOf('"', close);
        if (close === -1) {
          close = end;
          break;
        }
        if (text.charCodeAt(close + 1) === QUOTE) {
          doubled = true;
          close += 2;
          continue;
        }
        break;
      }
      value = text.slice(i + 1, close);
      if (doubled) value = value.replace(/""/g, '"');
      i = close + 1;
    } else {
      let stop = i;
      while (stop < end) {
        const c = text.charCodeAt(stop);
        if (c === COMMA || c === LF || c === CR) break;
        stop++;
      }
      value = text.slice(i, stop);
      i = stop;
    }
    row.push(value);
    const c = i < end ? text.charCodeAt(i) : LF;
    if (c === COMMA) {
      i++;
      // A comma at the very end is one more, empty, cell.
      if (i === end) row.push('');
      continue;
    }
    // End of line (or of the text; text after a closing quote up to the separator is not CSV and is skipped).
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    if (c === CR || c === LF || i >= end) {
      rows.push(row);
      row = [];
      i++;
    } else {
      const next = text.slice(i).search(/[,\n\r]/);
      i = next === -1 ? end : i + next;
      if (text.charCodeAt(i) === COMMA) i++;
      else {
        rows.push(row);
        row = [];
        if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i++;
        i++;
      }
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Rows as objects keyed by the header row. */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

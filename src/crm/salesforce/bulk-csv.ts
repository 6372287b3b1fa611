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

/** Parses a CSV document into rows of cells (RFC 4180: quoted cells may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else value += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(value);
      value = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(value);
      rows.push(row);
      row = [];
      value = '';
    } else value += ch;
    i++;
  }
  if (value !== '' || row.length > 0) {
    row.push(value);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header row. */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

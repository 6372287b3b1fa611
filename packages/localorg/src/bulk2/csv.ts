/**
 * CSV as Bulk API 2.0 reads and writes it: RFC 4180 fields (quotes, doubled quotes, delimiters and
 * line breaks inside quotes), one of six column delimiters, and LF or CRLF as the record terminator
 * the job declares.
 */

export const COLUMN_DELIMITERS = {
  COMMA: ',',
  TAB: '\t',
  SEMICOLON: ';',
  PIPE: '|',
  CARET: '^',
  BACKQUOTE: '`',
} as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

export const LINE_ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;
export type LineEnding = keyof typeof LINE_ENDINGS;

/** The data cannot be read as CSV; the job fails with this message. */
export class CsvError extends Error {}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parses `text` into records (the header is the first). Terminators follow the job setting: with
 * CRLF a bare LF is data, as Salesforce reads it. A blank line is skipped and a leading BOM is
 * dropped. Scans character codes once, slicing unquoted fields, so a 150 MB upload costs one pass.
 */
export function parseCsv(text: string, delimiter: string, lineEnding: LineEnding): string[][] {
  const delim = delimiter.charCodeAt(0);
  const crlf = lineEnding === 'CRLF';
  const n = text.length;
  const records: string[][] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let record: string[] = [];
  let line = 1;
  while (i <= n) {
    let value: string;
    let quoted = false;
    if (text.charCodeAt(i) === QUOTE) {
      quoted = true;
      const startLine = line;
      let out = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvError(`Unterminated quoted field starting on line ${startLine}`);
        out += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          out += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      for (let k = out.indexOf('\n'); k >= 0; k = out.indexOf('\n', k + 1)) line++;
      value = out;
    } else {
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === delim || (c === LF && !crlf) || (c === CR && crlf && text.charCodeAt(i + 1) === LF)) break;
        i++;
      }
      value = text.slice(start, i);
    }
    record.push(value);
    if (i >= n) {
      if (!(record.length === 1 && value === '' && !quoted)) records.push(record);
      break;
    }
    const c = text.charCodeAt(i);
    if (c === delim) {
      i++;
      continue;
    }
    const endsRecord = crlf ? c === CR && text.charCodeAt(i + 1) === LF : c === LF;
    if (!endsRecord) {
      throw new CsvError(`Unexpected character after the closing quote on line ${line}: a quoted value must be followed by a delimiter or a line break`);
    }
    i += crlf ? 2 : 1;
    line++;
    if (!(record.length === 1 && value === '' && !quoted)) records.push(record);
    record = [];
  }
  return records;
}

/**
 * The terminator of the first line (outside quotes), or null for a single line. Salesforce fails a
 * job whose data does not use the line ending it declared, so the integration must get it right.
 */
export function firstLineEnding(text: string): LineEnding | null {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === LF && !inQuotes) return text.charCodeAt(i - 1) === CR ? 'CRLF' : 'LF';
  }
  return null;
}

/** Salesforce quotes every value it writes in result files. */
export function quoted(value: string): string {
  return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
}

/** A header cell echoed back as the client sent it, quoted only when it has to be. */
export function minimallyQuoted(value: string, delimiter: string): string {
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r')) {
    return quoted(value);
  }
  return value;
}

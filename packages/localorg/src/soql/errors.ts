import { SfError } from '../errors.ts';

/**
 * Salesforce prefixes every SOQL error with the offending line, a caret under the column it
 * blames, and `ERROR at Row:r:Column:c`. The parser gives no positions, so callers name the text
 * to point at and `locate` finds it (outside string literals); the first match is close enough.
 */
export function queryError(code: string, soql: string, at: At, message: string): SfError {
  const offset = typeof at === 'number' ? at : at === undefined ? -1 : locate(soql, at);
  return new SfError(code, caret(soql, Math.max(offset, 0)) + message);
}

export const malformed = (soql: string, at: At, message: string) => queryError('MALFORMED_QUERY', soql, at, message);

export type At = number | string | undefined;

export const invalidField = (soql: string, at: At, message: string) => queryError('INVALID_FIELD', soql, at, message);

export function noSuchColumn(soql: string, at: At, field: string, object: string): SfError {
  return invalidField(
    soql,
    at,
    `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function unknownRelationship(soql: string, at: At, name: string): SfError {
  return invalidField(
    soql,
    at,
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

function caret(soql: string, offset: number): string {
  const clamped = Math.min(offset, soql.length);
  const lineStart = soql.lastIndexOf('\n', clamped - 1) + 1;
  let lineEnd = soql.indexOf('\n', clamped);
  if (lineEnd < 0) lineEnd = soql.length;
  let row = 1;
  for (let i = 0; i < lineStart; i++) if (soql.charCodeAt(i) === 10) row++;
  const column = clamped - lineStart + 1;
  const line = soql.slice(lineStart, lineEnd).replace(/\r$/, '');
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n`;
}

/** Where `text` appears after `keyword` (so a WHERE error does not point into the SELECT list). */
export function after(soql: string, keyword: string, text: string): number | string {
  const from = locate(soql, keyword);
  const at = from < 0 ? -1 : locate(soql, text, from);
  return at < 0 ? text : at;
}

/** Offset of the first occurrence of `text` as a whole token outside string literals, or -1. */
export function locate(soql: string, text: string, from = 0): number {
  if (text === '') return -1;
  const lower = soql.toLowerCase();
  const needle = text.toLowerCase();
  const wordy = /^[\w.]/.test(needle);
  let inString = false;
  for (let i = 0; i < soql.length; i++) {
    const ch = soql[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === "'") inString = false;
      continue;
    }
    if (ch === "'" && needle[0] !== "'") {
      inString = true;
      continue;
    }
    if (i < from || !lower.startsWith(needle, i)) continue;
    if (wordy && (isWordChar(lower[i - 1]) || isWordChar(lower[i + needle.length]))) continue;
    return i;
  }
  return -1;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w.]/.test(ch);
}

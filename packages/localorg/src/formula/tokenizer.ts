/** Thrown for formulas Salesforce would refuse to save: syntax errors, unknown functions, wrong arity. */
export class FormulaError extends Error {
  override name = 'FormulaError';
}

export type TokenType = 'number' | 'string' | 'ident' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  type: TokenType;
  value: string;
  /** 0-based offset in the formula text, for error messages. */
  pos: number;
}

const OPERATORS = ['&&', '||', '==', '!=', '<>', '<=', '>=', '+', '-', '*', '/', '^', '&', '=', '<', '>', '!'];
const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new FormulaError(`Syntax error: comment opened at position ${i} is not closed`);
      i = end + 2;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(text.slice(i));
      if (!m) throw new FormulaError(`Syntax error: unexpected '.' at position ${i}`);
      tokens.push({ type: 'number', value: m[0], pos: i });
      i += m[0].length;
    } else if (ch === '"' || ch === "'") {
      const [value, end] = readString(text, i);
      tokens.push({ type: 'string', value, pos: i });
      i = end;
    } else if (IDENT_START.test(ch)) {
      const start = i;
      i = readName(text, i);
      // Relationship paths (`Account.Owner.Name`) are one token: dots bind tighter than any operator.
      while (text[i] === '.' && IDENT_START.test(text[i + 1] ?? '')) i = readName(text, i + 1);
      tokens.push({ type: 'ident', value: text.slice(start, i), pos: start });
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch, value: ch, pos: i });
      i++;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) throw new FormulaError(`Syntax error: unexpected character '${ch}' at position ${i}`);
      tokens.push({ type: 'op', value: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ type: 'eof', value: '', pos: text.length });
  return tokens;
}

function readName(text: string, i: number): number {
  i++;
  while (i < text.length && IDENT_PART.test(text[i])) i++;
  return i;
}

function readString(text: string, start: number): [string, number] {
  const quote = text[start];
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === quote) return [out, i + 1];
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new FormulaError(`Syntax error: bad \\u escape at position ${i}`);
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 6;
    } else if (next === '\\' || next === '"' || next === "'") {
      out += next;
      i += 2;
    } else if (ESCAPES[next]) {
      out += ESCAPES[next];
      i += 2;
    } else {
      throw new FormulaError(`Syntax error: invalid escape sequence '\\${next}' at position ${i}`);
    }
  }
  throw new FormulaError(`Syntax error: string starting at position ${start} is not closed`);
}

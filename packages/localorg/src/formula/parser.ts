import { Dec } from './dec.ts';
import { FormulaError, type Token, tokenize } from './tokenizer.ts';

/** A formula value: numbers are exact decimals; dates and datetimes travel as their API strings. */
export type Value = null | boolean | string | Dec;

export type Node =
  | { kind: 'literal'; value: Value; pos: number }
  | { kind: 'ref'; path: string; pos: number }
  | { kind: 'call'; name: string; args: Node[]; pos: number }
  | { kind: 'unary'; op: string; arg: Node; pos: number }
  | { kind: 'binary'; op: string; left: Node; right: Node; pos: number };

/**
 * Lowest to highest binding. `&` sits with `+`/`-` as in Salesforce, so `'a' & 1 + 2` concatenates
 * the sum; unary minus and `!` bind tighter than `*` but looser than `^` (see parseUnary).
 */
const LEVELS: string[][] = [
  ['||'],
  ['&&'],
  ['=', '==', '!=', '<>'],
  ['<', '<=', '>', '>='],
  ['+', '-', '&'],
  ['*', '/'],
];

export function parse(text: string): Node {
  const parser = new Parser(tokenize(text));
  if (parser.peek().type === 'eof') throw new FormulaError('Syntax error: the formula is empty');
  const node = parser.expression(0);
  const rest = parser.peek();
  if (rest.type !== 'eof') throw new FormulaError(`Syntax error: unexpected ${describe(rest)} at position ${rest.pos}`);
  return node;
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private expect(type: Token['type'], what: string): Token {
    const t = this.peek();
    if (t.type !== type)
      throw new FormulaError(`Syntax error: expected ${what} but found ${describe(t)} at position ${t.pos}`);
    return this.next();
  }

  expression(level: number): Node {
    if (level === LEVELS.length) return this.unary();
    let left = this.expression(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || !LEVELS[level].includes(t.value)) return left;
      this.next();
      const right = this.expression(level + 1);
      left = { kind: 'binary', op: t.value, left, right, pos: t.pos };
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t.type === 'op' && (t.value === '-' || t.value === '+' || t.value === '!')) {
      this.next();
      const arg = this.unary();
      // Fold negative literals so `-5` is a plain number (CASE and INCLUDES take literals).
      if (t.value === '-' && arg.kind === 'literal' && arg.value instanceof Dec) {
        return { kind: 'literal', value: arg.value.neg(), pos: t.pos };
      }
      return { kind: 'unary', op: t.value, arg, pos: t.pos };
    }
    return this.power();
  }

  /** `^` is right-associative and binds tighter than unary minus: -2^2 is -4, 2^3^2 is 512. */
  private power(): Node {
    const base = this.primary();
    const t = this.peek();
    if (t.type !== 'op' || t.value !== '^') return base;
    this.next();
    return { kind: 'binary', op: '^', left: base, right: this.unary(), pos: t.pos };
  }

  private primary(): Node {
    const t = this.next();
    switch (t.type) {
      case 'number':
        return { kind: 'literal', value: Dec.parse(t.value)!, pos: t.pos };
      case 'string':
        return { kind: 'literal', value: t.value, pos: t.pos };
      case '(': {
        const inner = this.expression(0);
        this.expect(')', "')'");
        return inner;
      }
      case 'ident':
        return this.identifier(t);
      default:
        throw new FormulaError(`Syntax error: unexpected ${describe(t)} at position ${t.pos}`);
    }
  }

  private identifier(t: Token): Node {
    const upper = t.value.toUpperCase();
    if (this.peek().type === '(') {
      if (t.value.includes('.')) throw new FormulaError(`Syntax error: unexpected '(' after ${t.value}`);
      this.next();
      const args: Node[] = [];
      if (this.peek().type !== ')') {
        args.push(this.expression(0));
        while (this.peek().type === ',') {
          this.next();
          args.push(this.expression(0));
        }
      }
      this.expect(')', `')' to close ${upper}(`);
      return { kind: 'call', name: upper, args, pos: t.pos };
    }
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE', pos: t.pos };
    if (upper === 'NULL') return { kind: 'literal', value: null, pos: t.pos };
    return { kind: 'ref', path: t.value, pos: t.pos };
  }
}

function describe(t: Token): string {
  if (t.type === 'eof') return 'end of formula';
  if (t.type === 'string') return `string "${t.value}"`;
  return `'${t.value}'`;
}

/** Every field path the formula reads, first spelling kept, case-insensitively unique. */
export function collectReferences(node: Node): string[] {
  const seen = new Map<string, string>();
  const walk = (n: Node): void => {
    switch (n.kind) {
      case 'ref':
        if (!seen.has(n.path.toLowerCase())) seen.set(n.path.toLowerCase(), n.path);
        return;
      case 'call':
        n.args.forEach(walk);
        return;
      case 'unary':
        walk(n.arg);
        return;
      case 'binary':
        walk(n.left);
        walk(n.right);
        return;
      default:
        return;
    }
  };
  walk(node);
  return [...seen.values()];
}

/** Upper-cased names of the functions a formula calls. */
export function collectFunctions(node: Node): string[] {
  const names = new Set<string>();
  const walk = (n: Node): void => {
    if (n.kind === 'call') {
      names.add(n.name);
      n.args.forEach(walk);
    } else if (n.kind === 'unary') walk(n.arg);
    else if (n.kind === 'binary') {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return [...names];
}

import type { ConditionWithValueQuery, HavingClause, WhereClause } from '@jetstreamapp/soql-parser-js';
import { locate, malformed } from './errors.ts';

/** A boolean expression with real precedence, rebuilt from the parser's right-linked list. */
export type BoolNode<C> =
  { kind: 'and' | 'or'; children: BoolNode<C>[] } | { kind: 'not'; child: BoolNode<C> } | { kind: 'cond'; cond: C };

type Token<C> = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: C };

interface Link {
  left: unknown;
  operator?: string;
  right?: unknown;
}

/**
 * soql-parser-js hands back `{left, operator, right}` chained to the right, with parentheses as
 * `openParen`/`closeParen` counts on the leaf conditions, and `NOT` as a node whose `left` is null
 * (or `{openParen}` when a parenthesis opens right before the NOT). Flatten that back into tokens
 * and parse them properly. Salesforce refuses `a AND b OR c`: parentheses are required whenever
 * AND and OR meet at the same level.
 */
export function buildBoolTree(
  clause: WhereClause | HavingClause,
  soql: string,
  keywordAt: string,
): BoolNode<ConditionWithValueQuery> {
  const tokens: Token<ConditionWithValueQuery>[] = [];
  let link: Link | undefined = clause as Link;
  while (link) {
    const left = link.left as (ConditionWithValueQuery & { openParen?: number; closeParen?: number }) | null;
    if (link.operator === 'NOT') {
      for (let i = 0; i < (left?.openParen ?? 0); i++) tokens.push('(');
      tokens.push('NOT');
      link = link.right as Link | undefined;
      continue;
    }
    if (!left) throw malformed(soql, keywordAt, `unexpected token: '${keywordAt}'`);
    for (let i = 0; i < (left.openParen ?? 0); i++) tokens.push('(');
    tokens.push({ cond: left });
    for (let i = 0; i < (left.closeParen ?? 0); i++) tokens.push(')');
    if (link.operator === 'AND' || link.operator === 'OR') tokens.push(link.operator);
    link = link.right as Link | undefined;
  }
  return new TreeParser(tokens, soql, keywordAt).parse();
}

class TreeParser<C> {
  private pos = 0;

  constructor(
    private readonly tokens: Token<C>[],
    private readonly soql: string,
    private readonly keywordAt: string,
  ) {}

  parse(): BoolNode<C> {
    const node = this.expression();
    if (this.pos < this.tokens.length) throw this.unexpected(this.tokens[this.pos]);
    return node;
  }

  private expression(): BoolNode<C> {
    const first = this.unary();
    const op = this.tokens[this.pos];
    if (op !== 'AND' && op !== 'OR') return first;
    const children = [first];
    while (this.tokens[this.pos] === 'AND' || this.tokens[this.pos] === 'OR') {
      const next = this.tokens[this.pos];
      if (next !== op) throw this.unexpected(next);
      this.pos++;
      children.push(this.unary());
    }
    return { kind: op === 'AND' ? 'and' : 'or', children };
  }

  private unary(): BoolNode<C> {
    const token = this.tokens[this.pos++];
    if (token === 'NOT') return { kind: 'not', child: this.unary() };
    if (token === '(') {
      const inner = this.expression();
      if (this.tokens[this.pos++] !== ')') throw this.unexpected(this.tokens[this.pos - 1]);
      return inner;
    }
    if (token === undefined || typeof token === 'string') throw this.unexpected(token);
    return { kind: 'cond', cond: token.cond };
  }

  private unexpected(token: Token<C> | undefined) {
    const image = token === undefined ? '<EOF>' : typeof token === 'string' ? token : 'condition';
    const from = Math.max(0, locate(this.soql, this.keywordAt));
    const at = typeof token === 'string' ? locate(this.soql, token, from) : -1;
    return malformed(this.soql, at < 0 ? from : at, `unexpected token: '${image}'`);
  }
}

/** The conjuncts of a top-level AND (or the single condition), which the planner may serve from an index. */
export function topLevelConditions<C>(node: BoolNode<C> | null): C[] {
  if (!node) return [];
  if (node.kind === 'cond') return [node.cond];
  if (node.kind === 'and') return node.children.flatMap((c) => (c.kind === 'cond' ? [c.cond] : []));
  return [];
}

import type { ConditionWithValueQuery, Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import type { ObjectSchema } from '../schema/registry.ts';
import type { SfRecord } from '../store/record-store.ts';
import { buildTest, type Literal, operand, toLiteral } from './compare.ts';
import type { QueryContext } from './context.ts';
import { type At, after, invalidField, malformed, queryError } from './errors.ts';
import { resolvePath } from './fields.ts';
import { kindOf } from './literals.ts';
import { invalidTypeAt } from './objects.ts';
import { type BoolNode, buildBoolTree, topLevelConditions } from './where-tree.ts';

export type Predicate = (row: SfRecord) => boolean;

/** A way to fetch candidate rows without a full scan; the predicate still runs on each. */
export type IndexHint =
  | { kind: 'ids'; ids: Iterable<string>; size: number }
  | { kind: 'unique'; field: string; value: string }
  | { kind: 'refs'; field: string; ids: Iterable<string>; size: number };

export interface CompiledWhere {
  predicate: Predicate | null;
  hints: IndexHint[];
}

interface Compiled {
  test: Predicate;
  hint?: IndexHint;
}

export function compileWhere(
  ctx: QueryContext,
  obj: ObjectSchema,
  where: WhereClause | undefined,
  alias?: string,
): CompiledWhere {
  if (!where) return { predicate: null, hints: [] };
  const tree = buildBoolTree(where, ctx.soql, 'WHERE');
  const compiled = new Map<ConditionWithValueQuery, Compiled>();
  const compileLeaf = (cond: ConditionWithValueQuery) => {
    const c = compileCondition(ctx, obj, cond, alias);
    compiled.set(cond, c);
    return c.test;
  };
  const predicate = compileTree(tree, compileLeaf);
  const hints: IndexHint[] = [];
  for (const cond of topLevelConditions(tree)) {
    const hint = compiled.get(cond)?.hint;
    if (hint) hints.push(hint);
  }
  return { predicate, hints };
}

export function compileTree<C, T>(node: BoolNode<C>, leaf: (cond: C) => (x: T) => boolean): (x: T) => boolean {
  switch (node.kind) {
    case 'cond':
      return leaf(node.cond);
    case 'not': {
      const inner = compileTree(node.child, leaf);
      return (x) => !inner(x);
    }
    case 'and': {
      const parts = node.children.map((c) => compileTree(c, leaf));
      if (parts.length === 2) {
        const [a, b] = parts;
        return (x) => a(x) && b(x);
      }
      return (x) => {
        for (const p of parts) if (!p(x)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.children.map((c) => compileTree(c, leaf));
      if (parts.length === 2) {
        const [a, b] = parts;
        return (x) => a(x) || b(x);
      }
      return (x) => {
        for (const p of parts) if (p(x)) return true;
        return false;
      };
    }
  }
}

function compileCondition(
  ctx: QueryContext,
  obj: ObjectSchema,
  cond: ConditionWithValueQuery,
  alias: string | undefined,
): Compiled {
  if (!('field' in cond) || typeof cond.field !== 'string') {
    const fn = 'fn' in cond ? (cond.fn.functionName ?? 'function') : 'condition';
    throw malformed(ctx.soql, fn, `localorg does not support ${fn}() in WHERE; filter on the field itself`);
  }
  const at = after(ctx.soql, 'WHERE', cond.field);
  const resolved = resolvePath(ctx, obj, cond.field, alias, at);
  const { field } = resolved;
  if (!field.filterable) {
    throw invalidField(ctx.soql, at, `field '${field.name}' can not be filtered in query call`);
  }
  const op = operand(field, at);
  const get = resolved.get;
  const local = resolved.steps.length === 0;

  if ('valueQuery' in cond && cond.valueQuery) {
    return semiJoin(ctx, at, cond.operator, cond.valueQuery, op.kind === 'id', local, resolved);
  }

  const { value, literalType } = cond as { value: string | string[]; literalType?: string | string[] };
  const values = Array.isArray(value) ? value : [value];
  const types = Array.isArray(literalType) ? literalType : values.map(() => literalType);
  const lits: Literal[] = values.map((v, i) => toLiteral(ctx, op, types[i], String(v), cond.operator));
  const test = buildTest(ctx, op, cond.operator, lits);
  return {
    test: (row) => test(get(row)),
    hint: local ? hintFor(ctx, obj, field.name, cond.operator, lits) : undefined,
  };
}

function hintFor(
  ctx: QueryContext,
  obj: ObjectSchema,
  fieldName: string,
  operator: string,
  lits: Literal[],
): IndexHint | undefined {
  if (operator !== '=' && operator !== 'IN') return undefined;
  if (lits.length === 0 || lits.some((l) => l.kind !== 'value')) return undefined;
  const field = obj.field(fieldName)!;
  const texts = lits.map((l) => (l.kind === 'value' ? l.text : ''));
  if (field.type === 'id') return { kind: 'ids', ids: texts, size: texts.length };
  if (field.type === 'reference') return { kind: 'refs', field: field.name, ids: texts, size: texts.length };
  const kind = kindOf(field);
  if (operator === '=' && kind === 'text' && ctx.org.store.hasUniqueIndex(obj.name, field.name)) {
    return { kind: 'unique', field: field.name, value: texts[0] };
  }
  return undefined;
}

/**
 * `Id IN (SELECT AccountId FROM Contact …)`: the subquery runs once, up front, and the outer
 * filter becomes a set lookup. Salesforce only allows Id and reference fields on both sides.
 */
function semiJoin(
  ctx: QueryContext,
  at: At,
  operator: string,
  sub: Query,
  outerIsId: boolean,
  local: boolean,
  resolved: ReturnType<typeof resolvePath>,
): Compiled {
  if (operator !== 'IN' && operator !== 'NOT IN') {
    throw malformed(ctx.soql, 'SELECT', `unexpected token: 'SELECT'`);
  }
  if (!outerIsId) {
    throw queryError(
      'INVALID_FIELD',
      ctx.soql,
      at,
      `Invalid field for semi/anti join: '${resolved.field.name}'. Only Id and reference fields can be used.`,
    );
  }
  const innerName = sub.sObject ?? '';
  const inner = ctx.org.schema.get(innerName);
  if (!inner) throw invalidTypeAt(ctx.soql, innerName);
  const fields = sub.fields ?? [];
  const only = fields[0];
  if (fields.length !== 1 || !only || (only.type !== 'Field' && only.type !== 'FieldRelationship')) {
    throw malformed(
      ctx.soql,
      'SELECT',
      'The selected field in a semi join subquery must be a single Id or reference field',
    );
  }
  const innerRaw = only.type === 'Field' ? only.field : [...only.relationships, only.field].join('.');
  const innerPath = resolvePath(ctx, inner, innerRaw, sub.sObjectAlias);
  if (kindOf(innerPath.field) !== 'id') {
    throw queryError(
      'INVALID_FIELD',
      ctx.soql,
      innerRaw,
      `Invalid field for semi/anti join: '${innerPath.field.name}'. Only Id and reference fields can be used.`,
    );
  }
  const ids = new Set<string>();
  for (const row of ctx.filterRows(inner, sub, false)) {
    const v = innerPath.get(row);
    if (typeof v === 'string' && v !== '') ids.add(v);
  }
  const get = resolved.get;
  if (operator === 'NOT IN') {
    return {
      test: (row) => !ids.has(get(row) as string),
    };
  }
  let hint: IndexHint | undefined;
  if (local && resolved.field.type === 'id') hint = { kind: 'ids', ids, size: ids.size };
  else if (local && resolved.field.type === 'reference') {
    hint = { kind: 'refs', field: resolved.field.name, ids, size: ids.size };
  }
  return { test: (row) => ids.has(get(row) as string), hint };
}

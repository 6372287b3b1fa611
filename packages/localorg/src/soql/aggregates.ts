import type { ConditionWithValueQuery, FunctionExp, GroupByClause, Query } from '@jetstreamapp/soql-parser-js';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';
import type { SfRecord } from '../store/record-store.ts';
import { buildTest, normalizer, type Operand, operand, toLiteral } from './compare.ts';
import type { QueryContext } from './context.ts';
import { after, invalidField, malformed } from './errors.ts';
import { type ResolvedPath, resolvePath } from './fields.ts';
import { kindOf } from './literals.ts';
import { compareValues, direction, orderByList, type SortKey, sortBy, sortNormalizer } from './ordering.ts';
import type { SelectItem } from './select.ts';
import { compileTree } from './where.ts';
import { buildBoolTree } from './where-tree.ts';

interface Group {
  first: SfRecord | undefined;
  rows: SfRecord[];
}

type Aggregator = (rows: SfRecord[]) => unknown;

interface AggregateSpec {
  aggregate: Aggregator;
  /** The type the result compares as, for HAVING literals. */
  operand: Operand;
}

export function groupByFields(query: Query): GroupByClause[] {
  if (!query.groupBy) return [];
  return Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy];
}

/**
 * GROUP BY / aggregate functions. Output records are keyed by alias, by the field name for
 * grouped fields (just `Name` for `Account.Name`, as Salesforce does), and `expr0`, `expr1`…
 * for unaliased aggregates, numbered in SELECT order.
 */
export function runAggregate(
  ctx: QueryContext,
  obj: ObjectSchema,
  query: Query,
  items: SelectItem[],
  rows: SfRecord[],
): Record<string, unknown>[] {
  const alias = query.sObjectAlias;
  const groups = groupByFields(query).map((g) => {
    if (!('field' in g)) {
      throw malformed(ctx.soql, g.fn.functionName ?? 'GROUP', 'localorg does not support functions in GROUP BY');
    }
    const at = after(ctx.soql, 'GROUP', g.field);
    const resolved = resolvePath(ctx, obj, g.field, alias, at);
    if (!resolved.field.groupable) {
      throw invalidField(ctx.soql, at, `field '${resolved.field.name}' can not be grouped in a query call`);
    }
    return resolved;
  });
  const groupIndex = (resolved: ResolvedPath) => groups.findIndex((g) => g.path === resolved.path);

  let exprN = 0;
  const columns: Array<{ key: string; value: (g: Group) => unknown }> = [];
  for (const item of items) {
    if (item.kind === 'aggregate') {
      const spec = aggregateSpec(ctx, obj, item.fn, item.arg!, item.rawValue, alias);
      const key = item.alias ?? `expr${exprN++}`;
      columns.push({ key, value: (g) => spec.aggregate(g.rows) });
    } else if (item.kind === 'path') {
      const resolved = resolvePath(ctx, obj, item.raw, alias);
      if (groupIndex(resolved) < 0) {
        throw malformed(ctx.soql, item.raw, `Field must be grouped or aggregated: ${resolved.field.name}`);
      }
      const get = resolved.get;
      columns.push({ key: item.alias ?? resolved.field.name, value: (g) => (g.first ? get(g.first) : null) });
    } else {
      throw malformed(ctx.soql, 'SELECT', 'Aggregate queries do not support parent-to-child subqueries');
    }
  }

  let buckets = partition(groups, rows);

  if (query.having) {
    const tree = buildBoolTree(query.having, ctx.soql, 'HAVING');
    const test = compileTree<ConditionWithValueQuery, Group>(tree, (cond) => havingTest(ctx, obj, cond, groups, alias));
    buckets = buckets.filter(test);
  }

  const keys: SortKey<Group>[] = orderByList(query.orderBy).map((clause) => {
    if ('fn' in clause) {
      const fn = clause.fn;
      const spec = aggregateSpec(ctx, obj, fnName(fn), fnArg(ctx, fn), fn.rawValue ?? '', alias);
      const norm = normalizer(spec.operand.kind, false);
      return { key: (g: Group) => norm(spec.aggregate(g.rows)), ...direction(clause) };
    }
    const at = after(ctx.soql, 'ORDER', clause.field);
    const resolved = resolvePath(ctx, obj, clause.field, alias, at);
    if (groupIndex(resolved) < 0) {
      throw malformed(ctx.soql, at, `Ordered field must be grouped or aggregated: ${resolved.field.name}`);
    }
    const norm = sortNormalizer(resolved.field);
    const get = resolved.get;
    return { key: (g: Group) => (g.first ? norm(get(g.first)) : null), ...direction(clause) };
  });
  buckets = sortBy(buckets, keys);
  const offset = query.offset ?? 0;
  if (offset > 0 || query.limit !== undefined) {
    buckets = buckets.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  }
  return buckets.map((g) => {
    const out: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
    for (const col of columns) out[col.key] = col.value(g);
    return out;
  });
}

/** Number of groups, for `SELECT COUNT() … GROUP BY`. */
export function countGroups(ctx: QueryContext, obj: ObjectSchema, query: Query, rows: SfRecord[]): number {
  const groups = groupByFields(query).map((g) =>
    resolvePath(ctx, obj, 'field' in g ? g.field : '', query.sObjectAlias),
  );
  return partition(groups, rows).length;
}

function partition(groups: ResolvedPath[], rows: SfRecord[]): Group[] {
  if (groups.length === 0) return [{ first: rows[0], rows }];
  const norms = groups.map((g) => normalizer(kindOf(g.field), g.field.caseSensitive));
  if (groups.length === 1) {
    // One grouping field: its normalised value is the map key as is (null included).
    const get = groups[0].get;
    const norm = norms[0];
    const byValue = new Map<unknown, Group>();
    for (const row of rows) {
      const key = norm(get(row)) ?? null;
      const group = byValue.get(key);
      if (group) group.rows.push(row);
      else byValue.set(key, { first: row, rows: [row] });
    }
    return [...byValue.values()];
  }
  const byKey = new Map<string, Group>();
  for (const row of rows) {
    let key = '';
    for (let i = 0; i < groups.length; i++) {
      const v = norms[i](groups[i].get(row));
      key += v === null || v === undefined ? '\u0000' : `${typeof v}:${String(v)}`;
      key += '\u0001';
    }
    const group = byKey.get(key);
    if (group) group.rows.push(row);
    else byKey.set(key, { first: row, rows: [row] });
  }
  return [...byKey.values()];
}

function fnName(fn: FunctionExp): string {
  return (fn.functionName ?? '').toUpperCase();
}

function fnArg(ctx: QueryContext, fn: FunctionExp): string {
  const arg = fn.parameters?.[0];
  if (typeof arg !== 'string') {
    if (fnName(fn) === 'COUNT') return 'Id';
    throw malformed(ctx.soql, fn.functionName, `unexpected token: '${fn.rawValue ?? fn.functionName}'`);
  }
  return arg;
}

function aggregateSpec(
  ctx: QueryContext,
  obj: ObjectSchema,
  fn: string,
  arg: string,
  rawValue: string,
  alias: string | undefined,
): AggregateSpec {
  const resolved = resolvePath(ctx, obj, arg, alias);
  const { field, get } = resolved;
  const kind = kindOf(field);
  const countField: FieldDef = { ...field, name: rawValue || fn, type: 'int' };
  const unsupported = () =>
    invalidField(ctx.soql, arg, `field ${field.name} does not support aggregate operator ${fn}`);
  const norm = normalizer(kind, field.caseSensitive);
  switch (fn) {
    case 'COUNT':
      return {
        operand: operand(countField, rawValue, 'number'),
        aggregate: (rows) => {
          let n = 0;
          for (const r of rows) if (norm(get(r)) !== null) n++;
          return n;
        },
      };
    case 'COUNT_DISTINCT':
      return {
        operand: operand(countField, rawValue, 'number'),
        aggregate: (rows) => {
          const seen = new Set<unknown>();
          for (const r of rows) {
            const v = norm(get(r));
            if (v !== null) seen.add(v);
          }
          return seen.size;
        },
      };
    case 'SUM':
    case 'AVG': {
      if (kind !== 'number') throw unsupported();
      const avg = fn === 'AVG';
      return {
        operand: operand({ ...field, name: rawValue, type: 'double' }, rawValue, 'number'),
        aggregate: (rows) => {
          let total = 0;
          let n = 0;
          for (const r of rows) {
            const v = get(r);
            if (typeof v === 'number') {
              total += v;
              n++;
            }
          }
          if (n === 0) return null;
          // Salesforce sums decimals exactly; trim binary-float noise (0.1 + 0.2) the same way.
          return Number.parseFloat((avg ? total / n : total).toPrecision(15));
        },
      };
    }
    case 'MIN':
    case 'MAX': {
      if (kind === 'boolean' || kind === 'multi' || kind === 'other' || field.type === 'textarea') throw unsupported();
      const max = fn === 'MAX';
      return {
        operand: operand(field, rawValue),
        aggregate: (rows) => {
          let best: unknown = null;
          let bestKey: unknown = null;
          for (const r of rows) {
            const v = get(r);
            const k = norm(v);
            if (k === null) continue;
            if (bestKey === null || compareValues(k, bestKey, max, false) < 0) {
              best = v;
              bestKey = k;
            }
          }
          return best;
        },
      };
    }
    default:
      throw malformed(ctx.soql, fn, `unexpected token: '${fn}'`);
  }
}

function havingTest(
  ctx: QueryContext,
  obj: ObjectSchema,
  cond: ConditionWithValueQuery,
  groups: ResolvedPath[],
  alias: string | undefined,
): (g: Group) => boolean {
  if (!('operator' in cond) || !('value' in cond)) throw malformed(ctx.soql, 'HAVING', "unexpected token: 'HAVING'");
  const values = Array.isArray(cond.value) ? cond.value : [cond.value];
  const types = Array.isArray(cond.literalType) ? cond.literalType : values.map(() => cond.literalType as string);
  if ('fn' in cond) {
    const spec = aggregateSpec(ctx, obj, fnName(cond.fn), fnArg(ctx, cond.fn), cond.fn.rawValue ?? '', alias);
    const lits = values.map((v, i) => toLiteral(ctx, spec.operand, types[i], String(v), cond.operator));
    const test = buildTest(ctx, spec.operand, cond.operator, lits);
    return (g) => test(spec.aggregate(g.rows));
  }
  const at = after(ctx.soql, 'HAVING', cond.field);
  const resolved = resolvePath(ctx, obj, cond.field, alias, at);
  if (!groups.some((g) => g.path === resolved.path)) {
    throw malformed(ctx.soql, at, `Field must be grouped or aggregated: ${resolved.field.name}`);
  }
  const op = operand(resolved.field, at);
  const lits = values.map((v, i) => toLiteral(ctx, op, types[i], String(v), cond.operator));
  const test = buildTest(ctx, op, cond.operator, lits);
  const get = resolved.get;
  return (g) => test(g.first ? get(g.first) : null);
}

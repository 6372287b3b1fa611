import type { OrderByClause } from '@jetstreamapp/soql-parser-js';
import { foldCase } from '../case-fold.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';
import type { SfRecord } from '../store/record-store.ts';
import { normalizer } from './compare.ts';
import type { QueryContext } from './context.ts';
import { after, invalidField, malformed } from './errors.ts';
import { resolvePath } from './fields.ts';
import { kindOf } from './literals.ts';

export interface SortKey<T> {
  /** Comparable value (already normalised: text case-folded, datetimes canonical, picklists ranked). */
  key: (x: T) => unknown;
  desc: boolean;
  nullsFirst: boolean;
}

export function orderByList(orderBy: OrderByClause | OrderByClause[] | undefined): OrderByClause[] {
  if (!orderBy) return [];
  return Array.isArray(orderBy) ? orderBy : [orderBy];
}

/** Salesforce's default: ASC puts nulls first, DESC puts them last. */
export function direction(clause: OrderByClause): { desc: boolean; nullsFirst: boolean } {
  const desc = clause.order?.toUpperCase() === 'DESC';
  const nulls = clause.nulls?.toUpperCase();
  return { desc, nullsFirst: nulls ? nulls === 'FIRST' : !desc };
}

export function compileOrderBy(
  ctx: QueryContext,
  obj: ObjectSchema,
  orderBy: OrderByClause | OrderByClause[] | undefined,
  alias?: string,
): SortKey<SfRecord>[] {
  return orderByList(orderBy).map((clause) => {
    if (!('field' in clause)) {
      const fn = clause.fn.functionName ?? 'function';
      throw malformed(ctx.soql, fn, `localorg does not support ordering by ${fn}() outside aggregate queries`);
    }
    const at = after(ctx.soql, 'ORDER', clause.field);
    const resolved = resolvePath(ctx, obj, clause.field, alias, at);
    if (!resolved.field.sortable) {
      throw invalidField(ctx.soql, at, `field '${resolved.field.name}' can not be sorted in a query call`);
    }
    const norm = sortNormalizer(resolved.field);
    const get = resolved.get;
    return { key: (row: SfRecord) => norm(get(row)), ...direction(clause) };
  });
}

/**
 * The sort key of a field's values. A picklist sorts in the order its values are defined
 * (Salesforce: "picklist sorting is defined by the picklist sort determined during setup"), values
 * outside the definition after the defined ones, by text; everything else sorts by its comparison form.
 */
export function sortNormalizer(field: FieldDef): (v: unknown) => unknown {
  if (field.type !== 'picklist') return normalizer(kindOf(field), field.caseSensitive);
  const rank = new Map<string, string>();
  field.picklistValues.forEach((p, i) => {
    const key = foldCase(p.value);
    // Fixed-width ranks compare as text in definition order; '~' puts undefined values after them.
    if (!rank.has(key)) rank.set(key, String(i).padStart(6, '0'));
  });
  return (v) => {
    if (typeof v !== 'string' || v === '') return null;
    const key = foldCase(v);
    return rank.get(key) ?? `~${key}`;
  };
}

export function compareValues(a: unknown, b: unknown, desc: boolean, nullsFirst: boolean): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : nullsFirst ? -1 : 1;
  if (b === null || b === undefined) return nullsFirst ? 1 : -1;
  const c = (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return desc ? -c : c;
}

/**
 * Sorts by precomputed keys: each key is read once per row rather than once per comparison,
 * which matters when a key walks a lookup. Ties keep storage order. With `take` (OFFSET + LIMIT)
 * much smaller than the input, only the first `take` rows are kept in order (a top-k insertion
 * pass), which is what an ORDER BY … LIMIT 10 over a large table wants.
 */
export function sortBy<T>(items: T[], keys: SortKey<T>[], take?: number): T[] {
  const n = items.length;
  if (keys.length === 0 || n < 2) return items;
  const columns = keys.map((k) => {
    const col = new Array<unknown>(n);
    for (let i = 0; i < n; i++) col[i] = k.key(items[i]);
    return col;
  });
  const cmp = (x: number, y: number) => {
    for (let k = 0; k < keys.length; k++) {
      const c = compareValues(columns[k][x], columns[k][y], keys[k].desc, keys[k].nullsFirst);
      if (c !== 0) return c;
    }
    return 0;
  };
  if (take !== undefined && take * 4 < n) return topK(items, take, cmp);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(cmp);
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = items[order[i]];
  return out;
}

function topK<T>(items: T[], take: number, cmp: (x: number, y: number) => number): T[] {
  const best: number[] = [];
  if (take <= 0) return [];
  for (let i = 0; i < items.length; i++) {
    if (best.length === take && cmp(i, best[take - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(i, best[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, i);
    if (best.length > take) best.pop();
  }
  return best.map((i) => items[i]);
}

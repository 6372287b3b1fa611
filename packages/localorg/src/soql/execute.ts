import type { Query } from '@jetstreamapp/soql-parser-js';
import { SfError } from '../errors.ts';
import type { Org } from '../org.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { SfRecord } from '../store/record-store.ts';
import { countGroups, groupByFields, runAggregate } from './aggregates.ts';
import type { QueryContext, SoqlOptions } from './context.ts';
import { malformed, queryError } from './errors.ts';
import { resolveObject } from './objects.ts';
import { compileOrderBy, type SortKey, sortBy } from './ordering.ts';
import { parseSoql } from './parse.ts';
import { buildProjection, type Projection } from './projection.ts';
import { type SelectItem, selectItems } from './select.ts';
import { type CompiledWhere, compileWhere, type IndexHint } from './where.ts';

export type SoqlResult =
  | {
      kind: 'records';
      objectName: string;
      totalSize: number;
      rows: SfRecord[];
      project: (row: SfRecord) => Record<string, unknown>;
      projectFlat: (row: SfRecord) => Record<string, unknown>;
    }
  | { kind: 'count'; totalSize: number }
  | { kind: 'aggregate'; totalSize: number; records: Record<string, unknown>[] };

const MAX_OFFSET = 2000;

interface Plan {
  obj: ObjectSchema;
  query: Query;
  items: SelectItem[];
  where: CompiledWhere;
  mode: 'records' | 'count' | 'aggregate';
  keys: SortKey<SfRecord>[];
  projection: Projection | null;
}

export function executeSoql(org: Org, soql: string, opts: SoqlOptions): SoqlResult {
  const ctx: QueryContext = {
    org,
    soql,
    opts,
    now: org.clock.now(),
    timeZone: org.settings.timeZone,
    filterRows: (obj, query, includeDeleted) =>
      filterRows(ctx, obj, compileWhere(ctx, obj, query.where, query.sObjectAlias), includeDeleted),
  };
  const plan = guard(soql, () => compile(ctx, parseSoql(soql)));
  const { query, obj } = plan;
  // Without ORDER BY any rows will do, so a LIMIT lets the scan stop as soon as it has enough.
  const enough =
    plan.mode === 'records' && plan.keys.length === 0 && query.limit !== undefined
      ? (query.offset ?? 0) + query.limit
      : Number.POSITIVE_INFINITY;
  const rows = filterRows(ctx, obj, plan.where, opts.includeDeleted, enough);
  if (plan.mode === 'aggregate') {
    const records = guard(soql, () => runAggregate(ctx, obj, query, plan.items, rows));
    return { kind: 'aggregate', totalSize: records.length, records };
  }
  if (plan.mode === 'count') {
    const n = groupByFields(query).length > 0 ? guard(soql, () => countGroups(ctx, obj, query, rows)) : rows.length;
    const offset = query.offset ?? 0;
    const total = Math.max(0, Math.min(n - offset, query.limit ?? Number.POSITIVE_INFINITY));
    return { kind: 'count', totalSize: total };
  }
  const take = query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit;
  const page = window(sortBy(rows, plan.keys, take), query.offset, query.limit);
  const projection = plan.projection!;
  return {
    kind: 'records',
    objectName: obj.name,
    totalSize: page.length,
    rows: page,
    project: projection.project,
    projectFlat: projection.projectFlat,
  };
}

/** Every failure while compiling bad input must reach the client as a Salesforce error, never a 500. */
function guard<T>(soql: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SfError) throw error;
    throw malformed(soql, undefined, error instanceof Error ? error.message : String(error));
  }
}

function compile(ctx: QueryContext, query: Query): Plan {
  const obj = resolveObject(ctx.org, ctx.soql, query.sObject);
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw queryError('NUMBER_OUTSIDE_VALID_RANGE', ctx.soql, 'OFFSET', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  const items = selectItems(ctx.soql, obj, query.fields, query.limit);
  if (items.length === 0) throw malformed(ctx.soql, 'FROM', "unexpected token: 'FROM'");
  const hasCount = items.some((i) => i.kind === 'count');
  if (hasCount && items.length > 1) {
    throw malformed(ctx.soql, 'COUNT', 'COUNT() must be the only element in the SELECT list');
  }
  const aggregate = !hasCount && (items.some((i) => i.kind === 'aggregate') || groupByFields(query).length > 0);
  const where = compileWhere(ctx, obj, query.where, query.sObjectAlias);
  if (hasCount || aggregate) {
    return { obj, query, items, where, mode: hasCount ? 'count' : 'aggregate', keys: [], projection: null };
  }
  if (query.having) throw malformed(ctx.soql, 'HAVING', 'HAVING clause requires a GROUP BY or an aggregate function');
  const keys = compileOrderBy(ctx, obj, query.orderBy, query.sObjectAlias);
  const projection = buildProjection(ctx, obj, items, query.sObjectAlias);
  return { obj, query, items, where, mode: 'records', keys, projection };
}

function window<T>(rows: T[], offset: number | undefined, limit: number | undefined): T[] {
  const start = offset ?? 0;
  if (start === 0 && (limit === undefined || limit >= rows.length)) return rows;
  return rows.slice(start, limit === undefined ? undefined : start + limit);
}

/** Rows of `obj` matching `where`, fetched through an index when the top-level AND allows it. */
export function filterRows(
  ctx: QueryContext,
  obj: ObjectSchema,
  where: CompiledWhere,
  includeDeleted: boolean,
  enough = Number.POSITIVE_INFINITY,
) {
  const predicate = where.predicate;
  const out: SfRecord[] = [];
  const indexed = candidates(ctx.org, obj, where.hints, includeDeleted);
  if (indexed) {
    for (const row of indexed) {
      if (!predicate || predicate(row)) out.push(row);
      if (out.length >= enough) break;
    }
    return out;
  }
  // Walks the table's slots rather than `store.scan`: the generator costs more than the filter.
  for (const slot of ctx.org.store.table(obj.name).slots.values()) {
    if ((includeDeleted || slot.location === 'live') && (!predicate || predicate(slot.row))) out.push(slot.row);
    if (out.length >= enough) break;
  }
  return out;
}

function candidates(org: Org, obj: ObjectSchema, hints: IndexHint[], includeDeleted: boolean): SfRecord[] | null {
  if (hints.length === 0) return null;
  const { store } = org;
  const byId = smallest(hints.filter((h) => h.kind === 'ids'));
  if (byId) {
    const rows: SfRecord[] = [];
    for (const id of new Set(byId.ids)) {
      const slot = store.getSlot(obj.name, id);
      if (slot && (includeDeleted || slot.location === 'live')) rows.push(slot.row);
    }
    return rows;
  }
  // The unique and lookup indexes cover live rows only; queryAll has to scan.
  if (includeDeleted) return null;
  const unique = hints.find((h) => h.kind === 'unique');
  if (unique) {
    const id = store.findUnique(obj.name, unique.field, unique.value);
    const row = id === undefined ? undefined : store.get(obj.name, id);
    return row ? [row] : [];
  }
  const refs = smallest(hints.filter((h) => h.kind === 'refs'));
  if (!refs) return null;
  const rows: SfRecord[] = [];
  for (const parentId of new Set(refs.ids)) {
    for (const id of store.childIds(obj.name, refs.field, parentId)) {
      const row = store.get(obj.name, id);
      if (row) rows.push(row);
    }
  }
  return rows;
}

function smallest<H extends { size: number }>(hints: H[]): H | undefined {
  let best: H | undefined;
  for (const h of hints) if (!best || h.size < best.size) best = h;
  return best;
}

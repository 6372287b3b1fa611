import type { Subquery } from '@jetstreamapp/soql-parser-js';
import type { Org } from '../org.ts';
import { readField } from '../records/read.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';
import type { SfRecord } from '../store/record-store.ts';
import type { Getter, QueryContext } from './context.ts';
import { malformed, queryError } from './errors.ts';
import { type LookupStep, parentOf, resolvePath } from './fields.ts';
import { compileOrderBy, sortBy } from './ordering.ts';
import type { SelectItem } from './select.ts';
import { selectItems } from './select.ts';
import { compileWhere } from './where.ts';

type Node =
  | { kind: 'field'; key: string; object: ObjectSchema; field: FieldDef }
  | { kind: 'parent'; key: string; step: LookupStep; children: Node[] }
  | { kind: 'child'; key: string; run: (row: SfRecord) => ChildResult | null };

export interface ChildResult {
  totalSize: number;
  done: true;
  records: Record<string, unknown>[];
}

export interface Projection {
  project: (row: SfRecord) => Record<string, unknown>;
  projectFlat: (row: SfRecord) => Record<string, unknown>;
}

/**
 * Builds the per-row projection once per query. REST nests parent fields under their
 * relationship name (several paths through the same lookup share one nested object) and puts a
 * child subquery's rows under the child relationship name; Bulk 2.0 wants flat dotted columns.
 */
export function buildProjection(ctx: QueryContext, obj: ObjectSchema, items: SelectItem[], alias?: string): Projection {
  const roots: Node[] = [];
  const flat: Array<{ path: string; get: Getter }> = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (item.kind === 'child') {
      const node = childNode(ctx, obj, item.subquery);
      if (seen.has(node.key.toLowerCase())) throw duplicate(ctx.soql, node.key, node.key);
      seen.add(node.key.toLowerCase());
      roots.push(node);
      continue;
    }
    if (item.kind !== 'path') throw malformed(ctx.soql, undefined, 'Field must be grouped or aggregated');
    if (item.alias && !item.wrapped)
      throw malformed(ctx.soql, item.alias, 'only aggregate expressions use field aliasing');
    const resolved = resolvePath(ctx, obj, item.raw, alias);
    const key = item.alias ?? resolved.field.name;
    const pathKey = (item.alias ?? resolved.path).toLowerCase();
    if (seen.has(pathKey)) {
      if (item.implicit) continue;
      throw duplicate(ctx.soql, item.raw, resolved.field.name);
    }
    seen.add(pathKey);
    flat.push({ path: item.alias ?? resolved.path, get: resolved.get });
    let level = roots;
    for (const step of resolved.steps) {
      let parent = level.find(
        (n): n is Extract<Node, { kind: 'parent' }> => n.kind === 'parent' && n.key === step.relationship,
      );
      if (!parent) {
        parent = { kind: 'parent', key: step.relationship, step, children: [] };
        level.push(parent);
      }
      level = parent.children;
    }
    level.push({ kind: 'field', key, object: resolved.object, field: resolved.field });
  }
  const urlBase = `/services/data/v${ctx.opts.apiVersion}/sobjects/`;
  const org = ctx.org;
  return {
    project: (row) => projectNodes(org, urlBase, roots, obj, row),
    projectFlat: (row) => {
      const out: Record<string, unknown> = {};
      for (const col of flat) out[col.path] = col.get(row);
      return out;
    },
  };
}

function duplicate(soql: string, raw: string, name: string) {
  return queryError('MALFORMED_QUERY', soql, raw, `duplicate field selected: ${name}`);
}

function projectNodes(
  org: Org,
  urlBase: string,
  nodes: Node[],
  obj: ObjectSchema,
  row: SfRecord,
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: obj.name, url: `${urlBase}${obj.name}/${row.Id}` } };
  for (const node of nodes) {
    if (node.kind === 'field') {
      // A polymorphic lookup may land on a different object than the one fields were resolved on.
      const f = node.object === obj ? node.field : obj.field(node.field.name);
      out[node.key] = f ? readField(org, obj, row, f) : null;
    } else if (node.kind === 'parent') {
      const parent = parentOf(org, row, node.step);
      out[node.key] = parent ? projectNodes(org, urlBase, node.children, parent.object, parent.row) : null;
    } else {
      out[node.key] = node.run(row);
    }
  }
  return out;
}

/** A parent-to-child subquery: its own WHERE, ORDER BY, LIMIT and OFFSET, run per parent row. */
function childNode(ctx: QueryContext, parentObj: ObjectSchema, sub: Subquery): Node {
  const relName = sub.relationshipName;
  const rel = parentObj.childRelationship(relName);
  const childObj = rel ? ctx.org.schema.get(rel.childSObject) : undefined;
  if (!rel || !childObj || !rel.relationshipName) {
    throw queryError(
      'INVALID_TYPE',
      ctx.soql,
      relName,
      `Didn't understand relationship '${relName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const items = selectItems(ctx.soql, childObj, sub.fields, sub.limit);
  for (const item of items) {
    if (item.kind === 'child') throw malformed(ctx.soql, 'SELECT', 'Nesting of semi join sub-selects is not supported');
    if (item.kind !== 'path') {
      throw malformed(ctx.soql, relName, 'Aggregate functions are not supported in parent-to-child subqueries');
    }
  }
  const alias = sub.sObjectAlias;
  const { predicate } = compileWhere(ctx, childObj, sub.where, alias);
  const keys = compileOrderBy(ctx, childObj, sub.orderBy, alias);
  const projection = buildProjection(ctx, childObj, items, alias);
  const { store } = ctx.org;
  const childName = childObj.name;
  const field = rel.field;
  const offset = sub.offset ?? 0;
  const limit = sub.limit;
  return {
    kind: 'child',
    key: rel.relationshipName,
    run: (row) => {
      const ids = store.childIds(childName, field, row.Id);
      if (ids.size === 0) return null;
      let rows: SfRecord[] = [];
      for (const id of ids) {
        const child = store.get(childName, id);
        if (child && (!predicate || predicate(child))) rows.push(child);
      }
      rows = sortBy(rows, keys);
      if (offset > 0 || limit !== undefined)
        rows = rows.slice(offset, limit === undefined ? undefined : offset + limit);
      if (rows.length === 0) return null;
      return { totalSize: rows.length, done: true, records: rows.map(projection.project) };
    },
  };
}

import type { Org } from '../org.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';
import { groupByFields } from './aggregates.ts';
import type { QueryContext, SoqlOptions } from './context.ts';
import { executeSoql } from './execute.ts';
import { resolvePath } from './fields.ts';
import { resolveObject } from './objects.ts';
import { parseSoql } from './parse.ts';
import { type SelectItem, selectItems } from './select.ts';

/** One column of `GET /query?q=…&columns=true`, in the shape and key order Salesforce answers. */
export interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

export interface QueryColumns {
  columnMetadata: ColumnMetadata[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string;
}

/**
 * The columns a query would return, without its rows: what the `sf` CLI asks for to lay out
 * `sf data query` output. A parent path is one column per relationship whose `joinColumns` hold the
 * fields read through it; a child subquery is an `aggregate` column whose `joinColumns` are the
 * subquery's columns; an aggregate function is an `aggregate` column named by its alias or `exprN`.
 * The query is compiled (and run) first, so a bad query fails exactly as it does without `columns`.
 */
export function queryColumns(org: Org, soql: string, opts: SoqlOptions): QueryColumns {
  executeSoql(org, soql, opts);
  const query = parseSoql(soql);
  const obj = resolveObject(org, soql, query.sObject);
  const ctx: QueryContext = {
    org,
    soql,
    opts,
    now: org.clock.now(),
    timeZone: org.settings.timeZone,
    filterRows: () => [],
  };
  const items = selectItems(soql, obj, query.fields, query.limit);
  return {
    columnMetadata: columnsOf(ctx, obj, items, query.sObjectAlias),
    entityName: obj.name,
    groupBy: groupByFields(query).length > 0,
    idSelected: items.some((i) => i.kind === 'path' && resolvePath(ctx, obj, i.raw, query.sObjectAlias).path === 'Id'),
    keyPrefix: obj.keyPrefix,
  };
}

function columnsOf(ctx: QueryContext, obj: ObjectSchema, items: SelectItem[], alias?: string): ColumnMetadata[] {
  const out: ColumnMetadata[] = [];
  const seen = new Set<string>();
  let exprN = 0;
  for (const item of items) {
    if (item.kind === 'count') continue;
    if (item.kind === 'child') {
      const rel = obj.childRelationship(item.subquery.relationshipName)!;
      const child = ctx.org.schema.get(rel.childSObject)!;
      const sub = item.subquery;
      out.push({
        ...column(rel.relationshipName!, rel.relationshipName!, null),
        aggregate: true,
        joinColumns: columnsOf(ctx, child, selectItems(ctx.soql, child, sub.fields, sub.limit), sub.sObjectAlias),
      });
      continue;
    }
    if (item.kind === 'aggregate') {
      const resolved = resolvePath(ctx, obj, item.arg!, alias);
      const name = item.alias ?? `expr${exprN++}`;
      const counting = item.fn === 'COUNT' || item.fn === 'COUNT_DISTINCT';
      const numeric = counting || item.fn === 'SUM' || item.fn === 'AVG';
      out.push({
        ...column(name, `${item.fn}(${resolved.path})`, counting ? 'Integer' : numeric ? 'Double' : null),
        ...(numeric ? { numberType: true } : typeFlags(resolved.field)),
        ...(numeric ? {} : { apexType: apexTypeOf(resolved.field) }),
        aggregate: true,
      });
      continue;
    }
    const resolved = resolvePath(ctx, obj, item.raw, alias);
    if (seen.has(resolved.path.toLowerCase())) continue;
    seen.add(resolved.path.toLowerCase());
    // Paths through the same lookup share one column, as they share one nested object in records.
    let level = out;
    for (const step of resolved.steps) {
      let parent = level.find((c) => c.columnName === step.relationship && !c.aggregate);
      if (!parent) {
        parent = { ...column(step.relationship, step.relationship, null), custom: step.lookup.custom };
        level.push(parent);
      }
      level = parent.joinColumns;
    }
    level.push(fieldColumn(item.alias ?? resolved.field.name, resolved.field));
  }
  return out;
}

function column(columnName: string, displayName: string, apexType: string | null): ColumnMetadata {
  return {
    aggregate: false,
    apexType,
    booleanType: false,
    columnName,
    custom: false,
    displayName,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: false,
    updatable: false,
  };
}

function fieldColumn(name: string, f: FieldDef): ColumnMetadata {
  return {
    ...column(name, name, apexTypeOf(f)),
    ...typeFlags(f),
    custom: f.custom,
    insertable: f.createable,
    updatable: f.updateable,
  };
}

function typeFlags(f: FieldDef): Pick<ColumnMetadata, 'booleanType' | 'numberType' | 'textType'> {
  const apex = apexTypeOf(f);
  return {
    booleanType: apex === 'Boolean',
    numberType: apex === 'Integer' || apex === 'Double' || apex === 'Decimal',
    textType: apex === 'String',
  };
}

/** The Apex type of a field's values, as Salesforce names it in column metadata. */
function apexTypeOf(f: FieldDef): string | null {
  switch (f.type) {
    case 'id':
    case 'reference':
      return 'Id';
    case 'boolean':
      return 'Boolean';
    case 'int':
      return 'Integer';
    case 'double':
    case 'percent':
      return 'Double';
    case 'currency':
      return 'Decimal';
    case 'date':
      return 'Date';
    case 'datetime':
      return 'Datetime';
    case 'time':
      return 'Time';
    case 'address':
      return 'Address';
    case 'base64':
      return 'Blob';
    default:
      return 'String';
  }
}

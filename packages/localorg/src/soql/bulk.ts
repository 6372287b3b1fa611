import { SfError } from '../errors.ts';
import type { Org } from '../org.ts';
import { parseSoql } from './parse.ts';

/**
 * Bulk API 2.0 query jobs refuse, at job creation, what cannot stream as flat CSV: aggregates,
 * GROUP BY, OFFSET, TYPEOF and parent-to-child subqueries. With an org, compound (address) fields
 * are refused too. Syntax errors surface as MALFORMED_QUERY, as they do for REST.
 */
export function assertBulkQueryable(soql: string, org?: Org): void {
  const query = parseSoql(soql);
  const refuse = (message: string) => new SfError('FEATURENOTENABLED', message);
  for (const f of query.fields ?? []) {
    if (f.type === 'FieldSubquery') {
      throw refuse('Aggregate Relationships not supported in Bulk V2 Query with CSV content type');
    }
    if (f.type === 'FieldTypeof') throw refuse('TYPEOF not supported in Bulk V2 Query');
    if (f.type === 'FieldFunctionExpression' && (f.isAggregateFn || /^count/i.test(f.functionName))) {
      throw refuse('Aggregate queries are not supported in Bulk V2 Query');
    }
  }
  if (query.groupBy) throw refuse('GROUP BY is not supported in Bulk V2 Query');
  if (query.offset !== undefined) throw refuse('OFFSET is not supported in Bulk V2 Query');
  const obj = org && query.sObject ? org.schema.get(query.sObject) : undefined;
  if (!obj) return;
  for (const f of query.fields ?? []) {
    const name = f.type === 'Field' ? f.field : null;
    if (name && obj.field(name)?.type === 'address') {
      throw refuse('Selecting compound data not supported in Bulk Query');
    }
  }
}

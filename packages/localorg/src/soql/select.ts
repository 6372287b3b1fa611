import type { FieldType, Subquery } from '@jetstreamapp/soql-parser-js';
import type { ObjectSchema } from '../schema/registry.ts';
import { malformed } from './errors.ts';

export type SelectItem =
  | {
      kind: 'path';
      raw: string;
      alias?: string;
      /** Expanded from FIELDS(): duplicates are dropped, not errors. */
      implicit?: boolean;
      /** Wrapped in toLabel()/FORMAT()/convertCurrency(), which may carry an alias outside aggregates. */
      wrapped?: boolean;
    }
  | { kind: 'aggregate'; fn: string; arg: string | null; alias?: string; rawValue: string }
  | { kind: 'count' }
  | { kind: 'child'; subquery: Subquery };

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
/** Display functions whose value localorg returns unformatted (picklist labels equal values here). */
const PASS_THROUGH = new Set(['TOLABEL', 'FORMAT', 'CONVERTCURRENCY']);
/** FIELDS(ALL) and FIELDS(CUSTOM) are only allowed with a LIMIT of at most 200. */
const FIELDS_LIMIT = 200;

export function selectItems(
  soql: string,
  obj: ObjectSchema,
  fields: FieldType[] | undefined,
  limit: number | undefined,
): SelectItem[] {
  const items: SelectItem[] = [];
  for (const f of fields ?? []) {
    switch (f.type) {
      case 'Field':
        items.push({ kind: 'path', raw: f.field, alias: f.alias });
        break;
      case 'FieldRelationship':
        items.push({
          kind: 'path',
          raw: [...f.relationships, f.field].join('.'),
          alias: 'alias' in f ? (f.alias as string | undefined) : undefined,
        });
        break;
      case 'FieldSubquery':
        items.push({ kind: 'child', subquery: f.subquery });
        break;
      case 'FieldTypeof':
        throw malformed(soql, 'TYPEOF', 'localorg does not support TYPEOF');
      case 'FieldFunctionExpression': {
        const name = f.functionName.toUpperCase();
        const params = f.parameters ?? [];
        const arg = typeof params[0] === 'string' ? params[0] : null;
        if (name === 'FIELDS') {
          items.push(...expandFields(soql, obj, arg, limit));
        } else if (AGGREGATES.has(name)) {
          if (name === 'COUNT' && params.length === 0) items.push({ kind: 'count' });
          else if (arg === null) throw malformed(soql, f.functionName, `unexpected token: '${f.functionName}'`);
          else items.push({ kind: 'aggregate', fn: name, arg, alias: f.alias, rawValue: f.rawValue ?? name });
        } else if (PASS_THROUGH.has(name) && arg !== null) {
          items.push({ kind: 'path', raw: arg, alias: f.alias, wrapped: true });
        } else {
          throw malformed(soql, f.functionName, `localorg does not support ${f.functionName}() in SELECT`);
        }
        break;
      }
    }
  }
  return items;
}

function expandFields(soql: string, obj: ObjectSchema, which: string | null, limit: number | undefined): SelectItem[] {
  const kind = (which ?? '').toUpperCase();
  if (kind !== 'ALL' && kind !== 'STANDARD' && kind !== 'CUSTOM') {
    throw malformed(soql, 'FIELDS', `unexpected token: '${which}'`);
  }
  if (kind !== 'STANDARD' && (limit === undefined || limit > FIELDS_LIMIT)) {
    throw malformed(soql, 'FIELDS', 'The SOQL FIELDS function must have a LIMIT of at most 200');
  }
  return obj.fields
    .filter((f) => kind === 'ALL' || (kind === 'CUSTOM') === f.custom)
    .map((f) => ({ kind: 'path' as const, raw: f.name, implicit: true }));
}

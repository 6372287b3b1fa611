import { invalidType } from '../errors.ts';
import type { Org } from '../org.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import { queryError } from './errors.ts';

/** INVALID_TYPE with the caret header Salesforce adds when the unknown object is in a query. */
export function invalidTypeAt(soql: string, name: string) {
  return queryError('INVALID_TYPE', soql, name, invalidType(name).message);
}

export function resolveObject(org: Org, soql: string, name: string | undefined): ObjectSchema {
  const obj = name ? org.schema.get(name) : undefined;
  if (!obj?.def.queryable) throw invalidTypeAt(soql, name ?? '');
  return obj;
}

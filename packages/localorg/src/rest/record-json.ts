import { SfError } from '../errors.ts';
import type { Org } from '../org.ts';
import { readField } from '../records/read.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { SfRecord } from '../store/record-store.ts';

export function recordUrl(version: string, object: string, id: string): string {
  return `/services/data/v${version}/sobjects/${object}/${id}`;
}

/** A record as retrieve returns it: attributes first, then every (or each listed) field, nulls included. */
export function recordJson(
  org: Org,
  obj: ObjectSchema,
  row: SfRecord,
  version: string,
  fieldNames?: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: obj.name, url: recordUrl(version, obj.name, row.Id) } };
  const fields = fieldNames ? fieldNames.map((n) => fieldOrThrow(obj, n)) : obj.fields;
  for (const f of fields) out[f.name] = readField(org, obj, row, f);
  return out;
}

function fieldOrThrow(obj: ObjectSchema, name: string) {
  const f = obj.field(name.trim());
  if (!f) {
    throw new SfError(
      'INVALID_FIELD',
      `No such column '${name.trim()}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return f;
}

/** `?fields=A,B` on retrieve; undefined means all fields. */
export function fieldsParam(query: URLSearchParams): string[] | undefined {
  const raw = query.get('fields');
  if (raw === null || raw.trim() === '') return undefined;
  return raw.split(',').filter((s) => s.trim() !== '');
}

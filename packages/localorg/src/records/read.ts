import { sum } from '../decimal.ts';
import { compileFormula, type FormulaScope } from '../formula/formula.ts';
import type { Org } from '../org.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';
import type { SfRecord } from '../store/record-store.ts';

/**
 * The value of one field of a stored row as the API returns it: stored fields as stored, formula
 * fields evaluated now, compound address fields assembled from their components.
 */
export function readField(org: Org, obj: ObjectSchema, row: SfRecord, f: FieldDef): unknown {
  if (f.calculated && f.calculatedFormula) {
    return compileFormula(f.calculatedFormula, f.type, f.scale)(formulaScope(org, obj, row));
  }
  if (f.summary) return rollUp(org, row, f);
  if (f.type === 'address') return readAddress(obj, row, f.name);
  const v = row[f.name];
  return v === undefined ? null : v;
}

/**
 * A roll-up summary field, computed from the live child records when read: it is never stale, and
 * the lookup index makes it a walk over this record's children only.
 */
function rollUp(org: Org, row: SfRecord, f: FieldDef): unknown {
  const s = f.summary!;
  const childIds = org.store.childIds(s.childObject, s.foreignKey, row.Id);
  if (s.operation === 'count') return childIds.size;
  const values: unknown[] = [];
  for (const id of childIds) {
    const v = org.store.get(s.childObject, id)?.[s.field!];
    if (v !== null && v !== undefined) values.push(v);
  }
  if (s.operation === 'sum') return sum(values as number[], f.scale);
  if (values.length === 0) return null;
  const pick =
    s.operation === 'min'
      ? (a: unknown, b: unknown) => ((b as number) < (a as number) ? b : a)
      : (a: unknown, b: unknown) => ((b as number) > (a as number) ? b : a);
  return values.reduce(pick);
}

/** Follows a dotted path (`Account.Owner.Name`) through parent lookups; null when a lookup is empty. */
export function readPath(org: Org, obj: ObjectSchema, row: SfRecord, path: string): unknown {
  const parts = path.split('.');
  let currentObj = obj;
  let current: SfRecord = row;
  for (let i = 0; i < parts.length - 1; i++) {
    const lookup = currentObj.relationship(parts[i]);
    if (!lookup) throw new Error(`no relationship ${parts[i]} on ${currentObj.name}`);
    const parentId: unknown = current[lookup.name];
    if (typeof parentId !== 'string') return null;
    const parentObj = org.schema.forId(parentId);
    const parent: SfRecord | undefined = parentObj && org.store.get(parentObj.name, parentId);
    if (!parentObj || !parent) return null;
    currentObj = parentObj;
    current = parent;
  }
  const f = currentObj.field(parts[parts.length - 1]);
  if (!f) throw new Error(`no field ${path} on ${obj.name}`);
  return readField(org, currentObj, current, f);
}

export function formulaScope(org: Org, obj: ObjectSchema, row: SfRecord, prior?: SfRecord): FormulaScope {
  return {
    get: (path) => readPath(org, obj, row, path),
    prior: (name) => (prior ? (prior[obj.field(name)?.name ?? name] ?? null) : null),
    isNew: prior === undefined,
    now: () => org.clock.now(),
    timeZone: org.settings.timeZone,
    fieldType: (path) => fieldAt(org, obj, path)?.type,
  };
}

/** The definition of the field a dotted path ends at, following lookups by their declared target. */
function fieldAt(org: Org, obj: ObjectSchema, path: string): FieldDef | undefined {
  const parts = path.split('.');
  let current: ObjectSchema | undefined = obj;
  for (let i = 0; i < parts.length - 1 && current; i++) {
    const lookup = current.relationship(parts[i]);
    current = lookup ? org.schema.get(lookup.referenceTo[0]) : undefined;
  }
  return current?.field(parts[parts.length - 1]);
}

const ADDRESS_PARTS: Array<[string, string]> = [
  ['city', 'City'],
  ['country', 'Country'],
  ['geocodeAccuracy', 'GeocodeAccuracy'],
  ['latitude', 'Latitude'],
  ['longitude', 'Longitude'],
  ['postalCode', 'PostalCode'],
  ['state', 'State'],
  ['street', 'Street'],
];

/** Salesforce returns a compound address as an object, or null when every component is empty. */
function readAddress(obj: ObjectSchema, row: SfRecord, compound: string): Record<string, unknown> | null {
  const prefix = compound.replace(/Address$/, '');
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [key, suffix] of ADDRESS_PARTS) {
    const f = obj.field(prefix + suffix);
    const v = f ? (row[f.name] ?? null) : null;
    if (v !== null) any = true;
    out[key] = v;
  }
  return any ? out : null;
}

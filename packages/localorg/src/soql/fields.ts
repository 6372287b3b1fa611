import type { Org } from '../org.ts';
import { readField } from '../records/read.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';
import type { SfRecord } from '../store/record-store.ts';
import type { Getter, QueryContext } from './context.ts';
import { type At, noSuchColumn, unknownRelationship } from './errors.ts';

/** One step from a row to its parent through a lookup. */
export interface LookupStep {
  lookup: FieldDef;
  /** Canonical relationship name (`Account`, `Owner`, `Foo__r`). */
  relationship: string;
  /** The parent object, or null for a polymorphic lookup (decided per row from the id's prefix). */
  target: ObjectSchema | null;
  /** Where field names on the far side are resolved. */
  schemaTarget: ObjectSchema;
}

export interface ResolvedPath {
  /** Canonical dotted path, as Bulk 2.0 writes it in CSV headers: `Account.Owner.Name`. */
  path: string;
  steps: LookupStep[];
  field: FieldDef;
  /** The object that owns `field`. */
  object: ObjectSchema;
  get: Getter;
}

const MAX_RELATIONSHIP_DEPTH = 5;

/**
 * Resolves a (possibly dotted) field reference against `obj` once per query and returns a getter
 * that walks the lookups per row. A leading object name or alias qualifier (`Account.Name` on
 * Account, `a.Name` with `FROM Account a`) is dropped, as Salesforce allows.
 */
export function resolvePath(
  ctx: QueryContext,
  obj: ObjectSchema,
  raw: string,
  alias?: string,
  at: At = raw,
): ResolvedPath {
  let parts = raw.split('.');
  if (parts.length > 1 && !obj.relationship(parts[0])) {
    const head = parts[0].toLowerCase();
    if (head === obj.name.toLowerCase() || (alias && head === alias.toLowerCase())) parts = parts.slice(1);
  }
  const steps: LookupStep[] = [];
  let current = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const lookup = current.relationship(parts[i]);
    if (!lookup || steps.length >= MAX_RELATIONSHIP_DEPTH) throw unknownRelationship(ctx.soql, at, parts[i]);
    const targets = lookup.referenceTo.map((t) => ctx.org.schema.get(t)).filter((t) => t !== undefined);
    if (targets.length === 0) throw unknownRelationship(ctx.soql, at, parts[i]);
    steps.push({
      lookup,
      relationship: lookup.relationshipName ?? parts[i],
      target: targets.length === 1 ? targets[0] : null,
      schemaTarget: targets[0],
    });
    current = targets[0];
  }
  const leafName = parts[parts.length - 1];
  const field = current.field(leafName);
  if (!field) throw noSuchColumn(ctx.soql, at, leafName, current.name);
  const path = [...steps.map((s) => s.relationship), field.name].join('.');
  return { path, steps, field, object: current, get: makeGetter(ctx.org, obj, steps, field) };
}

function makeGetter(org: Org, obj: ObjectSchema, steps: LookupStep[], field: FieldDef): Getter {
  if (steps.length === 0) return (row) => readField(org, obj, row, field);
  const polymorphic = steps.some((s) => s.target === null);
  const leafObject = steps[steps.length - 1].schemaTarget;
  return (row) => {
    let current: SfRecord = row;
    let currentObj = obj;
    for (let i = 0; i < steps.length; i++) {
      const parent = parentOf(org, current, steps[i]);
      if (!parent) return null;
      current = parent.row;
      currentObj = parent.object;
    }
    if (!polymorphic) return readField(org, leafObject, current, field);
    const f = currentObj.field(field.name);
    return f ? readField(org, currentObj, current, f) : null;
  };
}

/** The live parent row a lookup points at, or undefined when the lookup is empty or dangling. */
export function parentOf(
  org: Org,
  row: SfRecord,
  step: LookupStep,
): { row: SfRecord; object: ObjectSchema } | undefined {
  const id = row[step.lookup.name];
  if (typeof id !== 'string' || id === '') return undefined;
  const object = step.target ?? org.schema.forId(id);
  if (!object) return undefined;
  const parent = org.store.get(object.name, id);
  return parent ? { row: parent, object } : undefined;
}

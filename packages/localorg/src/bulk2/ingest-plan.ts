import type { Org } from '../org.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { IngestJob } from './job-info.ts';

/** How one CSV column feeds a write. */
export type Column =
  | { kind: 'id' }
  | { kind: 'field'; name: string }
  /** `Parent.Billing_Account_Number__c`: set the lookup by the parent's external id. */
  | { kind: 'parent'; relationship: string; lookup: string; parentField: string }
  /** Echoed in result files but not written (everything but Id on delete). */
  | { kind: 'skip' };

export interface ColumnPlan {
  columns: Column[];
  /** Index of the Id column, or -1. */
  idIndex: number;
  /** Index of the upsert key column (the Id column when upserting on Id), or -1. */
  keyIndex: number;
}

/** Bulk's "set this field to null"; an empty cell means "leave it as it is". */
export const NULL_MARKER = '#N/A';

/** The header names something the object does not have: Salesforce fails the whole job. */
export class HeaderError extends Error {}

/**
 * Resolves the header once per job, so rows are turned into write input by index without any
 * lookups. Names are case-insensitive, as in Salesforce.
 */
export function planColumns(org: Org, obj: ObjectSchema, header: string[], job: IngestJob): ColumnPlan {
  const deleting = job.operation === 'delete' || job.operation === 'hardDelete';
  const seen = new Set<string>();
  const columns: Column[] = [];
  let idIndex = -1;
  let keyIndex = -1;
  header.forEach((name, index) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new HeaderError(`InvalidBatch : Duplicate field name: ${name}`);
    seen.add(lower);
    if (lower === 'id') {
      idIndex = index;
      columns.push({ kind: 'id' });
    } else if (deleting) {
      columns.push({ kind: 'skip' });
    } else {
      columns.push(resolveColumn(org, obj, name));
    }
    if (job.externalIdFieldName && lower === job.externalIdFieldName.toLowerCase()) keyIndex = index;
  });
  return { columns, idIndex, keyIndex };
}

function resolveColumn(org: Org, obj: ObjectSchema, name: string): Column {
  const dot = name.indexOf('.');
  if (dot < 0) {
    const f = obj.field(name);
    if (!f) throw notFound(name);
    return { kind: 'field', name: f.name };
  }
  const lookup = obj.relationship(name.slice(0, dot));
  const parent = lookup ? org.schema.get(lookup.referenceTo[0]) : undefined;
  const parentField = parent?.field(name.slice(dot + 1));
  if (!lookup || !parentField || !lookup.relationshipName) throw notFound(name);
  return { kind: 'parent', relationship: lookup.relationshipName, lookup: lookup.name, parentField: parentField.name };
}

const notFound = (name: string) => new HeaderError(`InvalidBatch : Field name not found : ${name}`);

/**
 * The write-pipeline input of one row: empty cells are left out (unchanged on update, default on
 * insert), `#N/A` becomes null, and a parent column becomes `{Relationship: {KeyField: value}}`,
 * which the pipeline resolves to the parent's id.
 */
export function rowInput(plan: ColumnPlan, row: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const { columns } = plan;
  for (let i = 0; i < columns.length; i++) {
    const value = row[i];
    if (value === '' || value === undefined) continue;
    const col = columns[i];
    if (col.kind === 'field') input[col.name] = value === NULL_MARKER ? null : value;
    else if (col.kind === 'parent') {
      if (value === NULL_MARKER) input[col.lookup] = null;
      else input[col.relationship] = { [col.parentField]: value };
    }
  }
  return input;
}

/** The cell of `index`, '' when the column is absent or the row is short. */
export const cellAt = (row: string[], index: number): string => (index < 0 ? '' : (row[index] ?? ''));

import { SfError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../org.ts';
import { deleteRecord, insertRecord, updateRecord, upsertRecord, type WriteContext } from '../records/write.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import { rowErrorText } from './errors.ts';
import { type ColumnPlan, cellAt, NULL_MARKER, rowInput } from './ingest-plan.ts';
import type { IngestJob, RowOutcome } from './job-info.ts';

/** Writes one CSV row through the same pipeline REST uses. Throws SfError when the row fails. */
export function writeRow(
  w: WriteContext,
  job: IngestJob,
  obj: ObjectSchema,
  plan: ColumnPlan,
  row: string[],
): RowOutcome {
  switch (job.operation) {
    case 'insert': {
      // jsforce sends an empty Id column for some operations; only a filled one is an error.
      if (cellAt(row, plan.idIndex) !== '') {
        throw new SfError('INVALID_FIELD', 'cannot specify Id in an insert call', 400, ['Id']);
      }
      return { id: insertRecord(w, obj.name, rowInput(plan, row)), created: true, error: null };
    }
    case 'update': {
      const id = existingId(w.org, obj, cellAt(row, plan.idIndex), 'an update');
      updateRecord(w, obj.name, id, rowInput(plan, row));
      return { id, created: false, error: null };
    }
    case 'upsert': {
      const field = job.externalIdFieldName!;
      const key = cellAt(row, plan.keyIndex);
      const byId = field.toLowerCase() === 'id';
      if (!byId && (key === '' || key === NULL_MARKER)) {
        throw new SfError('MISSING_ARGUMENT', `${field} not specified`, 400, []);
      }
      const { id, created } = upsertRecord(w, obj.name, field, key, rowInput(plan, row));
      return { id, created, error: null };
    }
    case 'delete':
    case 'hardDelete': {
      const id = existingId(w.org, obj, cellAt(row, plan.idIndex), 'a delete');
      const cascaded = job.operation === 'hardDelete' ? cascadeDescendants(w.org, obj, id) : [];
      deleteRecord(w, id, obj.name);
      if (job.operation === 'hardDelete') {
        // Hard delete skips the recycle bin: purge the record and what the delete cascaded to.
        for (const [object, childId] of [[obj.name, id], ...cascaded]) {
          if (w.org.store.getSlot(object, childId)?.location === 'bin') w.tx.purge(object, childId);
        }
      }
      return { id, created: false, error: null };
    }
  }
}

/** The id a row names for update/delete, with the per-record errors Salesforce gives for bad ones. */
function existingId(org: Org, obj: ObjectSchema, raw: string, call: string): string {
  if (raw === '') throw new SfError('MISSING_ARGUMENT', `Id not specified in ${call} call`, 400, ['Id']);
  const id = normalizeId(raw.trim());
  if (!id || id.slice(0, 3) !== obj.keyPrefix) {
    throw new SfError('MALFORMED_ID', `${obj.def.label} ID: id value of incorrect type: ${raw}`, 400, ['Id']);
  }
  const slot = org.store.getSlot(obj.name, id);
  if (!slot) throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', 400, []);
  if (slot.location === 'bin') throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', 400, []);
  return id;
}

/** Live records a delete of `id` will cascade to (master-detail children, recursively). */
function cascadeDescendants(org: Org, obj: ObjectSchema, id: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const rel of obj.childRelationships) {
    if (!rel.cascadeDelete) continue;
    const child = org.schema.get(rel.childSObject);
    if (!child) continue;
    for (const childId of org.store.childIds(rel.childSObject, rel.field, id)) {
      out.push([child.name, childId]);
      out.push(...cascadeDescendants(org, child, childId));
    }
  }
  return out;
}

/** The outcome of a failed row: its id when known, and the error as Bulk writes it. */
export function failedOutcome(
  error: unknown,
  job: IngestJob,
  obj: ObjectSchema,
  plan: ColumnPlan,
  row: string[],
): RowOutcome {
  const raw = cellAt(row, plan.idIndex);
  const id = job.operation === 'insert' || raw === '' ? '' : (normalizeId(raw.trim()) ?? '');
  if (!(error instanceof SfError)) {
    console.error('localorg: unexpected error in a Bulk API 2.0 row', error);
    return { id, created: false, error: rowErrorText('UNKNOWN_EXCEPTION', 'An unexpected error occurred', []) };
  }
  return { id, created: false, error: csvErrorText(error, obj, plan, row) };
}

/**
 * The pipeline words a few failures for JSON clients; Bulk reads text, so a value that does not
 * convert is INVALID_TYPE_ON_FIELD_IN_RECORD naming the value, and an ambiguous external id is
 * DUPLICATE_EXTERNAL_ID rather than HTTP 300.
 */
function csvErrorText(error: SfError, obj: ObjectSchema, plan: ColumnPlan, row: string[]): string {
  if (error.errorCode === 'JSON_PARSER_ERROR' && error.fields.length === 1) {
    const name = error.fields[0];
    const index = plan.columns.findIndex((c) => c.kind === 'field' && c.name === name);
    const label = obj.field(name)?.label ?? name;
    return rowErrorText(
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      `${label}: value not of required type: ${cellAt(row, index)}`,
      [name],
    );
  }
  if (error.errorCode === 'MULTIPLE_CHOICES') return rowErrorText('DUPLICATE_EXTERNAL_ID', error.message, error.fields);
  return rowErrorText(error.errorCode, error.message, error.fields);
}

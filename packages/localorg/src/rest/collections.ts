import { type RecordError, SfError } from '../errors.ts';
import { objectBody } from '../http/body.ts';
import { ok, type Reply, type RequestContext } from '../http/types.ts';
import { normalizeId } from '../ids.ts';
import {
  deleteRecord,
  insertRecord,
  objectOrThrow,
  updateRecord,
  upsertRecord,
  type WriteContext,
  writeContext,
} from '../records/write.ts';
import type { Transaction } from '../store/record-store.ts';
import { recordJson } from './record-json.ts';

/** sObject Collections take at most 200 records per request. */
export const COLLECTION_LIMIT = 200;

interface RecordResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
  created?: boolean;
}

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function tooMany(): SfError {
  return new SfError(
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`,
  );
}

/**
 * Runs one write per item inside a single transaction. Without allOrNone each item has its own
 * savepoint, so a failure undoes only that item; with allOrNone any failure undoes everything and
 * the items that had succeeded report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runItems<T>(
  ctx: RequestContext,
  items: T[],
  allOrNone: boolean,
  work: (w: WriteContext, item: T) => { id: string; created?: boolean },
  idOf: (item: T) => string | undefined = () => undefined,
  upsert = false,
): RecordResult[] {
  const org = ctx.app.org;
  const tx: Transaction = org.begin();
  const w: WriteContext = { ...writeContext(org, tx), userId: ctx.session?.userId ?? org.integrationUserId };
  const results: RecordResult[] = [];
  let failed = false;
  const fullPath = `/services/data/v${ctx.version}${ctx.path}`;
  try {
    for (const item of items) {
      const savepoint = tx.savepoint();
      try {
        // A record-scoped fault (test control): another transaction holds this row.
        if (ctx.app.faults.recordLocked(ctx.method, fullPath)) throw recordLocked();
        const { id, created } = work(w, item);
        results.push(
          created === undefined ? { id, success: true, errors: [] } : { id, success: true, errors: [], created },
        );
      } catch (error) {
        if (!(error instanceof SfError)) throw error;
        tx.rollbackTo(savepoint);
        failed = true;
        const id = idOf(item);
        results.push({
          ...(id ? { id } : {}),
          success: false,
          errors: [error.toRecordError()],
          ...(upsert ? { created: false } : {}),
        });
      }
    }
  } catch (error) {
    tx.rollback();
    throw error;
  }
  if (failed && allOrNone) {
    tx.rollback();
    return results.map((r) =>
      r.success ? { success: false, errors: [ROLLED_BACK], ...(upsert ? { created: false } : {}) } : r,
    );
  }
  tx.commit();
  return results;
}

function recordLocked(): SfError {
  return new SfError('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record or 1 records');
}

function collectionBody(ctx: RequestContext): { allOrNone: boolean; records: Record<string, unknown>[] } {
  const body = objectBody(ctx);
  const records = body.records;
  if (!Array.isArray(records)) throw new SfError('JSON_PARSER_ERROR', 'The request body must contain a records array');
  if (records.length > COLLECTION_LIMIT) throw tooMany();
  if (records.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
    throw new SfError('JSON_PARSER_ERROR', 'Each entry of records must be a JSON object');
  }
  return { allOrNone: body.allOrNone === true, records: records as Record<string, unknown>[] };
}

function typeOf(record: Record<string, unknown>): string {
  const attrs = record.attributes as { type?: unknown } | undefined;
  if (!attrs || typeof attrs.type !== 'string' || attrs.type === '') {
    throw new SfError('INVALID_TYPE', 'No SObject Type defined in attributes');
  }
  return attrs.type;
}

function withoutId(record: Record<string, unknown>): Record<string, unknown> {
  const { id: _lower, Id: _upper, ...rest } = record;
  return rest;
}

export function createCollection(ctx: RequestContext): Reply {
  const { allOrNone, records } = collectionBody(ctx);
  const results = runItems(ctx, records, allOrNone, (w, record) => {
    if (record.id != null || record.Id != null) {
      throw new SfError('INVALID_FIELD', 'cannot specify Id in an insert call', 400, ['Id']);
    }
    return { id: insertRecord(w, typeOf(record), record) };
  });
  return ok(results);
}

export function updateCollection(ctx: RequestContext): Reply {
  const { allOrNone, records } = collectionBody(ctx);
  const results = runItems(
    ctx,
    records,
    allOrNone,
    (w, record) => {
      const id = recordIdOf(record);
      const type = typeOf(record);
      const obj = objectOrThrow(w.org, type);
      if (id.slice(0, 3) !== obj.keyPrefix)
        throw new SfError('MALFORMED_ID', `${obj.name} ID: id value of incorrect type: ${id}`, 400, ['Id']);
      updateRecord(w, type, id, withoutId(record));
      return { id };
    },
    (record) => normalizeId(String(record.id ?? record.Id ?? '')) ?? undefined,
  );
  return ok(results);
}

function recordIdOf(record: Record<string, unknown>): string {
  const raw = record.id ?? record.Id;
  if (raw === undefined || raw === null || raw === '') {
    throw new SfError('MISSING_ARGUMENT', 'Id not specified in an update call', 400, ['Id']);
  }
  const id = normalizeId(String(raw));
  if (!id) throw new SfError('MALFORMED_ID', `malformed id ${String(raw)}`, 400, ['Id']);
  return id;
}

export function upsertCollection(ctx: RequestContext): Reply {
  const { allOrNone, records } = collectionBody(ctx);
  const type = objectOrThrow(ctx.app.org, ctx.params.type).name;
  const field = ctx.params.field;
  // Every upsert result carries `created`, failed ones `false` (Salesforce's UpsertResult).
  const results = runItems(
    ctx,
    records,
    allOrNone,
    (w, record) => {
      const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
      const value = key ? record[key] : undefined;
      if (field.toLowerCase() !== 'id' && (value === undefined || value === null || value === '')) {
        throw new SfError('MISSING_ARGUMENT', `${field} not specified`, 400, [field]);
      }
      return upsertRecord(w, type, field, value, field.toLowerCase() === 'id' ? withoutId(record) : record);
    },
    undefined,
    true,
  );
  return ok(results);
}

export function deleteCollection(ctx: RequestContext): Reply {
  const ids = (ctx.query.get('ids') ?? '').split(',').filter((s) => s !== '');
  if (ids.length === 0) throw new SfError('MISSING_ARGUMENT', 'ids parameter is required');
  if (ids.length > COLLECTION_LIMIT) throw tooMany();
  const allOrNone = ctx.query.get('allOrNone') === 'true';
  const results = runItems(
    ctx,
    ids,
    allOrNone,
    (w, raw) => {
      const id = normalizeId(raw);
      if (!id) throw new SfError('MALFORMED_ID', `malformed id ${raw}`, 400, []);
      const slot = w.org.schema.forId(id) && w.org.store.getSlot(w.org.schema.forId(id)!.name, id);
      if (!slot) throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', 400, []);
      if (slot.location === 'bin') throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', 400, []);
      deleteRecord(w, id);
      return { id };
    },
    (raw) => normalizeId(raw) ?? raw,
  );
  return ok(results);
}

/** `POST /composite/sobjects/{Type}` `{ids, fields}` (or GET with query params): records in id order, null when absent. */
export function retrieveCollection(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  const obj = objectOrThrow(org, ctx.params.type);
  let ids: unknown;
  let fields: unknown;
  if (ctx.method === 'GET') {
    ids = (ctx.query.get('ids') ?? '').split(',').filter(Boolean);
    fields = (ctx.query.get('fields') ?? '').split(',').filter(Boolean);
  } else {
    const body = objectBody(ctx);
    ids = body.ids;
    fields = body.fields;
  }
  if (!Array.isArray(ids) || ids.length === 0) throw new SfError('MISSING_ARGUMENT', 'ids is required');
  if (!Array.isArray(fields) || fields.length === 0) throw new SfError('MISSING_ARGUMENT', 'fields is required');
  if (ids.length > 2000) throw new SfError('EXCEEDED_ID_LIMIT', 'cannot retrieve more than 2000 records in one call');
  const names = fields.map(String);
  return ok(
    ids.map((raw) => {
      const id = normalizeId(String(raw));
      if (!id) throw new SfError('MALFORMED_ID', `malformed id ${String(raw)}`);
      const row = org.store.get(obj.name, id);
      return row ? recordJson(org, obj, row, ctx.version, names) : null;
    }),
  );
}

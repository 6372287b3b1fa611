import { notFound, SfError } from '../errors.ts';
import { objectBody } from '../http/body.ts';
import { noContent, ok, type Reply, type RequestContext } from '../http/types.ts';
import { normalizeId } from '../ids.ts';
import {
  deleteRecord,
  insertRecord,
  objectOrThrow,
  updateRecord,
  upsertRecord,
  writeContext,
} from '../records/write.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import { fieldsParam, recordJson, recordUrl } from './record-json.ts';
import { atLeast } from './versions.ts';

/** Ids in URLs: a malformed one reads like an unknown external id, as Salesforce answers it. */
function idFromPath(obj: ObjectSchema, raw: string): string {
  const id = normalizeId(raw);
  if (!id || id.slice(0, 3) !== obj.keyPrefix) {
    throw new SfError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${raw}`, 404);
  }
  return id;
}

function write<T>(ctx: RequestContext, work: (w: ReturnType<typeof writeContext>) => T): T {
  const org = ctx.app.org;
  return org.transaction((tx) =>
    work({ ...writeContext(org, tx), userId: ctx.session?.userId ?? org.integrationUserId }),
  );
}

export function createRecord(ctx: RequestContext): Reply {
  const obj = objectOrThrow(ctx.app.org, ctx.params.type);
  const body = objectBody(ctx);
  const id = write(ctx, (w) => insertRecord(w, obj.name, body));
  return {
    status: 201,
    json: { id, success: true, errors: [] },
    headers: { Location: recordUrl(ctx.version, obj.name, id) },
  };
}

export function retrieveRecord(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  const obj = objectOrThrow(org, ctx.params.type);
  const id = idFromPath(obj, ctx.params.id);
  const row = org.store.get(obj.name, id);
  if (!row) throw notFound();
  return ok(recordJson(org, obj, row, ctx.version, fieldsParam(ctx.query)));
}

export function patchRecord(ctx: RequestContext): Reply {
  const obj = objectOrThrow(ctx.app.org, ctx.params.type);
  const id = idFromPath(obj, ctx.params.id);
  const body = objectBody(ctx);
  write(ctx, (w) => updateRecord(w, obj.name, id, body));
  return noContent();
}

export function destroyRecord(ctx: RequestContext): Reply {
  const obj = objectOrThrow(ctx.app.org, ctx.params.type);
  const id = idFromPath(obj, ctx.params.id);
  write(ctx, (w) => deleteRecord(w, id, obj.name));
  return noContent();
}

/**
 * `PATCH /sobjects/{Type}/{ExternalField}/{value}`. Created: 201 with `created: true`. Updated: since
 * API 46.0, 200 with `created: false`; before that 204 without a body. Several matches: 300 with their URLs.
 */
export function upsertByExternalId(ctx: RequestContext): Reply {
  const obj = objectOrThrow(ctx.app.org, ctx.params.type);
  const body = objectBody(ctx);
  const value = ctx.params.value;
  if (ctx.query.get('updateOnly') === 'true' && findMatches(ctx, obj).length === 0) throw notFound();
  const result = multipleChoicesOnConflict(ctx, obj, () =>
    write(ctx, (w) => upsertRecord(w, obj.name, ctx.params.field, value, body)),
  );
  if (result.created) {
    return {
      status: 201,
      json: { id: result.id, success: true, errors: [], created: true },
      headers: { Location: recordUrl(ctx.version, obj.name, result.id) },
    };
  }
  if (!atLeast(ctx.version, 46)) return noContent();
  return ok({ id: result.id, success: true, errors: [], created: false });
}

/** `POST /sobjects/{Type}/Id`: an upsert by Id with no Id is a create. */
export function createThroughUpsert(ctx: RequestContext): Reply {
  if (ctx.params.field.toLowerCase() !== 'id') throw notFound();
  return createRecord(ctx);
}

export function retrieveByExternalId(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  const obj = objectOrThrow(org, ctx.params.type);
  const ids = multipleChoicesOnConflict(ctx, obj, () => findMatches(ctx, obj));
  if (ids.length === 0) throw notFound();
  if (ids.length > 1) throw multipleChoices(ctx, obj, ids);
  return ok(recordJson(org, obj, org.store.get(obj.name, ids[0])!, ctx.version, fieldsParam(ctx.query)));
}

function findMatches(ctx: RequestContext, obj: ObjectSchema): string[] {
  const org = ctx.app.org;
  const f = obj.field(ctx.params.field);
  if (!f || !(f.externalId || f.idLookup)) {
    throw new SfError(
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${ctx.params.field}`,
      404,
    );
  }
  if (f.type === 'id') {
    const id = normalizeId(ctx.params.value);
    return id && org.store.get(obj.name, id) ? [id] : [];
  }
  const key = ctx.params.value.toLowerCase();
  const ids: string[] = [];
  for (const row of org.store.scan(obj.name)) {
    const v = row[f.name];
    if (v !== null && v !== undefined && String(v).toLowerCase() === key) ids.push(row.Id);
  }
  return ids;
}

function multipleChoicesOnConflict<T>(ctx: RequestContext, obj: ObjectSchema, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SfError && error.errorCode === 'MULTIPLE_CHOICES') {
      throw multipleChoices(ctx, obj, findMatches(ctx, obj));
    }
    throw error;
  }
}

/** Salesforce answers 300 with a plain JSON array of the matching records' URLs. */
class MultipleChoices extends SfError {
  constructor(readonly urls: string[]) {
    super('MULTIPLE_CHOICES', 'Multiple records match the external id', 300);
  }
  override toBody() {
    return this.urls as never;
  }
}

function multipleChoices(ctx: RequestContext, obj: ObjectSchema, ids: string[]): SfError {
  return new MultipleChoices(ids.map((id) => recordUrl(ctx.version, obj.name, id)));
}

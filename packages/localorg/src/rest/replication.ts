import { formatDateTime } from '../clock.ts';
import { SfError } from '../errors.ts';
import { ok, type Reply, type RequestContext } from '../http/types.ts';
import { objectOrThrow } from '../records/write.ts';

const DAY = 86_400_000;
/** Replication covers the last 30 days only. */
const WINDOW_DAYS = 30;

function window(ctx: RequestContext): { start: number; end: number } {
  const rawStart = ctx.query.get('start');
  const rawEnd = ctx.query.get('end');
  if (!rawStart || !rawEnd) throw new SfError('MISSING_ARGUMENT', 'start and end are required');
  const start = Date.parse(rawStart);
  const end = Date.parse(rawEnd);
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new SfError(
      'INVALID_REPLICATION_DATE',
      'start and end must be valid date-times (e.g. 2024-05-06T00:00:00+00:00)',
    );
  }
  // Salesforce ignores seconds: both ends are truncated to the minute.
  const minute = (ms: number) => ms - (ms % 60_000);
  const s = minute(start);
  const e = minute(end);
  if (s >= e) throw new SfError('INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate');
  if (s < ctx.app.org.clock.now() - WINDOW_DAYS * DAY) {
    throw new SfError('INVALID_REPLICATION_DATE', `startDate cannot be more than ${WINDOW_DAYS} days ago`);
  }
  return { start: s, end: e };
}

/** `GET /sobjects/{Type}/updated/?start=&end=`: ids whose SystemModstamp falls in [start, end). */
export function getUpdated(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  const obj = objectOrThrow(org, ctx.params.type);
  const { start, end } = window(ctx);
  const ids: string[] = [];
  for (const row of org.store.scan(obj.name)) {
    const stamp = Date.parse(String(row.SystemModstamp));
    if (stamp >= start && stamp < end) ids.push(row.Id);
  }
  if (ids.length > 600_000) throw new SfError('EXCEEDED_ID_LIMIT', 'too many ids; narrow the start and end dates');
  return ok({ ids, latestDateCovered: formatDateTime(Math.min(end, org.clock.now() - (org.clock.now() % 60_000))) });
}

/** `GET /sobjects/{Type}/deleted/?start=&end=`: recycle-bin rows deleted in [start, end). */
export function getDeleted(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  const obj = objectOrThrow(org, ctx.params.type);
  const { start, end } = window(ctx);
  const deletedRecords: Array<{ id: string; deletedDate: string }> = [];
  let earliest = end;
  for (const row of org.store.scan(obj.name, true)) {
    if (row.IsDeleted !== true) continue;
    const stamp = Date.parse(String(row.SystemModstamp));
    earliest = Math.min(earliest, stamp);
    if (stamp >= start && stamp < end) deletedRecords.push({ id: row.Id, deletedDate: String(row.SystemModstamp) });
  }
  return ok({
    deletedRecords,
    earliestDateAvailable: formatDateTime(Math.min(earliest, start)),
    latestDateCovered: formatDateTime(Math.min(end, org.clock.now() - (org.clock.now() % 60_000))),
  });
}

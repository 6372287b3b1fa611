import { SfError } from '../errors.ts';
import { ok, type Reply, type RequestContext } from '../http/types.ts';

/** `GET /limits`: the daily API allowance as this org counts it, and fixed Bulk allowances. */
export function limits(ctx: RequestContext): Reply {
  const { used, limit } = ctx.app.apiUsage();
  const fixed = (max: number) => ({ Max: max, Remaining: max });
  return ok({
    DailyApiRequests: { Max: limit, Remaining: Math.max(0, limit - used) },
    DailyBulkApiBatches: fixed(15_000),
    DailyBulkV2QueryFileStorageMB: fixed(976_562),
    DailyBulkV2QueryJobs: fixed(10_000),
    DataStorageMB: fixed(1_024),
    FileStorageMB: fixed(1_024),
    HourlyTimeBasedWorkflow: fixed(1_000),
    SingleEmail: fixed(5_000),
  });
}

/** `GET /limits/recordCount?sObjects=Account,Contact`. */
export function recordCount(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  const requested = (ctx.query.get('sObjects') ?? '').split(',').filter(Boolean);
  const objects = requested.length > 0 ? requested.map((n) => org.schema.get(n)) : org.schema.objects;
  if (objects.some((o) => !o)) throw new SfError('INVALID_TYPE', 'sObjects contains an unknown object name');
  return ok({ sObjects: objects.map((o) => ({ count: org.store.count(o!.name), name: o!.name })) });
}

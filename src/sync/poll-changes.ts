import type { AppContext } from '../app-context.ts';
import type { SyncRunResult } from './engine/recorded-run.ts';
import { syncAccounts } from './flows/account-push/sync-accounts.ts';
import { stillFailing } from './history/history.repo.ts';
import { advanceCursor, findCursor } from './links/cursors.repo.ts';

/**
 * Re-read this much before the newest change seen: Salesforce stamps a change when its transaction
 * commits, so a slow transaction can land just behind one already read. Records read twice hash the same
 * and cost nothing but the read.
 */
const OVERLAP_MS = 2_000;
const FLOW = 'accounts';
/** One cursor for the flow's objects (Account, Contact, AccountContactRelation): they are read with one `since`. */
const CURSOR = 'changes';
/** Still-failing accounts read again per poll (they cost one query per 500). */
const RETRY_FAILING_PER_POLL = 2_000;

/**
 * Change polling on SystemModstamp: syncs what changed in Salesforce since the cursor, then moves the
 * cursor to the newest change read. The cursor lives in the store, so changes made while revbridge was
 * stopped are picked up by the next poll. Children that failed only because their parent did are read
 * again until the parent is in billing. The first poll (no cursor) is a full sync. A run that failed
 * or was deferred leaves the cursor where it was: the next poll reads the same changes again.
 */
/**
 * Where a poll starts reading. While changes are recent (the cursor moved within twice the overlap), a
 * little before the newest change seen; once they have settled, just after it (the next whole second, the
 * precision of a SOQL datetime), so a quiet org is not re-read at every poll.
 */
export function sinceOf(cursor: Date, movedAt: Date, now: Date): Date {
  if (now.getTime() - movedAt.getTime() < 2 * OVERLAP_MS) return new Date(cursor.getTime() - OVERLAP_MS);
  return new Date(Math.floor(cursor.getTime() / 1000) * 1000 + 1000);
}

export async function pollChanges(ctx: AppContext): Promise<SyncRunResult> {
  const cursor = await findCursor(ctx.db, FLOW, CURSOR);
  const since = cursor && sinceOf(cursor.modstamp, cursor.movedAt, ctx.clock.now());
  let newest = cursor?.modstamp.getTime() ?? 0;
  const result = await syncAccounts(ctx, {
    trigger: 'poll',
    since,
    alsoIds: since ? await stillFailing(ctx.db, 'account', 'parent_sync_failed', RETRY_FAILING_PER_POLL) : undefined,
    onRead: (_object, records) => {
      for (const r of records) {
        const at = typeof r.SystemModstamp === 'string' ? Date.parse(r.SystemModstamp) : NaN;
        if (at > newest) newest = at;
      }
    },
  });
  if ((result.status === 'succeeded' || result.status === 'partial') && newest > 0) {
    await advanceCursor(ctx.db, FLOW, CURSOR, new Date(newest), ctx.clock.now());
  }
  return result;
}

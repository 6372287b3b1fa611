import { formatDateTime } from '../clock.ts';
import type { Org } from '../org.ts';
import type { SfRecord, Transaction } from '../store/record-store.ts';

/** Everything one write needs: the org, the open transaction, who writes, and the instant of the write. */
export interface WriteContext {
  org: Org;
  tx: Transaction;
  userId: string;
  now: number;
  source: 'json' | 'csv';
  /**
   * Saves a new record through the whole write pipeline (checks, validation rules, platform rules).
   * Platform rules that create records (a contact's direct AccountContactRelation) call it through
   * the context: the pipeline runs the rules, so the rules cannot import the pipeline without a cycle.
   */
  insert(ctx: WriteContext, objectName: string, input: Record<string, unknown>): string;
}

let lastStamp = { now: Number.NaN, text: '' };

/** Writes in one transaction share an instant; format it once rather than per row. */
export function stampOf(now: number): string {
  if (lastStamp.now !== now) lastStamp = { now, text: formatDateTime(now) };
  return lastStamp.text;
}

export function stampModified(ctx: WriteContext, row: SfRecord): void {
  const stamp = stampOf(ctx.now);
  row.LastModifiedDate = stamp;
  row.LastModifiedById = ctx.userId;
  row.SystemModstamp = stamp;
}

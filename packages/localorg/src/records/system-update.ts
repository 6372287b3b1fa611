import type { SfRecord } from '../store/record-store.ts';
import { stampModified, type WriteContext } from './write-context.ts';

/** Applies platform-maintained values (roll-ups, derived flags) without field-level checks. */
export function systemUpdate(ctx: WriteContext, object: string, id: string, patch: Record<string, unknown>): void {
  const row = ctx.org.store.get(object, id);
  if (!row) return;
  const changed = Object.entries(patch).some(([k, v]) => row[k] !== v);
  if (!changed) return;
  const next: SfRecord = { ...row, ...patch };
  stampModified(ctx, next);
  ctx.tx.put(object, next);
}

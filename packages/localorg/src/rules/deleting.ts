import type { WriteContext } from '../records/write-context.ts';
import type { Transaction } from '../store/record-store.ts';
import type { ObjectRules } from './types.ts';

/**
 * Records whose delete is in progress in a transaction. Some children refuse a direct delete but
 * must go when their parent goes (a contact's direct AccountContactRelation, a standard price that
 * custom prices depend on); their `beforeDelete` asks here whether the delete is a cascade.
 * The mark is cleared by the parent's `afterDelete`; if the parent's delete fails and the transaction
 * carries on (collections without allOrNone roll back to a savepoint), the mark stays for the rest of
 * that transaction — a known, narrow gap.
 */
const inProgress = new WeakMap<Transaction, Set<string>>();

export function markDeleting(ctx: WriteContext, id: string): void {
  const ids = inProgress.get(ctx.tx) ?? new Set<string>();
  inProgress.set(ctx.tx, ids);
  ids.add(id);
}

export function unmarkDeleting(ctx: WriteContext, id: string): void {
  inProgress.get(ctx.tx)?.delete(id);
}

export function isDeleting(ctx: WriteContext, id: unknown): boolean {
  return typeof id === 'string' && (inProgress.get(ctx.tx)?.has(id) ?? false);
}

/** Rules for a parent whose children consult `isDeleting`. */
export const cascadeParentRules: ObjectRules = {
  beforeDelete: (ctx, _obj, row) => markDeleting(ctx, row.Id),
  afterDelete: (ctx, _obj, row) => unmarkDeleting(ctx, row.Id),
};

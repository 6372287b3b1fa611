import { fail } from '../../domain/errors.ts';
import { decimal } from '../../domain/rate.ts';
import type { Db } from '../../store/db.ts';
import { findUsageByExternalIds } from './usage.repo.ts';
import type { CheckedUsage } from './usage-input.ts';

type StoredUsage = Pick<CheckedUsage, 'account_id' | 'service_id' | 'used_on' | 'quantity'>;

/** A resent record is the same usage: same account, service, day and quantity (exactly, as decimals). */
export function sameUsage(stored: StoredUsage, row: StoredUsage): boolean {
  return (
    stored.account_id === row.account_id &&
    stored.service_id === row.service_id &&
    stored.used_on === row.used_on &&
    decimal(stored.quantity).equals(decimal(row.quantity))
  );
}

/**
 * Checks rows with an externalId against the usage stored under that id, after an insert that skipped
 * ids already stored (or repeated earlier in the same batch). A resend is harmless; the same id for
 * different usage is a sender bug that must not vanish as a "duplicate": `validation_failed` on
 * `externalId`, naming the row in a batch. Single records and batches both come through here, so they
 * cannot disagree on what "the same usage" means.
 */
export async function assertResendsMatch(db: Db, rows: CheckedUsage[], batch: boolean): Promise<void> {
  const ids = [...new Set(rows.flatMap((r) => (r.external_id === null ? [] : [r.external_id])))];
  const stored = new Map((await findUsageByExternalIds(db, ids)).map((s) => [s.external_id!, s]));
  rows.forEach((row, index) => {
    const existing = row.external_id === null ? undefined : stored.get(row.external_id);
    if (existing === undefined || sameUsage(existing, row)) return;
    const was = `${decimal(existing.quantity).toFixed()} ${existing.service_code} on ${existing.used_on} for account ${existing.account_number}`;
    fail(
      'validation_failed',
      `${batch ? `rows[${index}].` : ''}externalId "${row.external_id}" was already used for other usage (${was}).`,
      { field: batch ? `rows[${index}].externalId` : 'externalId', ...(batch ? { index } : {}) },
    );
  });
}

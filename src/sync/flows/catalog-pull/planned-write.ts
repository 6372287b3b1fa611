import type { CrmWrite, CrmWriteResult } from '../../../crm/crm.port.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';

/** One planned write and the history row that says what it does. */
export interface Planned {
  write: CrmWrite;
  outcome: RecordOutcome;
}

/** Stores a batch of outcomes in the history and counts them in the run. */
export type Recorder = (batch: RecordOutcome[]) => Promise<void>;

/** The fields of `fields` that changed. */
export function only(fields: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(changes).map((k) => [k, fields[k]]));
}

/** Records the planned writes as Salesforce answered them (in a dry run, as planned). */
export async function settle(
  planned: Planned[],
  results: CrmWriteResult[],
  dryRun: boolean,
  record: Recorder,
  onSaved?: (p: Planned, r: CrmWriteResult) => void,
): Promise<void> {
  const batch = planned.map((p, i) => {
    if (dryRun) return p.outcome;
    const r = results[i];
    if (!r?.success) return refused(p.outcome, r);
    onSaved?.(p, r);
    return { ...p.outcome, salesforceId: p.outcome.salesforceId ?? r.id ?? null };
  });
  await record(batch);
}

export function refused(outcome: RecordOutcome, result: CrmWriteResult | undefined): RecordOutcome {
  return {
    ...outcome,
    outcome: 'failed',
    errorCode: 'salesforce_request_failed',
    errorMessage: salesforceRefusal(String(outcome.label), result),
  };
}

/** Salesforce's refusal of a write, as a sentence: what it refused, its code, its message, the fields it names. */
export function salesforceRefusal(what: string, result: CrmWriteResult | undefined): string {
  const e = result?.errors[0];
  return `Salesforce refused ${what}: ${e?.code ?? 'UNKNOWN'}: ${e?.message ?? 'no reason given'}${
    e?.fields.length ? ` (${e.fields.join(', ')})` : ''
  }`;
}

/** Billing's id from an external id value (null for one billing did not write). */
export function billingIdOf(key: string): bigint | null {
  return /^\d+$/.test(key) ? BigInt(key) : null;
}

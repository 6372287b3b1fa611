import type { OutcomeCounts } from '../../domain/sync-run.ts';
import type { RetryRecord } from '../../store/schema.ts';
import type { SyncOutcomeRow, SyncRunRow } from './history.repo.ts';

export interface SyncRunView {
  runId: string;
  flow: string;
  trigger: string;
  dryRun: boolean;
  status: string;
  counts: OutcomeCounts;
  objects?: Record<string, OutcomeCounts>;
  apiCalls: number;
  /** Calls retried on the way (503, locked rows, expired sessions). */
  retries: RetryRecord[];
  error: { code: string; message: string } | null;
  retryOf: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface SyncOutcomeView {
  id: string;
  runId: string;
  object: string;
  salesforceId: string | null;
  billingId: string | null;
  label: string | null;
  outcome: string;
  diff: Record<string, { from: unknown; to: unknown }> | null;
  error: { code: string; message: string } | null;
  warnings: string[];
  at: string;
}

export function toRunView(row: SyncRunRow): SyncRunView {
  const { objects, ...counts } = row.counts as OutcomeCounts & { objects?: Record<string, OutcomeCounts> };
  return {
    runId: row.id.toString(),
    flow: row.flow,
    trigger: row.trigger,
    dryRun: row.dry_run,
    status: row.status,
    counts,
    objects,
    apiCalls: row.api_calls,
    retries: row.retries,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    retryOf: row.retry_of?.toString() ?? null,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export function toOutcomeView(row: SyncOutcomeRow): SyncOutcomeView {
  return {
    id: row.id.toString(),
    runId: row.run_id.toString(),
    object: row.object,
    salesforceId: row.salesforce_id,
    billingId: row.billing_id?.toString() ?? null,
    label: row.label,
    outcome: row.outcome,
    diff: row.diff,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    warnings: row.warnings ?? [],
    at: row.created_at.toISOString(),
  };
}

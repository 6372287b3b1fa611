/** The statuses of a sync run and the outcomes of one record in it (stored as text in the history). */
export type SyncRunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'deferred';
export type SyncOutcomeKind = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed' | 'deferred';

/**
 * A sync run's life as data: it starts `running` and ends once, in the status its outcomes decide.
 * Nothing moves a finished run.
 */
export const SYNC_RUN_TRANSITIONS = {
  running: ['succeeded', 'partial', 'failed', 'deferred'],
  succeeded: [],
  partial: [],
  failed: [],
  deferred: [],
} as const satisfies Record<SyncRunStatus, readonly SyncRunStatus[]>;

export function assertSyncRunTransition(from: SyncRunStatus, to: SyncRunStatus): void {
  if (!(SYNC_RUN_TRANSITIONS[from] as readonly SyncRunStatus[]).includes(to)) {
    throw new Error(`a sync run cannot go from ${from} to ${to}`);
  }
}

export type OutcomeCounts = Record<SyncOutcomeKind, number>;

export const OUTCOME_KINDS: readonly SyncOutcomeKind[] = [
  'created',
  'updated',
  'unchanged',
  'skipped',
  'failed',
  'deferred',
];

export function emptyCounts(): OutcomeCounts {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, deferred: 0 };
}

/**
 * How a finished run reads: `deferred` when the API budget stopped it, `failed` when records failed and
 * none got through, `partial` when some failed and others synced, `succeeded` otherwise.
 */
export function finalRunStatus(counts: OutcomeCounts, deferredByBudget: boolean): SyncRunStatus {
  if (deferredByBudget || counts.deferred > 0) return 'deferred';
  if (counts.failed === 0) return 'succeeded';
  const through = counts.created + counts.updated + counts.unchanged;
  return through === 0 ? 'failed' : 'partial';
}

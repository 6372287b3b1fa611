import type { AppContext } from '../../app-context.ts';
import type { CrmConnection, RetryEvent } from '../../crm/crm.port.ts';
import { type ErrorCode, RevbridgeError } from '../../domain/errors.ts';
import { finalRunStatus, type OutcomeCounts, type SyncRunStatus } from '../../domain/sync-run.ts';
import { beatRun, endInterruptedRuns, finishRun, insertRun, type RecordOutcome } from '../history/history.repo.ts';
import { RunOutcomes } from './run-outcomes.ts';
import { crmOf, type SyncOptions } from './sync-context.ts';

export interface SyncRunResult {
  runId: string;
  flow: string;
  status: SyncRunStatus;
  dryRun: boolean;
  counts: OutcomeCounts;
  /** Counts per Salesforce object, e.g. `{ Account: …, Contact: … }`. */
  objects: Record<string, OutcomeCounts>;
  apiCalls: number;
  /** The connection's retries (503s, locked rows, expired sessions), in order. */
  retries: readonly RetryEvent[];
  error?: { code: string; message: string };
  /** Per record: what happened, or in a dry run what would happen (the first KEPT_OUTCOMES; the history has all). */
  records: RecordOutcome[];
}

/** How often a running run says it is alive. */
export const HEARTBEAT_MS = 10_000;
/** Silence after which a `running` run is taken for dead: six missed heartbeats. */
export const INTERRUPTED_AFTER_SECONDS = 60;

export interface RunBody {
  crm: CrmConnection;
  runId: bigint;
  dryRun: boolean;
  /** Counts the outcomes as the flow decides them; the flow stores them in the history itself. */
  outcomes: RunOutcomes;
}

/**
 * One sync run, recorded: the run row first (so a crash leaves a `running` run behind, visible in the
 * history, until the next run ends it as `sync_run_interrupted` once its heartbeat has stopped), then the flow, then the run's end with its counts and API calls. A coded failure ends the run
 * `failed`, or `deferred` when Salesforce was unreachable or the API budget low (a later run resumes);
 * a bug still throws. The flow stores the outcomes (a real run's with the billing changes they describe).
 */
export async function recordedRun(
  ctx: AppContext,
  flow: string,
  objectNames: Record<string, string>,
  options: SyncOptions,
  work: (body: RunBody) => Promise<void>,
): Promise<SyncRunResult> {
  const dryRun = options.dryRun ?? false;
  const interrupted = await endInterruptedRuns(ctx.db, INTERRUPTED_AFTER_SECONDS);
  if (interrupted.length > 0) {
    ctx.logger.warn({ runIds: interrupted.map(String) }, 'sync runs whose process stopped ended as interrupted');
  }
  const run = await insertRun(ctx.db, {
    flow,
    trigger: options.trigger ?? 'api',
    dryRun,
    retryOf: options.retryOf ?? null,
    at: ctx.clock.now(),
  });
  const outcomes = new RunOutcomes(objectNames);
  let crm: CrmConnection | undefined;
  let error: { code: string; message: string } | undefined;
  let deferred = false;
  const heartbeat = setInterval(() => {
    beatRun(ctx.db, run.id).catch((e: unknown) => ctx.logger.warn({ err: e }, 'sync run heartbeat not recorded'));
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    crm = await crmOf(ctx);
    await work({ crm, runId: run.id, dryRun, outcomes });
  } catch (caught) {
    if (!(caught instanceof RevbridgeError)) throw caught;
    error = { code: caught.code, message: caught.message };
    deferred = caught.code === 'api_budget_low' || caught.code === 'salesforce_unavailable';
  } finally {
    clearInterval(heartbeat);
  }
  const { counts, objects } = outcomes;
  const status: SyncRunStatus = error && !deferred ? 'failed' : finalRunStatus(counts, deferred);
  await finishRun(ctx.db, run.id, {
    status,
    counts: { ...counts, objects },
    apiCalls: crm?.calls ?? 0,
    retries: crm?.retries ?? [],
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    at: ctx.clock.now(),
  });
  ctx.logger.info({ runId: run.id.toString(), flow, status, counts, dryRun }, 'sync run finished');
  return {
    runId: run.id.toString(),
    flow,
    status,
    dryRun,
    counts,
    objects,
    apiCalls: crm?.calls ?? 0,
    retries: crm?.retries ?? [],
    error,
    records: outcomes.kept,
  };
}

/**
 * The coded error a run failed on, to throw where a caller asked for one thing (price this opportunity)
 * rather than a batch: the API answers with its status and the CLI exits non-zero. The history keeps the
 * run; its id is in the details.
 */
export function failedRunError(result: SyncRunResult): RevbridgeError | undefined {
  if (result.status !== 'failed' || !result.error) return undefined;
  return new RevbridgeError(result.error.code as ErrorCode, result.error.message, { runId: result.runId });
}

import { EventEmitter } from 'node:events';
import { type Runner, run, type Task, type TaskList, type WorkerEvents, type WorkerPool } from 'graphile-worker';
import type { AppContext } from '../app-context.ts';
import { fail, RevbridgeError } from '../domain/errors.ts';
import type { TaskDefinition } from './define-task.ts';
import { graphilePool } from './graphile-pool.ts';
import { installJobQueue } from './install-job-queue.ts';
import { useUpAttempts } from './job-queue.repo.ts';
import { jobsSchemaOf, payloadProblems } from './job-settings.ts';
import { TASKS } from './task-registry.ts';
import { openWorkerLiveness, reclaimJobsOfDeadWorkers } from './worker-liveness.ts';
import { workerLogger } from './worker-logger.ts';

/** See `pollIntervalMs`. */
const IDLE_POLL_MS = 500;

export interface StartWorkerOptions {
  /** The store's server; the worker opens its own connections (graphile's pool and the liveness one). */
  connectionString: string;
  /** Jobs run at once in this process (REVBRIDGE_WORKER_CONCURRENCY). */
  concurrency: number;
  /** graphile-worker's schema; default `ctx.jobs.schema` (config.jobsSchema). */
  schema?: string;
  /**
   * How often an idle worker looks for jobs when no NOTIFY woke it (default 500 ms; graphile's own is 2 s). A
   * job queued for later (the next change poll) wakes no one when it falls due: this interval is what starts
   * it, so it bounds how soon a Salesforce edit reaches billing. The cost is one indexed query per interval.
   */
  pollIntervalMs?: number;
  /** How often to look for jobs held by dead workers (default 15 s; see worker-liveness.ts). */
  reclaimIntervalMs?: number;
  /**
   * How long `stop()` lets running jobs finish (default 10 s, inside the hub's 20 s stop deadline);
   * then they are failed, to be retried by another worker.
   */
  stopTimeoutMs?: number;
  /** The tasks to run (default: every registered task). */
  tasks?: readonly TaskDefinition[];
}

export interface WorkerHandle {
  /** graphile's worker pool id: what `locked_by` of this process's running jobs says. */
  poolId: string;
  /** Resolves when the worker has stopped (asked to, or because its liveness connection was lost). */
  stopped: Promise<void>;
  /**
   * Stops taking jobs and lets running ones finish: their abort signal fires after 5 s (graphile), and
   * after `stopTimeoutMs` what still runs is failed, to be retried. Then closes the worker's
   * connections. Safe to call twice.
   */
  stop(): Promise<void>;
}

const DEFAULT_RECLAIM_INTERVAL_MS = 15_000;
const DEFAULT_STOP_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * A graphile-worker pool in this process, running the registry's tasks against `ctx` (each job with a
 * logger scoped to it). Installs or upgrades the queue's schema first. Any number of workers, in any
 * number of processes, may share one database: graphile locks each job (`FOR UPDATE SKIP LOCKED`) so it
 * runs once, and a job whose worker died is returned to the queue within `reclaimIntervalMs`.
 */
export async function startWorker(ctx: AppContext, options: StartWorkerOptions): Promise<WorkerHandle> {
  const schema = options.schema ?? jobsSchemaOf(ctx);
  const logger = ctx.logger.child({ component: 'worker', jobsSchema: schema });
  await installJobQueue(options.connectionString, schema, ctx.logger);

  let runner: Runner | undefined;
  const liveness = await openWorkerLiveness(options.connectionString, logger, () => {
    void runner?.stop('worker liveness connection lost');
  });
  // graphile's pool serves job fetches and completions; the tasks use the store's own (ctx.db).
  const pgPool = graphilePool(options.connectionString, Math.max(10, options.concurrency + 2), logger);
  const events: WorkerEvents = new EventEmitter();
  let pool: WorkerPool | undefined;
  events.on('pool:create', ({ workerPool }) => {
    pool = workerPool;
  });
  try {
    runner = await run({
      pgPool,
      schema,
      concurrency: options.concurrency,
      pollInterval: options.pollIntervalMs ?? IDLE_POLL_MS,
      noHandleSignals: true,
      logger: workerLogger(logger),
      events,
      taskList: taskList(ctx, schema, options.tasks ?? TASKS),
      // No schedules from a `crontab` file that happens to sit in the working directory (an empty `crontab`
      // string still makes graphile look for one, and log that it found none).
      parsedCronItems: [],
      preset: {
        plugins: [
          {
            name: 'RevbridgeWorkerLiveness',
            version: '1.0.0',
            worker: {
              hooks: {
                // Awaited by each worker before it fetches its first job: no job is ever locked by a pool
                // that does not hold its liveness lock yet.
                startWorker: (_ctx, event) => liveness.hold(event.worker.workerPool.id),
              },
            },
          },
        ],
      },
    });
  } catch (error) {
    await liveness.close();
    await pgPool.end();
    throw error;
  }
  const started = runner;
  const poolId = pool?.id ?? '';

  const reclaim = async () => {
    try {
      const dead = await reclaimJobsOfDeadWorkers(ctx.db, schema);
      if (dead.length > 0) logger.warn({ workers: dead }, 'returned the jobs of stopped workers to the queue');
    } catch (error) {
      logger.warn({ err: error }, 'could not look for jobs of stopped workers');
    }
  };
  await reclaim();
  const timer = setInterval(() => void reclaim(), options.reclaimIntervalMs ?? DEFAULT_RECLAIM_INTERVAL_MS);
  timer.unref();

  let forced = false;
  const stopped = started.promise
    .catch((error: unknown) => logger.error({ err: error }, 'worker stopped with an error'))
    .finally(async () => {
      clearInterval(timer);
      await liveness.close();
      // A job abandoned by a forced stop still runs, and graphile reports its end on this pool: leave the
      // pool open for it (its idle connections close by themselves and never hold the process open).
      if (!forced) await pgPool.end();
    });
  logger.info({ poolId, concurrency: options.concurrency }, 'worker started');
  const stopTimeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  const stop = async () => {
    // Rejects when already stopped (the liveness connection was lost): `stopped` logged why.
    const graceful = started.stop().then(
      () => true,
      () => true,
    );
    const inTime = await Promise.race([graceful, sleep(stopTimeoutMs).then(() => false)]);
    if (!inTime) {
      // graphile would wait for them forever. Failed now, they are retried by the next worker; the
      // use-cases are idempotent, so one that still commits on its way out is not done twice.
      logger.warn({ poolId, stopTimeoutMs }, 'jobs still running at stop: failing them, to be retried');
      forced = true;
      // runner.kill() does nothing once a graceful stop has begun; the pool's own forceful shutdown does.
      await Promise.resolve(pool?.forcefulShutdown('revbridge worker stop timeout')).catch(() => {});
    }
    await stopped;
    logger.info({ poolId }, 'worker stopped');
  };
  let stopping: Promise<void> | undefined;
  return {
    poolId,
    stopped,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}

/** graphile's task functions: check the payload, run the task, keep coded failures from retrying. */
function taskList(ctx: AppContext, schema: string, tasks: readonly TaskDefinition[]): TaskList {
  const list: TaskList = {};
  for (const task of tasks) {
    if (list[task.name]) throw new Error(`two tasks are named ${task.name}`);
    const execute: Task = async (payload, helpers) => {
      // A string from graphile's pool (see graphile-pool.ts); String() keeps the type honest either way.
      const jobId = String(helpers.job.id);
      const logger = ctx.logger.child({ task: task.name, jobId, attempt: helpers.job.attempts });
      try {
        const parsed = task.payload.safeParse(payload);
        if (!parsed.success) {
          fail('job_payload_invalid', `The payload of ${task.name} job ${jobId} is not valid.`, {
            issues: payloadProblems(parsed.error),
          });
        }
        await task.run({ ...ctx, logger }, parsed.data, {
          jobId,
          attempt: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
          jobKey: helpers.job.key,
          abortSignal: helpers.abortSignal,
        });
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        // A coded failure whose status says "later" (429, 5xx: salesforce_unavailable, api_budget_low)
        // is retried with graphile's back-off, like any outage.
        if (isTransient(error)) throw new Error(`${error.code}: ${error.message}`, { cause: error });
        // Any other (bad input, a rule) would fail the same way 24 more times: keep it as failed now,
        // with its code in last_error for `revbridge jobs`.
        await useUpAttempts(ctx.db, schema, jobId);
        logger.warn({ code: error.code, details: error.details }, `job failed: ${error.message}`);
        const coded = new Error(`${error.code}: ${error.message}`);
        coded.stack = undefined;
        throw coded;
      }
    };
    list[task.name] = execute;
  }
  return list;
}

/** The catalog's status tells: 429 and 5xx codes mean "not now", every other coded failure "not like this". */
function isTransient(error: RevbridgeError): boolean {
  return error.status === 429 || error.status >= 500;
}

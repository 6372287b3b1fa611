import type pg from 'pg';
import type { AppContext } from '../app-context.ts';
import type { Config } from '../config.ts';
import { type Clock, systemClock } from '../domain/clock.ts';
import type { Logger } from '../logger.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { type CommandOutput, renderHuman, toJson } from './output.ts';

/** What a command's function receives: the application context plus the CLI's own needs. */
export interface CliContext extends AppContext {
  config: Config;
  pool: pg.Pool;
  database: DatabaseHandle;
}

export interface WithContextOptions {
  /** Bring the schema up to date before the command (default true; `db` commands decide themselves). */
  migrate?: boolean;
}

/**
 * How commands run. `withContext` opens configuration, store, clock and logger once per process,
 * runs the command's function and prints what it returns: the human form, or JSON with `--json`.
 * A `RevbridgeError` it throws ends the process with `error <code>: <message>` on stderr and exit 1
 * (see run-cli.ts); usage errors exit 2.
 */
export interface CliRunner {
  /** True when `--json` was given: print machine-readable output only. */
  readonly json: boolean;
  withContext(fn: (ctx: CliContext) => Promise<CommandOutput>, options?: WithContextOptions): Promise<void>;
  /** Prints a result without opening anything (for commands that need no store). */
  print(output: CommandOutput): void;
}

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CliRunnerHandle extends CliRunner {
  /** Logs an unexpected error with its stack (seen with LOG_LEVEL=debug), if the logger was set up. */
  logError(error: unknown): void;
  /** Closes what `withContext` opened (the store; embedded PostgreSQL if this process started it). */
  close(): Promise<void>;
}

export function createCliRunner(
  io: CliIo,
  loadConfig: () => Config | Promise<Config>,
  isJson: () => boolean,
  clock: Clock = systemClock,
): CliRunnerHandle {
  let opened: CliContext | undefined;
  let config: Config | undefined;
  let logger: Logger | undefined;

  const open = async (migrate: boolean): Promise<CliContext> => {
    config ??= await loadConfig();
    // Loaded here, not at the top: pino, pg and kysely are most of the start-up time of a command, and
    // `--help` or a usage error needs none of them.
    const [{ createLogger }, { openDatabase }, { crmFactory, localOrgCredentials }] = await Promise.all([
      import('../logger.ts'),
      import('../store/database.ts'),
      import('../crm-factory.ts'),
    ]);
    // Logs go to stderr, so stdout stays the command's output (JSON for scripts).
    logger ??= createLogger(config, process.stderr);
    if (!opened) {
      const database = await openDatabase(config, logger, { migrate });
      opened = {
        config,
        db: database.db,
        pool: database.pool,
        database,
        clock,
        logger,
        billing: { lateUsage: config.lateUsage },
        sync: { opportunityProcesses: config.opportunityProcesses },
        revenue: config.revenue,
        crm: crmFactory(config.salesforce ?? (config.localorg ? localOrgCredentials(config) : undefined), config),
        jobs: { schema: config.jobsSchema },
      };
    }
    return opened;
  };

  const print = (output: CommandOutput) => {
    io.stdout(`${isJson() ? toJson(output.data) : renderHuman(output)}\n`);
  };

  return {
    get json() {
      return isJson();
    },
    withContext: async (fn, options = {}) => {
      const ctx = await open(options.migrate ?? true);
      print(await fn(ctx));
    },
    print,
    logError: (error) => logger?.debug({ err: error }, 'command failed'),
    close: async () => {
      const current = opened;
      opened = undefined;
      await current?.database.close();
    },
  };
}

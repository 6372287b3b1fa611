import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Hub, startHub } from './hub.ts';
import { boundHeapGrowth } from './heap-growth.ts';
import { releaseEmbeddedSignalHooks } from './store/database.ts';

/**
 * `npm start`: the hub. Configuration comes from the environment (README, Configuration); Ctrl-C or
 * SIGTERM stops everything it started and exits 0.
 */
boundHeapGrowth();
let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`revbridge: ${error.message}\n`);
  process.exit(2);
}

// This process stops embedded PostgreSQL itself, after the API and the local org.
releaseEmbeddedSignalHooks();

let hub: Hub;
try {
  hub = await startHub(config);
} catch (error) {
  process.stderr.write(`revbridge: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}

/** Past this, a stop that hangs (a stuck connection) is cut short. */
const STOP_DEADLINE_MS = 20_000;

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  // Under `npm start` one Ctrl-C arrives several times (the terminal signals the whole process group, and
  // npm and tsx relay it too), so repeats are ignored; the deadline covers a stop that hangs.
  if (stopping) return;
  stopping = true;
  process.stdout.write(`revbridge: ${signal}, stopping\n`);
  setTimeout(() => {
    process.stderr.write(`revbridge: not stopped after ${STOP_DEADLINE_MS / 1000} s, exiting anyway\n`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  try {
    await hub.stop();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`revbridge: error while stopping: ${(error as Error).message}\n`);
    process.exit(1);
  }
};
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));

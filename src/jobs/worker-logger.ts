import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../logger.ts';

/**
 * graphile-worker's logger, writing through the hub's pino logger: one JSON log stream for the process,
 * with the same redaction, instead of graphile's console lines. graphile's scope (`label`, `workerId`,
 * `taskIdentifier`, `jobId`) becomes pino fields; its `warning` level is pino's `warn`.
 */
export function workerLogger(logger: Logger): GraphileLogger {
  const base = logger.child({ component: 'graphile-worker' });
  return new GraphileLogger((scope) => {
    const scoped = Object.keys(scope).length > 0 ? base.child(scope) : base;
    return (level, message, meta) => {
      // pino serialises an Error with its stack only under `err`.
      const { error, ...rest } = (meta ?? {}) as { error?: unknown } & Record<string, unknown>;
      const fields = error === undefined ? rest : { ...rest, err: error };
      switch (level as string) {
        case 'error':
          scoped.error(fields, message);
          break;
        case 'warning':
          scoped.warn(fields, message);
          break;
        case 'info':
          scoped.info(fields, message);
          break;
        default:
          scoped.debug(fields, message);
      }
    };
  });
}

import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever a scoped object carries them (`{ salesforce:
 * { clientSecret } }`, a request's `authorization` header). pino's `*` matches one level, so the
 * common depths are listed.
 */
export const REDACTED_PATHS = [
  'clientSecret',
  'password',
  'accessToken',
  'refreshToken',
  'authorization',
  '*.clientSecret',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.authorization',
  '*.*.clientSecret',
  '*.*.password',
  '*.*.accessToken',
  '*.*.authorization',
];

/**
 * The structured logger: JSON lines with `level`, `time`, `msg` and the scope fields a caller adds
 * with `logger.child({ runId, flow })`. Secrets under the keys above are written as `[redacted]`.
 */
export function createLogger(config: { logLevel: LogLevel }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'revbridge' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

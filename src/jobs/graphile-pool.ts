import pg from 'pg';
import type { Logger } from '../logger.ts';

const INT8 = pg.types.builtins.INT8;

/**
 * A pool for graphile-worker's own queries. revbridge reads int8 as BigInt process-wide (src/store/db.ts,
 * for money); graphile expects pg's default, a string, and JSON-encodes job ids (a BigInt there throws
 * "Do not know how to serialize a BigInt" when a job fails). So this pool parses int8 as text.
 *
 * Both listeners graphile checks for are installed: an idle client's error (the server restarting) is
 * logged instead of crashing the process, and graphile does not warn on the console about a bare pool.
 */
export function graphilePool(connectionString: string, max: number, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    allowExitOnIdle: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? (text: string) => text : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const onError = (error: Error & { code?: string }) =>
    logger.warn({ code: error.code, reason: error.message }, 'job queue database connection lost');
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

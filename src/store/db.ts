import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint) columns hold money in minor units: read them as BigInt, never as a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => BigInt(text));
// Dates stay ISO strings ('2026-03-01'); the domain works in calendar dates, not instants.
pg.types.setTypeParser(pg.types.builtins.DATE, (text) => text);

export type Db = Kysely<Database>;

export interface DbOptions {
  url: string;
  /** PostgreSQL schema holding revbridge's tables (tests use one schema per file). */
  schema?: string;
  max?: number;
}

export function createDb(options: DbOptions): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

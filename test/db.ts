import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';

export interface TestDb {
  db: Db;
  pool: pg.Pool;
  schema: string;
  url: string;
  close(): Promise<void>;
}

/** A fresh, migrated schema on the test PostgreSQL server, dropped by `close()`. */
export async function testDb(): Promise<TestDb> {
  const url = inject('databaseUrl');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const { db, pool } = createDb({ url, schema });
  await migrate(pool);
  return {
    db,
    pool,
    schema,
    url,
    close: async () => {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      // The job queue a worker or the hub installed beside it (see jobsSchemaFor in src/config.ts).
      await cleanup.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
      await cleanup.end();
    },
  };
}

/**
 * A schema name on the test server for a process under test (the CLI) that creates and migrates it on
 * first use; the schema is dropped after the suite that calls this.
 */
export function useOwnSchema(prefix: string): { url: string; schema: string } {
  const url = inject('databaseUrl');
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
    await admin.end();
  });
  return { url, schema };
}

import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { openDatabase } from '../../src/store/database.ts';

const logger = createLogger({ logLevel: 'silent' });

describe('openDatabase', () => {
  it('with DATABASE_URL and a schema of its own: creates the schema and migrates it once', async () => {
    const url = inject('databaseUrl');
    const schema = `t_open_${randomBytes(5).toString('hex')}`;
    const config = { databaseUrl: url, dbSchema: schema, dataDir: '/nonexistent' };
    const first = await openDatabase(config, logger);
    try {
      expect(first.source).toBe('url');
      expect(first.applied).toContain('0001_billing');
      const { rows } = await first.pool.query('SELECT current_schema() AS s');
      expect(rows[0].s).toBe(schema);
      const second = await openDatabase(config, logger);
      expect(second.applied).toEqual([]);
      await second.close();
    } finally {
      await first.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('says which server it could not reach, without the password', async () => {
    const config = { databaseUrl: 'postgres://app:hunter2@127.0.0.1:1/x', dbSchema: undefined, dataDir: '/x' };
    const error = await openDatabase(config, logger).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^cannot connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/x: /,
    );
    expect((error as Error).message).not.toContain('hunter2');
  });

  describe('without DATABASE_URL (embedded PostgreSQL)', () => {
    const dataDir = fileURLToPath(new URL(`../../.data/test-open-${randomBytes(4).toString('hex')}`, import.meta.url));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('starts it in <dataDir>/pg, shares it with a second opener, and stops it on the owner’s close', async () => {
      const config = { databaseUrl: undefined, dbSchema: undefined, dataDir };
      const owner = await openDatabase(config, logger);
      try {
        expect(owner.source).toBe('embedded');
        expect(owner.applied).toContain('0001_billing');
        expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

        // What the CLI does while the hub runs: use the running server instead of restarting it.
        const guest = await openDatabase(config, logger);
        expect(guest.source).toBe('attached');
        expect(guest.url).toBe(owner.url);
        await guest.close();
        expect((await owner.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      } finally {
        await owner.close();
      }
      expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      expect(existsSync(join(dataDir, 'pg.owner.json'))).toBe(false);
    });
  });
});

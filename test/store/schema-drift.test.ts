import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpSchema } from '../../src/store/schema-dump.ts';
import { type TestDb, testDb } from '../db.ts';

const SCHEMA_FILE = new URL('../../src/store/schema.sql', import.meta.url);

describe('src/store/schema.sql', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(() => t.close());

  it('is what the migrations produce', async () => {
    const migrated = await dumpSchema(t.pool);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(
      migrated,
      'src/store/schema.sql differs from the schema the migrations build: run `npm run db:schema` and commit the result',
    ).toBe(committed);
  });

  it('is deterministic and independent of the schema name', async () => {
    const other = await testDb();
    try {
      expect(await dumpSchema(other.pool, other.schema)).toBe(await dumpSchema(t.pool));
    } finally {
      await other.close();
    }
  });

  it('sees every kind of object a migration may add', async () => {
    const probe = await testDb();
    await probe.pool.query(`
      CREATE TYPE drift_mood AS ENUM ('calm', 'it''s fine');
      CREATE TABLE drift_probe (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, mood drift_mood NOT NULL,
        twice int GENERATED ALWAYS AS (id * 2) STORED, note varchar(20) DEFAULT 'x', EXCLUDE USING btree (note WITH =));
      CREATE INDEX drift_probe_mood_idx ON drift_probe (mood) WHERE note IS NOT NULL;
      CREATE VIEW drift_view AS SELECT id FROM drift_probe;
      CREATE FUNCTION drift_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER drift_trg BEFORE INSERT ON drift_probe FOR EACH ROW EXECUTE FUNCTION drift_fn();
    `);
    try {
      const sql = await dumpSchema(probe.pool);
      expect(sql).toContain("CREATE TYPE drift_mood AS ENUM ('calm', 'it''s fine');");
      expect(sql).toContain('  id integer GENERATED ALWAYS AS IDENTITY NOT NULL,');
      expect(sql).toContain('  twice integer GENERATED ALWAYS AS ((id * 2)) STORED,');
      expect(sql).toContain("  note character varying(20) DEFAULT 'x'::character varying,");
      expect(sql).toContain('  CONSTRAINT drift_probe_note_excl EXCLUDE USING btree (note WITH =)');
      expect(sql).toContain(
        'CREATE INDEX drift_probe_mood_idx ON drift_probe USING btree (mood) WHERE (note IS NOT NULL);',
      );
      // PostgreSQL 18 (embedded) prints `SELECT id`, 15 (a DATABASE_URL server) `SELECT drift_probe.id`.
      expect(sql).toMatch(/CREATE VIEW drift_view AS\n\s*SELECT (drift_probe\.)?id\s+FROM drift_probe;/);
      expect(sql).toContain('CREATE OR REPLACE FUNCTION drift_fn()');
      expect(sql).toContain(
        'CREATE TRIGGER drift_trg BEFORE INSERT ON drift_probe FOR EACH ROW EXECUTE FUNCTION drift_fn();',
      );
      expect(sql).not.toContain(probe.schema);
    } finally {
      await probe.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from './db.ts';
import { migrate } from './migrate.ts';

export const SCHEMA_HEADER =
  '-- revbridge database schema, generated from src/store/migrations by `npm run db:schema`.\n' +
  '-- Do not edit: write a migration, then regenerate. A test fails when the two differ.\n';

/**
 * A normalised, deterministic SQL text of one schema's objects, read from the catalogs (not pg_dump:
 * the embedded server is PostgreSQL 18 and the machine's pg_dump is older, and it would print
 * version-specific noise). Tables in name order with their columns in position order (type,
 * nullability, default), then their constraints and indexes by name; enum types, views, functions and
 * triggers likewise. Names are printed unqualified, so the text does not depend on the schema's name.
 *
 * @example
 * const sql = await dumpSchema(pool); // the pool's current schema
 */
export async function dumpSchema(pool: pg.Pool, schema?: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const target = schema ?? (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s;
    if (!target) throw new Error('no current schema: the search_path names no existing schema');
    // Catalog functions (pg_get_constraintdef, regclass output) qualify names not on the search_path.
    await client.query(`SET LOCAL search_path TO ${pg.escapeIdentifier(target)}`);
    const q = async <R extends pg.QueryResultRow>(sql: string) => (await client.query<R>(sql, [target])).rows;

    const tables = await q<{ oid: number; name: string; unlogged: boolean }>(`
      SELECT c.oid::int AS oid, quote_ident(c.relname) AS name, c.relpersistence = 'u' AS unlogged FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname COLLATE "C"`);
    const columns = await q<{
      table: number;
      name: string;
      type: string;
      notnull: boolean;
      def: string | null;
      identity: string;
      generated: string;
    }>(`
      SELECT a.attrelid::int AS table, quote_ident(a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity,
             a.attgenerated AS generated
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`);
    // contype 'n' (NOT NULL as a constraint, PostgreSQL 18+) is already shown on the column.
    const constraints = await q<{ table: number; name: string; def: string }>(`
      SELECT co.conrelid::int AS table, quote_ident(co.conname) AS name, pg_get_constraintdef(co.oid) AS def
      FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace
      WHERE n.nspname = $1 AND co.conrelid <> 0 AND co.contype IN ('p', 'u', 'f', 'c', 'x')
      ORDER BY co.conrelid, CASE co.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'f' THEN 2 ELSE 3 END,
               co.conname COLLATE "C"`);
    // Indexes that back a primary key, unique or exclusion constraint are printed as that constraint.
    const indexes = await q<{ table: number; def: string }>(`
      SELECT i.indrelid::int AS table, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid)
      ORDER BY i.indrelid, ic.relname COLLATE "C"`);
    const enums = await q<{ name: string; labels: string[] }>(`
      SELECT quote_ident(t.typname) AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = $1 GROUP BY t.typname ORDER BY t.typname COLLATE "C"`);
    const views = await q<{ name: string; kind: string; def: string }>(`
      SELECT quote_ident(c.relname) AS name, c.relkind AS kind, pg_get_viewdef(c.oid) AS def
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') ORDER BY c.relname COLLATE "C"`);
    const functions = await q<{ def: string }>(`
      SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')
      ORDER BY p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C"`);
    const triggers = await q<{ def: string }>(`
      SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT t.tgisinternal ORDER BY c.relname COLLATE "C", t.tgname COLLATE "C"`);
    await client.query('COMMIT');

    // pg_get_indexdef, pg_get_functiondef and pg_get_triggerdef qualify names whatever the search_path.
    const qualifier = `${(await q<{ s: string }>('SELECT quote_ident($1) AS s'))[0].s}.`;
    const unqualify = (def: string) => def.split(qualifier).join('');

    const blocks: string[] = [];
    for (const e of enums) blocks.push(`CREATE TYPE ${e.name} AS ENUM (${e.labels.map(literal).join(', ')});`);
    for (const t of tables) {
      const lines = columns
        .filter((c) => c.table === t.oid)
        .map((c) => {
          let line = `  ${c.name} ${c.type}`;
          if (c.generated === 's') line += ` GENERATED ALWAYS AS (${c.def}) STORED`;
          else if (c.generated === 'v') line += ` GENERATED ALWAYS AS (${c.def}) VIRTUAL`;
          else if (c.def !== null) line += ` DEFAULT ${c.def}`;
          if (c.identity) line += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
          if (c.notnull) line += ' NOT NULL';
          return line;
        });
      for (const c of constraints.filter((c) => c.table === t.oid)) {
        lines.push(`  CONSTRAINT ${c.name} ${c.def}`);
      }
      const own = indexes.filter((i) => i.table === t.oid).map((i) => `${unqualify(i.def)};`);
      blocks.push(
        [`CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${t.name} (\n${lines.join(',\n')}\n);`, ...own].join('\n'),
      );
    }
    for (const v of views) {
      blocks.push(`CREATE ${v.kind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW'} ${v.name} AS\n${unqualify(v.def.trim())}`);
    }
    for (const f of functions) blocks.push(`${unqualify(f.def.trim())};`);
    for (const t of triggers) blocks.push(`${unqualify(t.def)};`);
    return `${SCHEMA_HEADER}\n${blocks.join('\n\n')}\n`;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Applies every migration to a new, empty schema on the server `url` names, dumps it and drops it:
 * what `src/store/schema.sql` must contain, whatever state the database's own schema is in.
 */
export async function dumpMigratedSchema(url: string): Promise<string> {
  const scratch = `revbridge_schema_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${scratch}`);
    const { db, pool } = createDb({ url, schema: scratch, max: 1 });
    // pool.end() resolves before its client's goodbye reaches the server; if the server stops right
    // after (the CLI on embedded PostgreSQL), that client reports the shutdown, which is no failure.
    pool.on('error', () => {});
    try {
      await migrate(pool);
      return await dumpSchema(pool, scratch);
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${scratch} CASCADE`).catch(() => {});
    await admin.end();
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

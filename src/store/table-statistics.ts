import { sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './db.ts';

/** Rows a load adds before its first analysis: below this, any plan is cheap. */
const MIN_ROWS_BEFORE_ANALYZE = 5_000;
/**
 * A new analysis once the tables have grown this many times over since the last: a plan made from statistics four
 * times too small still picks the index (the quadratic plans come from statistics hundreds of times off), and each
 * analysis is half a second of the store's time at 200k rows.
 */
const GROWTH_BEFORE_ANALYZE = 4;

/**
 * Keeps PostgreSQL's statistics in step with a load that grows tables fast. The planner plans from the
 * statistics autovacuum refreshes at most once a minute (`autovacuum_naptime`); an initial sync takes
 * accounts, contacts and links from nothing to 100k+ rows in less, and plans made for the near-empty
 * tables (a scan of every row for each batch of ids, or the wrong index) then cost a scan of the whole
 * table per chunk: quadratic in the load (measured: 12 s of 60 at 100k accounts on the link lookups alone).
 * So the load re-analyzes its tables each time they have grown fourfold since the last analysis: log₄ of the
 * growth, each a sample of at most 30,000 rows.
 *
 * `concurrent`: analyze on another connection while the load goes on (`db` is a pool); otherwise `db` is
 * the load's own transaction (a dry run), where ANALYZE sees the rows it inserted and must run in turn.
 */
export class TableStatistics {
  private basis: Promise<number> | undefined;
  private added = 0;
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly db: Db,
    /** The tables the load grows; the first is the one whose size sets the pace. */
    private readonly tables: readonly (keyof Database & string)[],
    private readonly concurrent: boolean,
  ) {}

  /** Told the rows a step added; analyzes when the tables have grown fourfold since the last analysis. */
  async grew(rows: number): Promise<void> {
    this.basis ??= estimatedRows(this.db, this.tables[0]);
    const basis = await this.basis;
    this.added += rows;
    if (this.added < Math.max(MIN_ROWS_BEFORE_ANALYZE, basis * (GROWTH_BEFORE_ANALYZE - 1))) return;
    this.basis = Promise.resolve(basis + this.added);
    this.added = 0;
    const analyze = sql`ANALYZE ${sql.join(this.tables.map((t) => sql.table(t)))}`.execute(this.db);
    if (!this.concurrent) {
      await analyze;
      return;
    }
    // Handled at once (an unhandled rejection would end the process); reported by `settled`.
    const done = analyze.then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    this.pending = this.pending.then(() => done);
  }

  /** Waits for the analyses in flight; throws what one of them threw. */
  async settled(): Promise<void> {
    await this.pending;
    if (this.failure !== undefined) throw this.failure;
  }
}

/** The planner's own idea of a table's size (0 for one never analyzed). */
async function estimatedRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(db);
  return rows[0]?.n ?? 0;
}

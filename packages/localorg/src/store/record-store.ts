import { foldCase } from '../case-fold.ts';

/**
 * In-memory record storage with the indexes the API needs: by id, by unique/external-id value,
 * and by lookup (parent id → child ids) for child subqueries, roll-ups and cascade deletes.
 *
 * Rows are immutable: a write replaces the row object. That makes a transaction's undo log a list of
 * (table, id, previous row) and makes rollback exact.
 */
export type SfRecord = Record<string, unknown> & { Id: string };

export type Location = 'live' | 'bin';

interface Slot {
  row: SfRecord;
  location: Location;
}

export class Table {
  readonly slots = new Map<string, Slot>();
  liveCount = 0;
  /** field → case-folded value (or exact, for case-sensitive fields) → id. Live rows only. */
  readonly unique = new Map<string, Map<string, string>>();
  /** reference field → parent id → child ids. Live rows only. */
  readonly refs = new Map<string, Map<string, Set<string>>>();

  constructor(
    readonly object: string,
    uniqueFields: Array<{ name: string; caseSensitive: boolean }>,
    referenceFields: string[],
  ) {
    for (const f of uniqueFields) this.unique.set(f.name, new Map());
    this.caseSensitive = new Set(uniqueFields.filter((f) => f.caseSensitive).map((f) => f.name));
    for (const f of referenceFields) this.refs.set(f, new Map());
  }

  private readonly caseSensitive: Set<string>;

  uniqueKey(field: string, value: unknown): string {
    const text = String(value);
    return this.caseSensitive.has(field) ? text : foldCase(text);
  }

  /** Puts `next` (or nothing) in the slot of `id`, keeping every index in step. */
  set(id: string, next: Slot | undefined): void {
    const prev = this.slots.get(id);
    if (prev?.location === 'live') this.unindex(prev.row);
    if (next) {
      this.slots.set(id, next);
      if (next.location === 'live') this.index(next.row);
    } else this.slots.delete(id);
    this.liveCount += (next?.location === 'live' ? 1 : 0) - (prev?.location === 'live' ? 1 : 0);
  }

  private index(row: SfRecord): void {
    for (const [field, map] of this.unique) {
      const v = row[field];
      if (v !== null && v !== undefined && v !== '') map.set(this.uniqueKey(field, v), row.Id);
    }
    for (const [field, map] of this.refs) {
      const parent = row[field];
      if (typeof parent !== 'string') continue;
      const children = map.get(parent);
      if (children) children.add(row.Id);
      else map.set(parent, new Set([row.Id]));
    }
  }

  private unindex(row: SfRecord): void {
    for (const [field, map] of this.unique) {
      const v = row[field];
      if (v === null || v === undefined || v === '') continue;
      const key = this.uniqueKey(field, v);
      if (map.get(key) === row.Id) map.delete(key);
    }
    for (const [field, map] of this.refs) {
      const parent = row[field];
      if (typeof parent !== 'string') continue;
      const children = map.get(parent);
      children?.delete(row.Id);
      if (children?.size === 0) map.delete(parent);
    }
  }
}

export interface UndoEntry {
  table: Table;
  id: string;
  previous: Slot | undefined;
}

export type JournalOp = ['put', string, SfRecord, Location] | ['purge', string, string];

export class RecordStore {
  private readonly tables = new Map<string, Table>();

  /** Registers (or re-registers, after a schema change) an object's table and its indexes. */
  defineTable(object: string, uniqueFields: Array<{ name: string; caseSensitive: boolean }>, refs: string[]): void {
    const existing = this.tables.get(object);
    const table = new Table(object, uniqueFields, refs);
    this.tables.set(object, table);
    if (existing) for (const [id, slot] of existing.slots) table.set(id, slot);
  }

  table(object: string): Table {
    const t = this.tables.get(object);
    if (!t) throw new Error(`no table for ${object}`);
    return t;
  }

  get(object: string, id: string): SfRecord | undefined {
    const slot = this.tables.get(object)?.slots.get(id);
    return slot?.location === 'live' ? slot.row : undefined;
  }

  /** Live or recycle-bin row. */
  getSlot(object: string, id: string): Slot | undefined {
    return this.tables.get(object)?.slots.get(id);
  }

  *scan(object: string, includeDeleted = false): IterableIterator<SfRecord> {
    const table = this.tables.get(object);
    if (!table) return;
    for (const slot of table.slots.values()) {
      if (includeDeleted || slot.location === 'live') yield slot.row;
    }
  }

  count(object: string): number {
    return this.tables.get(object)?.liveCount ?? 0;
  }

  totalLive(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.liveCount;
    return n;
  }

  findUnique(object: string, field: string, value: unknown): string | undefined {
    const table = this.tables.get(object);
    return table?.unique.get(field)?.get(table.uniqueKey(field, value));
  }

  childIds(object: string, field: string, parentId: string): ReadonlySet<string> {
    return this.tables.get(object)?.refs.get(field)?.get(parentId) ?? EMPTY;
  }

  hasUniqueIndex(object: string, field: string): boolean {
    return this.tables.get(object)?.unique.has(field) ?? false;
  }

  clear(): void {
    for (const t of this.tables.values()) for (const id of [...t.slots.keys()]) t.set(id, undefined);
  }

  /** Applies a journal op without undo (loading a data dir). */
  replay(op: JournalOp): void {
    if (op[0] === 'put') this.table(op[1]).set(op[2].Id, { row: op[2], location: op[3] });
    else this.table(op[1]).set(op[2], undefined);
  }

  *dump(): IterableIterator<JournalOp> {
    for (const t of this.tables.values()) {
      for (const slot of t.slots.values()) yield ['put', t.object, slot.row, slot.location];
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * A unit of work over the store. Writes apply immediately (so later steps of the same request see
 * them); `rollback` or `rollbackTo(savepoint)` undoes them exactly. `commit` hands the ops to the journal.
 *
 * A transaction opened while another is active (a composite request with allOrNone) nests: it shares
 * the outer undo log from its own savepoint, its rollback stops at that savepoint, and its commit
 * leaves the changes to the outer transaction, which alone journals them.
 */
export class Transaction {
  private readonly undo: UndoEntry[];
  private readonly base: number;

  constructor(
    readonly store: RecordStore,
    private readonly onCommit: (ops: JournalOp[]) => void,
    private readonly outer?: Transaction,
  ) {
    this.undo = outer ? outer.undo : [];
    this.base = outer ? outer.savepoint() : 0;
  }

  put(object: string, row: SfRecord, location: Location = 'live'): void {
    const table = this.store.table(object);
    this.undo.push({ table, id: row.Id, previous: table.slots.get(row.Id) });
    table.set(row.Id, { row, location });
  }

  purge(object: string, id: string): void {
    const table = this.store.table(object);
    this.undo.push({ table, id, previous: table.slots.get(id) });
    table.set(id, undefined);
  }

  savepoint(): number {
    return this.undo.length;
  }

  rollbackTo(savepoint: number): void {
    while (this.undo.length > Math.max(savepoint, this.base)) {
      const entry = this.undo.pop()!;
      entry.table.set(entry.id, entry.previous);
    }
  }

  rollback(): void {
    this.rollbackTo(this.base);
  }

  commit(): void {
    if (this.outer || this.undo.length === 0) return;
    // Several writes to one row in a transaction journal once, with the final state.
    const final = new Map<string, JournalOp>();
    for (const { table, id } of this.undo) {
      const slot = table.slots.get(id);
      final.set(id, slot ? ['put', table.object, slot.row, slot.location] : ['purge', table.object, id]);
    }
    this.undo.length = 0;
    this.onCommit([...final.values()]);
  }
}

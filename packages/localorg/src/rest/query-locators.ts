import { randomBytes } from 'node:crypto';
import type { SfRecord } from '../store/record-store.ts';

export interface OpenCursor {
  rows: SfRecord[];
  project: (row: SfRecord) => Record<string, unknown>;
  totalSize: number;
  position: number;
  batchSize: number;
  touchedAt: number;
}

/** Salesforce closes a query locator after 15 minutes without use. */
const IDLE_MS = 15 * 60_000;
/** More open cursors than this and the oldest are closed, as a real org limits open locators. */
const MAX_OPEN = 1000;

/**
 * Open query cursors behind `nextRecordsUrl`. A locator id looks like Salesforce's
 * (`01g…-2000`: cursor id, dash, offset of the next page).
 */
export class QueryLocators {
  private readonly open = new Map<string, OpenCursor>();
  private counter = 0;

  create(cursor: Omit<OpenCursor, 'touchedAt'>, now: number): string {
    this.sweep(now);
    const id = `01g${(++this.counter).toString(36).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
    this.open.set(id, { ...cursor, touchedAt: now });
    return id;
  }

  /** The cursor behind a locator (`<id>-<offset>`), positioned at the offset, or undefined. */
  take(locator: string, now: number): OpenCursor | undefined {
    this.sweep(now);
    const dash = locator.lastIndexOf('-');
    const id = dash < 0 ? locator : locator.slice(0, dash);
    const offset = dash < 0 ? Number.NaN : Number(locator.slice(dash + 1));
    const cursor = this.open.get(id);
    if (!cursor || !Number.isInteger(offset) || offset < 0 || offset > cursor.rows.length) return undefined;
    cursor.position = offset;
    cursor.touchedAt = now;
    return cursor;
  }

  close(locator: string): void {
    const dash = locator.lastIndexOf('-');
    this.open.delete(dash < 0 ? locator : locator.slice(0, dash));
  }

  clear(): void {
    this.open.clear();
  }

  get size(): number {
    return this.open.size;
  }

  private sweep(now: number): void {
    for (const [id, c] of this.open) if (now - c.touchedAt > IDLE_MS) this.open.delete(id);
    while (this.open.size >= MAX_OPEN) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      this.open.delete(oldest);
    }
  }
}

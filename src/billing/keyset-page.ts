import { fail } from '../domain/errors.ts';
import { isId } from './input/id-input.ts';

/** What a caller may ask of a listing paged by id. */
export interface PageRequest {
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** A validated page request: how many rows to show, and the id the page starts after. */
export interface PageWindow {
  limit: number;
  afterId: bigint | null;
  /** What to ask the repository for: one row more than shown tells whether another page exists without a count(*). */
  fetch: number;
}

/** Checks `limit` (a whole number from 1 to `max`, `fallback` when absent) and `cursor` (an id from a previous page). */
export function pageWindow(input: PageRequest, fallback: number, max: number): PageWindow {
  const limit = input.limit ?? fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    fail('validation_failed', `limit must be a whole number from 1 to ${max}, got ${limit}.`, { field: 'limit' });
  }
  if (input.cursor !== undefined && !isId(input.cursor)) {
    fail('validation_failed', `"${input.cursor}" is not a cursor from a previous page.`, { field: 'cursor' });
  }
  return { limit, afterId: input.cursor === undefined ? null : BigInt(input.cursor), fetch: limit + 1 };
}

/** The rows to show from a fetch of `window.fetch` rows, and the cursor of the next page (null on the last). */
export function keysetPage<T extends { id: bigint }>(
  rows: T[],
  window: PageWindow,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, window.limit);
  return { page, nextCursor: rows.length > window.limit ? page[page.length - 1].id.toString() : null };
}

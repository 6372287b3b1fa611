import type { Command } from 'commander';
import type { PageRequest } from '../billing/keyset-page.ts';
import { renderHuman, type Table } from './output.ts';

/** What `--limit` and `--cursor` give an action: commander hands every value over as text. */
export interface PageOptions {
  limit?: string;
  cursor?: string;
}

/** Adds `--limit` and `--cursor`, which every listing paged by id takes. */
export function withPageOptions(command: Command, defaultLimit: number): Command {
  return command
    .option('--limit <n>', `page size (default ${defaultLimit})`)
    .option('--cursor <cursor>', 'nextCursor of the previous page');
}

/** The page the options ask for. */
export function pageRequest(o: PageOptions): PageRequest {
  return { cursor: o.cursor, limit: o.limit === undefined ? undefined : Number(o.limit) };
}

/**
 * A page for people: its table, then `footer` lines (e.g. totals), then how to ask for the next page
 * when there is one.
 */
export function pageText(rows: Table, nextCursor: string | null, footer = ''): string {
  return `${renderHuman({ data: null, human: rows })}${footer}${nextCursor ? `\nmore: --cursor ${nextCursor}` : ''}`;
}

import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { malformed } from './errors.ts';

/**
 * Parsed queries keyed by their text. Clients page through results and poll with the same SOQL
 * over and over; parsing (chevrotain) costs more than filtering a small table, so keep the ASTs.
 * Callers must treat the AST as read-only.
 */
const cache = new Map<string, Query>();
const CACHE_SIZE = 500;

export function parseSoql(soql: string): Query {
  const hit = cache.get(soql);
  if (hit) return hit;
  let query: Query;
  try {
    query = parseQuery(soql);
  } catch (error) {
    throw parseFailure(soql, error);
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(soql, query);
  return query;
}

/** The chevrotain error names the token it choked on but not where; find it by re-parsing prefixes. */
function parseFailure(soql: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const lexing = /at offset: (\d+)/.exec(message);
  if (lexing) {
    const offset = Number(lexing[1]);
    return malformed(soql, offset, `unexpected token: '${soql[offset]}'`);
  }
  const image = foundToken(message);
  if (image === null || image === '') return malformed(soql, soql.length, "unexpected token: '<EOF>'");
  return malformed(soql, offsetOf(soql, image, message), `unexpected token: '${image}'`);
}

function foundToken(message: string): string | null {
  const m = /but found --> '(.*)' <--/s.exec(message) ?? /but found: '(.*)'\s*$/s.exec(message);
  if (m) return m[1];
  const bare = /but found: (\S*)\s*$/.exec(message);
  return bare ? bare[1] : null;
}

/**
 * The failing occurrence is the first one where parsing the text up to and including it fails on
 * that same token (earlier occurrences either parse or fail at end of input).
 */
function offsetOf(soql: string, image: string, message: string): number {
  let last = -1;
  for (let at = soql.indexOf(image); at >= 0; at = soql.indexOf(image, at + 1)) {
    last = at;
    try {
      parseQuery(soql.slice(0, at + image.length));
    } catch (error) {
      if (error instanceof Error && error.message === message) return at;
      if (error instanceof Error && foundToken(error.message) === image) return at;
    }
  }
  return last < 0 ? soql.length : last;
}

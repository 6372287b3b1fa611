/** The largest id PostgreSQL's bigint holds; a longer number cannot name a row. */
export const MAX_ID = 9223372036854775807n;

/**
 * Ids travel as decimal strings (JSON has no bigint). Anything else, or a number past bigint, cannot
 * name a row: callers then look the value up as a code or number instead, or answer "not found".
 */
export function isId(value: string): boolean {
  return typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_ID;
}

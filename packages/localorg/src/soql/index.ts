/**
 * SOQL for the local org: parse (soql-parser-js), validate against the schema registry, compile
 * WHERE into closures, pick an index, then sort, page and project. See docs/localorg.md for the
 * supported subset.
 */
export { assertBulkQueryable } from './bulk.ts';
export { type ColumnMetadata, type QueryColumns, queryColumns } from './columns.ts';
export type { SoqlOptions } from './context.ts';
export { executeSoql, type SoqlResult } from './execute.ts';

import { SfError } from '../errors.ts';
import { ok, type Reply, type RequestContext } from '../http/types.ts';
import { executeSoql, queryColumns } from '../soql/index.ts';

const DEFAULT_BATCH = 2000;

/** `Sforce-Query-Options: batchSize=N` asks for 200–2,000 rows per page; the org may return fewer. */
function batchSizeOf(ctx: RequestContext): number {
  const header = String(ctx.headers['sforce-query-options'] ?? '');
  const m = /batchSize\s*=\s*(\d+)/i.exec(header);
  if (!m) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(200, Number(m[1])));
}

/**
 * `GET /query?q=` and `/queryAll?q=`: the first page, and a locator for the rest. With `columns=true`
 * the answer is the query's column metadata instead of its records (the `sf` CLI asks for it).
 */
export function runQuery(ctx: RequestContext, includeDeleted: boolean): Reply {
  const soql = ctx.query.get('q');
  if (soql === null || soql.trim() === '') throw new SfError('MALFORMED_QUERY', 'A query string has to be specified');
  if (ctx.query.get('columns') === 'true') {
    return ok(queryColumns(ctx.app.org, soql, { includeDeleted, apiVersion: ctx.version }));
  }
  const result = executeSoql(ctx.app.org, soql, { includeDeleted, apiVersion: ctx.version });
  if (result.kind === 'count') return ok({ totalSize: result.totalSize, done: true, records: [] });
  if (result.kind === 'aggregate') return ok({ totalSize: result.totalSize, done: true, records: result.records });
  const batchSize = batchSizeOf(ctx);
  const first = result.rows.slice(0, batchSize).map(result.project);
  if (result.rows.length <= batchSize) return ok({ totalSize: result.totalSize, done: true, records: first });
  const locator = ctx.app.locators.create(
    { rows: result.rows, project: result.project, totalSize: result.totalSize, position: batchSize, batchSize },
    ctx.app.org.clock.now(),
  );
  return ok({
    totalSize: result.totalSize,
    done: false,
    nextRecordsUrl: `/services/data/v${ctx.version}/${includeDeleted ? 'queryAll' : 'query'}/${locator}-${batchSize}`,
    records: first,
  });
}

/**
 * `GET /query/{locator}` (and `/queryAll/{locator}`: jsforce rebuilds every nextRecordsUrl under
 * `/query/`, so both serve the same cursors).
 */
export function queryMore(ctx: RequestContext): Reply {
  const locator = ctx.params.locator;
  const cursor = ctx.app.locators.take(locator, ctx.app.org.clock.now());
  if (!cursor) throw new SfError('INVALID_QUERY_LOCATOR', 'invalid query locator');
  const start = cursor.position;
  const end = Math.min(cursor.rows.length, start + cursor.batchSize);
  const records = cursor.rows.slice(start, end).map(cursor.project);
  const done = end >= cursor.rows.length;
  const id = locator.slice(0, locator.lastIndexOf('-'));
  const kind = ctx.path.startsWith('/queryAll/') ? 'queryAll' : 'query';
  return ok({
    totalSize: cursor.totalSize,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/v${ctx.version}/${kind}/${id}-${end}` }),
    records,
  });
}

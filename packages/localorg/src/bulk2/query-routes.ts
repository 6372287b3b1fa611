import { objectBody } from '../http/body.ts';
import type { Reply, RequestContext } from '../http/types.ts';
import { assertBulkQueryable, executeSoql } from '../soql/index.ts';
import { invalidJob, wrongState } from './errors.ts';
import { createdInfo, patchedInfo, type QueryJob, transition } from './job-info.ts';
import { resultsPage, runQueryJob } from './query-run.ts';
import { csvReply, csvSettings, jobJson, newJobBase, optionalString, requestedState } from './request.ts';

/**
 * `POST /jobs/query`: the SOQL is checked and run now, so a bad query is answered 400 here
 * (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, as REST answers them) and the job holds the rows
 * matched at creation. Rendering the CSV happens afterwards, asynchronously.
 */
export function createQueryJob(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  const operation = optionalString(body, 'operation');
  if (operation !== 'query' && operation !== 'queryAll') {
    throw invalidJob(`Invalid operation: ${operation ?? '(none)'}. A query job's operation is query or queryAll`);
  }
  const soql = optionalString(body, 'query');
  if (!soql || soql.trim() === '') throw invalidJob('A query is required');
  const settings = csvSettings(body);
  const { org } = ctx.app;
  assertBulkQueryable(soql, org);
  const result = executeSoql(org, soql, { includeDeleted: operation === 'queryAll', apiVersion: ctx.version });
  if (result.kind !== 'records') throw invalidJob('Aggregate queries are not supported in Bulk V2 Query');
  const job: QueryJob = {
    ...newJobBase(ctx, result.objectName),
    ...settings,
    kind: 'query',
    state: 'UploadComplete',
    operation,
    query: soql,
    source: result.rows,
    projectFlat: result.projectFlat,
    headerLine: '',
    columns: [],
  };
  ctx.app.bulk.add(job);
  void runQueryJob(org, job);
  return jobJson(createdInfo(job));
}

/** `PATCH /jobs/query/{id}` `{state: 'Aborted'}`: the only change a client may make to a query job. */
export function patchQueryJob(ctx: RequestContext): Reply {
  const job = ctx.app.bulk.query(ctx.params.id);
  const state = requestedState(objectBody(ctx));
  if (state !== 'Aborted') throw wrongState(`Invalid state: ${state}. A query job can only be set to Aborted`);
  transition(job, 'Aborted', ctx.app.org.clock.now());
  return jobJson(patchedInfo(job));
}

/**
 * `GET /jobs/query/{id}/results?locator=&maxRecords=`: one page of CSV. `Sforce-Locator` names
 * the next page, or is the string `null` on the last one (jsforce stops only on that string).
 */
export function queryResults(ctx: RequestContext): Reply {
  const job = ctx.app.bulk.query(ctx.params.id);
  if (job.state !== 'JobComplete') {
    throw wrongState(`Results are available once the job is JobComplete; job ${job.id} is ${job.state}`);
  }
  const page = resultsPage(job, ctx.query.get('locator'), ctx.query.get('maxRecords'));
  return csvReply(page.text, { 'Sforce-NumberOfRecords': String(page.count), 'Sforce-Locator': page.next });
}

import { SfError } from '../errors.ts';
import { objectBody } from '../http/body.ts';
import { errorReply } from '../http/error-reply.ts';
import type { Router } from '../http/router.ts';
import type { Reply, RequestContext } from '../http/types.ts';

/** A composite request holds at most 25 subrequests. */
const MAX_SUBREQUESTS = 25;

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
}

interface SubResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const HALTED = 'The transaction was rolled back since another operation in the same transaction failed.';

/**
 * `POST /composite`: subrequests run in order against the same routes as direct calls, with
 * `@{referenceId.path}` replaced by values from earlier results. With allOrNone every subrequest
 * shares one transaction: the first failure rolls all of them back and the others report PROCESSING_HALTED.
 * The composite call counts as one API request.
 */
export function composite(ctx: RequestContext, router: Router): Reply {
  const body = objectBody(ctx);
  const requests = body.compositeRequest;
  if (!Array.isArray(requests) || requests.length === 0) {
    throw new SfError('JSON_PARSER_ERROR', 'compositeRequest must be a non-empty array');
  }
  if (requests.length > MAX_SUBREQUESTS) {
    throw new SfError('LIMIT_EXCEEDED', `Composite requests cannot have more than ${MAX_SUBREQUESTS} subrequests`);
  }
  const subs = requests.map(validateSubrequest);
  const allOrNone = body.allOrNone === true;
  const org = ctx.app.org;
  if (!allOrNone) return { status: 200, json: { compositeResponse: runAll(ctx, router, subs, false) } };
  const results = org.withinOuterTransaction((outer) => {
    const out = runAll(ctx, router, subs, true);
    if (out.some((r) => r.httpStatusCode >= 400)) outer.rollback();
    else outer.commit();
    return out;
  });
  return { status: 200, json: { compositeResponse: results } };
}

function runAll(ctx: RequestContext, router: Router, subs: Subrequest[], allOrNone: boolean): SubResult[] {
  const results: SubResult[] = [];
  const byRef = new Map<string, SubResult>();
  let failedAt = -1;
  for (const [i, sub] of subs.entries()) {
    if (failedAt >= 0 && allOrNone) {
      results.push(halted(sub.referenceId));
      continue;
    }
    const result = runOne(ctx, router, sub, byRef);
    results.push(result);
    byRef.set(sub.referenceId, result);
    if (result.httpStatusCode >= 400 && failedAt < 0) failedAt = i;
  }
  if (allOrNone && failedAt >= 0) {
    return results.map((r, i) => (i < failedAt ? halted(r.referenceId) : r));
  }
  return results;
}

function halted(referenceId: string): SubResult {
  return {
    body: [{ errorCode: 'PROCESSING_HALTED', message: HALTED }],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId,
  };
}

function runOne(ctx: RequestContext, router: Router, sub: Subrequest, byRef: Map<string, SubResult>): SubResult {
  let reply: Reply;
  try {
    const url = substitute(sub.url, byRef) as string;
    const body = sub.body === undefined ? undefined : substitute(sub.body, byRef);
    const target = new URL(url, 'http://localorg');
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)$/.exec(target.pathname);
    if (!m) throw new SfError('INVALID_API_INPUT', `Subrequest URL must start with /services/data/vXX.X: ${url}`);
    const path = m[2];
    if (path.startsWith('/composite') && !path.startsWith('/composite/sobjects')) {
      throw new SfError('INVALID_API_INPUT', `${path} is not supported in a composite subrequest`);
    }
    const found = router.match(sub.method, path);
    if (!found || 'allowed' in found) throw new SfError('NOT_FOUND', 'The requested resource does not exist', 404);
    const answer = found.handler({
      ...ctx,
      method: sub.method,
      path,
      version: m[1],
      query: target.searchParams,
      params: found.params,
      rawBody: body === undefined ? '' : JSON.stringify(body),
    });
    if (answer instanceof Promise) {
      answer.catch(() => {});
      throw new SfError('INVALID_API_INPUT', `${path} is not supported in a composite subrequest`);
    }
    reply = answer;
  } catch (error) {
    reply = errorReply(error);
  }
  return {
    body: reply.json ?? null,
    httpHeaders: reply.headers ?? {},
    httpStatusCode: reply.status,
    referenceId: sub.referenceId,
  };
}

function validateSubrequest(raw: unknown): Subrequest {
  const r = raw as Partial<Subrequest> | null;
  if (!r || typeof r.method !== 'string' || typeof r.url !== 'string' || typeof r.referenceId !== 'string') {
    throw new SfError('JSON_PARSER_ERROR', 'Each subrequest needs method, url and referenceId');
  }
  if (!/^[A-Za-z0-9_]+$/.test(r.referenceId)) {
    throw new SfError(
      'INVALID_API_INPUT',
      `Invalid referenceId: ${r.referenceId}. It must contain only alphanumeric characters and underscores.`,
    );
  }
  return { method: r.method.toUpperCase(), url: r.url, referenceId: r.referenceId, body: r.body };
}

const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}/g;

/** Replaces `@{ref.path}` (e.g. `@{newAccount.id}`, `@{q.records[0].Id}`) in strings, deeply. */
function substitute(value: unknown, byRef: Map<string, SubResult>): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (_, ref: string, path: string) => String(resolveReference(ref, path, byRef)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, byRef));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, byRef)]));
  }
  return value;
}

function resolveReference(ref: string, path: string, byRef: Map<string, SubResult>): unknown {
  const result = byRef.get(ref);
  if (!result || result.httpStatusCode >= 400) {
    throw new SfError(
      'PROCESSING_HALTED',
      `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId ('${ref}') refers to a failed or unknown subrequest.`,
    );
  }
  let current: unknown = result.body;
  for (const step of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
    const key = step.startsWith('.') ? step.slice(1) : Number(step.slice(1, -1));
    current = current && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined;
  }
  if (current === undefined || current === null) {
    throw new SfError('PROCESSING_HALTED', `Invalid reference specified. No value for ${ref}${path} found in ${ref}.`);
  }
  return current;
}

import { SfError } from '../errors.ts';
import type { Reply, RequestContext } from '../http/types.ts';
import { COLUMN_DELIMITERS, type ColumnDelimiter, LINE_ENDINGS, type LineEnding } from './csv.ts';
import { invalidJob } from './errors.ts';

/**
 * JSON as Salesforce writes a job: `"apiVersion":62.0`, a decimal even when whole, which
 * JSON.stringify would print as `62`. Clients in typed languages see a float either way.
 */
export function jobJson(value: unknown, status = 200): Reply {
  const text = JSON.stringify(value).replace(/"apiVersion":(\d+)(?=[,}])/g, '"apiVersion":$1.0');
  return { status, text, contentType: 'application/json;charset=UTF-8' };
}

export function csvReply(text: string, headers?: Record<string, string>): Reply {
  return { status: 200, text, contentType: 'text/csv', ...(headers ? { headers } : {}) };
}

/** An optional string property of a job request, rejected when present with another type. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidJob(`${key} must be a string`);
  return value;
}

/** contentType, lineEnding and columnDelimiter, shared by ingest and query job requests. */
export function csvSettings(body: Record<string, unknown>): {
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
} {
  const contentType = optionalString(body, 'contentType') ?? 'CSV';
  if (contentType !== 'CSV') throw invalidJob(`Unsupported content type: ${contentType}. Bulk API 2.0 supports CSV`);
  const lineEnding = optionalString(body, 'lineEnding') ?? 'LF';
  if (!Object.hasOwn(LINE_ENDINGS, lineEnding)) throw invalidJob(`Invalid lineEnding: ${lineEnding}. Use LF or CRLF`);
  const columnDelimiter = optionalString(body, 'columnDelimiter') ?? 'COMMA';
  if (!Object.hasOwn(COLUMN_DELIMITERS, columnDelimiter)) {
    throw invalidJob(
      `Invalid columnDelimiter: ${columnDelimiter}. Use one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}`,
    );
  }
  return { lineEnding: lineEnding as LineEnding, columnDelimiter: columnDelimiter as ColumnDelimiter };
}

/** The fields every new job starts with. */
export function newJobBase(ctx: RequestContext, object: string) {
  const { org } = ctx.app;
  const now = org.clock.now();
  return {
    id: org.nextId('750'),
    object,
    createdById: ctx.session?.userId ?? org.integrationUserId,
    createdDate: now,
    systemModstamp: now,
    apiVersion: ctx.version,
    numberRecordsProcessed: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    errorMessage: null,
    startedAt: 0,
    cancelled: false,
  };
}

/** The `state` a PATCH asks for. */
export function requestedState(body: Record<string, unknown>): string {
  const state = body.state;
  if (typeof state !== 'string' || state === '') throw new SfError('INVALIDJOBSTATE', 'A state is required');
  return state;
}

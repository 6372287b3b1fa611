import { SfError } from '../errors.ts';
import type { RequestContext } from './types.ts';

/** Parses a JSON request body, answering a bad one as the API does. */
export function jsonBody(ctx: RequestContext): unknown {
  if (ctx.rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(ctx.rawBody);
  } catch (error) {
    throw new SfError('JSON_PARSER_ERROR', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A JSON body that must be an object (a record, a collection request). */
export function objectBody(ctx: RequestContext): Record<string, unknown> {
  const body = jsonBody(ctx);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SfError('JSON_PARSER_ERROR', 'Cannot deserialize instance of the request body: expected a JSON object');
  }
  return body as Record<string, unknown>;
}

export function formBody(ctx: RequestContext): URLSearchParams {
  const type = String(ctx.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    const body = jsonBody(ctx);
    const params = new URLSearchParams();
    if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) params.set(k, String(v));
    return params;
  }
  return new URLSearchParams(ctx.rawBody);
}

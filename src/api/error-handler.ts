import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERROR_CATALOG, RevbridgeError } from '../domain/errors.ts';
import type { ApiErrorBody, ApiErrorCode } from './schemas.ts';

/** Fastify's own client errors (malformed JSON, wrong content type, body too large) by status. */
const HTTP_CODES: Record<number, ApiErrorCode> = {
  400: 'validation_failed',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Every failure leaves the API as `{ error: { code, message, details } }`:
 * - `RevbridgeError` → its catalog status and code;
 * - a request that fails its zod schema → 400 `validation_failed`, with each field's path and message
 *   (an unknown body field, e.g. a typo, is refused by name: `body.parnet is not a field of this request`);
 * - a body that is not JSON → 415 `unsupported_media_type` (see `buildApi`);
 * - an unknown route → 404 `not_found`;
 * - anything else → 500 `internal_error`, logged with its stack, answered without it.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RevbridgeError) {
      // RFC 6750: a 401 names the scheme the client should retry with.
      if (error.code === 'unauthenticated') void reply.header('www-authenticate', 'Bearer realm="revbridge"');
      return sendError(reply, error.status, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const issues = error.validation.flatMap((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)];
        // Bodies are strict: each unknown field is an issue of its own, named by its path.
        const unknown = v.keyword === 'unrecognized_keys' ? ((v.params as { keys?: string[] }).keys ?? []) : [];
        if (unknown.length > 0) {
          return unknown.map((key) => ({ path: [...path, key].join('.'), message: 'is not a field of this request' }));
        }
        return [{ path: path.join('.'), message: v.message ?? 'is not valid' }];
      });
      const listed = issues.map((i) => `${i.path} ${i.message}`).join('; ');
      return sendError(reply, 400, 'validation_failed', `${ERROR_CATALOG.validation_failed.text} ${listed}`, {
        issues,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, HTTP_CODES[status] ?? 'bad_request', error.message, {});
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'internal_error', 'An unexpected error occurred; it has been logged.', {
      requestId: request.id,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`, {
      method: request.method,
      path: request.url.split('?')[0],
    }),
  );
}

function sendError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  details: Record<string, unknown>,
): FastifyReply {
  const body: ApiErrorBody = { error: { code, message, details } };
  // Sent as a string: details may carry bigint ids, and an error must never fail to serialize.
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
}

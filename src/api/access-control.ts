import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { authenticateApiKey } from '../auth/authenticate-api-key.ts';
import { authorize } from '../auth/authorize.ts';
import { fail } from '../domain/errors.ts';
import { routeAccess } from './route-access.ts';

export interface AccessOptions {
  /** `REVBRIDGE_BOOTSTRAP_API_KEY`, accepted as an admin key. */
  bootstrapApiKey?: string;
}

/** Longer than any key revbridge makes or accepts as a bootstrap key: refused before any hashing or query. */
const MAX_KEY_LENGTH = 512;

/**
 * Every request needs an API key with the role its route declares (see route-access.ts), checked in
 * `onRequest`: before the body is read or validated, so a caller without a key learns nothing about
 * the body a route expects. An unknown path needs a key too (404s would otherwise map the API for anyone).
 */
export function installAccessControl(app: FastifyInstance, ctx: AppContext, options: AccessOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const needed = request.is404 ? 'viewer' : routeAccess(request.method, request.routeOptions.config);
    if (needed === 'public') return;
    const caller = await authenticateApiKey(ctx, bearerKey(request), { bootstrapKey: options.bootstrapApiKey });
    // Which key did (or tried) what, in every line this request logs: the prefix, never the key.
    request.log = request.log.child({ apiKey: caller.prefix });
    reply.log = request.log;
    authorize(caller, needed, `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`);
  });
}

function bearerKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    return fail('unauthenticated', undefined, { reason: 'missing' });
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match || match[1].length > MAX_KEY_LENGTH) {
    return fail('unauthenticated', 'The Authorization header must be "Bearer <key>" (one key, no other scheme).', {
      reason: 'malformed',
    });
  }
  return match[1];
}

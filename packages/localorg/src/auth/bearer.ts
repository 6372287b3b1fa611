import type { IncomingMessage } from 'node:http';
import { SfError } from '../errors.ts';
import type { App } from '../app.ts';

export const invalidSession = () => new SfError('INVALID_SESSION_ID', 'Session expired or invalid', 401);

/** The session of a request's `Authorization: Bearer …` (or CometD's `OAuth …`) token; 401 otherwise. */
export function authenticate(app: App, req: IncomingMessage) {
  const token = bearerToken(req);
  if (!token) throw invalidSession();
  const session = app.tokens.validate(token, app.org.clock.now());
  if (!session) throw invalidSession();
  return { userId: session.userId, clientId: session.clientId };
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1]?.trim();
}

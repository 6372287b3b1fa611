import type { IncomingHttpHeaders } from 'node:http';
import type { App } from '../app.ts';

/** One API request as the handlers see it: already routed, body already read. */
export interface RequestContext {
  app: App;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The API version from the URL (`62.0`), or '' outside `/services/data/vXX.X`. */
  version: string;
  /** Raw request body (JSON text, CSV or a form). */
  rawBody: string;
  /** The bearer token's session, for authenticated routes. */
  session?: { userId: string; clientId: string };
}

/** What a handler answers: a JSON body by default, or raw text with its own content type. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export const ok = (json: unknown, status = 200): Reply => ({ status, json });
export const noContent = (): Reply => ({ status: 204 });

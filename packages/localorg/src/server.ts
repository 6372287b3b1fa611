import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, bearerToken } from './auth/bearer.ts';
import { identityRoutes, oauthRoutes } from './auth/oauth.ts';
import { controlRoutes } from './controls/routes.ts';
import { SfError } from './errors.ts';
import { errorReply } from './http/error-reply.ts';
import { Router } from './http/router.ts';
import type { Reply, RequestContext } from './http/types.ts';
import type { App } from './app.ts';
import { apiRoutes } from './rest/routes.ts';
import { isKnownVersion, versionsReply } from './rest/versions.ts';
import { soapPartner } from './soap/partner.ts';

const JSON_TYPE = 'application/json;charset=UTF-8';

const routers = {
  api: apiRoutes(new Router()),
  oauth: oauthRoutes(new Router()),
  identity: identityRoutes(new Router()),
  controls: controlRoutes(new Router()),
};

export async function handleRequest(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  // `//services/…` (sent by clients that join an instance URL ending in '/' with an absolute path) is served as
  // `/services/…`, as Salesforce does; new URL would otherwise read `services` as a host name.
  const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), 'http://localorg');
  const method = (req.method ?? 'GET').toUpperCase();
  let reply: Reply;
  const limitHeader: Record<string, string> = {};
  try {
    const rawBody = await readBody(req);
    reply = await dispatch(app, method, url, req, rawBody, limitHeader);
  } catch (error) {
    reply = errorReply(error);
  }
  send(res, reply, limitHeader);
  if (!url.pathname.startsWith('/__localorg')) {
    app.log.add({
      at: new Date().toISOString(),
      method,
      path: url.pathname + url.search,
      status: reply.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  }
}

async function dispatch(
  app: App,
  method: string,
  url: URL,
  req: IncomingMessage,
  rawBody: string,
  limitHeader: Record<string, string>,
): Promise<Reply> {
  const path = url.pathname;
  const base: Omit<RequestContext, 'params'> = {
    app,
    method,
    path,
    query: url.searchParams,
    headers: req.headers,
    version: '',
    rawBody,
  };
  if (path.startsWith('/__localorg/')) return route(routers.controls, base);
  if (path.startsWith('/services/oauth2/')) return route(routers.oauth, base);
  if (path.startsWith('/id/')) return route(routers.identity, base);
  if (path === '/services/data' || path === '/services/data/') return versionsReply();
  // The partner SOAP endpoint, also under the org-specific URL the identity service hands out.
  const soap = /^\/services\/Soap\/u\/(\d+\.\d)(?:\/[\w]+)?\/?$/.exec(path);
  if (soap && isKnownVersion(soap[1])) {
    if (method !== 'POST')
      throw new SfError('METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are POST`, 405);
    const fault = app.faults.apply(method, path, app.org.integrationUserId);
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    return soapPartner(app, rawBody, fault);
  }

  const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
  if (!m) throw notFound();
  if (!isKnownVersion(m[1])) throw notFound();
  const version = m[1];

  const fault = app.faults.apply(method, path, app.org.integrationUserId);
  if (fault.delayMs > 0) await sleep(fault.delayMs);
  // The session of this very request ends, as when Salesforce times out one session mid-run.
  if (fault.expireSession) app.tokens.revoke(bearerToken(req) ?? '');
  const session = authenticate(app, req);
  if (!app.countApiRequest()) {
    setLimitHeader(app, limitHeader);
    throw new SfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 403);
  }
  setLimitHeader(app, limitHeader);
  if (fault.error) throw fault.error;
  const rest = m[2] && m[2] !== '/' ? m[2] : '/';
  return route(routers.api, { ...base, version, session, path: rest });
}

function setLimitHeader(app: App, headers: Record<string, string>): void {
  const { used, limit } = app.apiUsage();
  headers['Sforce-Limit-Info'] = `api-usage=${used}/${limit}`;
}

async function route(router: Router, ctx: Omit<RequestContext, 'params'>): Promise<Reply> {
  const found = router.match(ctx.method, ctx.path);
  if (!found) throw notFound();
  if ('allowed' in found) {
    throw new SfError(
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${ctx.method}' not allowed. Allowed are ${[...new Set(['HEAD', ...found.allowed])].join(',')}`,
      405,
    );
  }
  return found.handler({ ...ctx, params: found.params });
}

function notFound(): SfError {
  return new SfError('NOT_FOUND', 'The requested resource does not exist', 404);
}

function send(res: ServerResponse, reply: Reply, extra: Record<string, string>): void {
  const headers: Record<string, string> = { ...extra, ...reply.headers };
  let body: string | undefined;
  if (reply.json !== undefined) {
    headers['Content-Type'] = JSON_TYPE;
    body = JSON.stringify(reply.json);
  } else if (reply.text !== undefined) {
    headers['Content-Type'] = reply.contentType ?? 'text/plain;charset=UTF-8';
    body = reply.text;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

const MAX_BODY = 150 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  if (req.method === 'GET' || req.method === 'HEAD') {
    req.resume();
    return '';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new SfError('EXCEEDED_MAX_SIZE_REQUEST', 'Request body exceeds 150 MB', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { OAuthError } from '../errors.ts';
import { formBody } from '../http/body.ts';
import type { Router } from '../http/router.ts';
import type { Reply, RequestContext } from '../http/types.ts';
import type { App } from '../app.ts';
import { invalidSession } from './bearer.ts';
import { verifyJwtAssertion } from './jwt.ts';

/** `/services/oauth2/*`: the token endpoint with the grants integrations use, authorize, revoke, userinfo. */
export function oauthRoutes(router: Router): Router {
  return router
    .add('POST', '/services/oauth2/token', token)
    .add('GET', '/services/oauth2/authorize', authorize)
    .add('POST', '/services/oauth2/revoke', revoke)
    .add('GET', '/services/oauth2/revoke', revoke)
    .add('GET', '/services/oauth2/userinfo', userinfo);
}

export function identityRoutes(router: Router): Router {
  return router.add('GET', '/id/:orgId/:userId', identity);
}

function token(ctx: RequestContext): Reply {
  const form = formBody(ctx);
  const grant = form.get('grant_type');
  if (!grant) throw new OAuthError('invalid_request', 'grant type is missing');
  const app = ctx.app;
  const client = clientOf(ctx, form);
  switch (grant) {
    case 'client_credentials':
      requireSecret(app, client);
      return issue(app, app.org.integrationUserId, client.id, false);
    case 'password': {
      requireSecret(app, client);
      const username = form.get('username') ?? '';
      const password = form.get('password') ?? '';
      // Salesforce accepts the password with the user's security token appended.
      const passwordOk = password === app.credentials.password || password.startsWith(app.credentials.password);
      if (username.toLowerCase() !== app.credentials.username.toLowerCase() || !passwordOk) {
        throw new OAuthError('invalid_grant', 'authentication failure');
      }
      return issue(app, app.org.integrationUserId, client.id, false);
    }
    case 'refresh_token': {
      requireKnownClient(app, client);
      if (client.secret !== undefined) requireSecret(app, client);
      const grantOf = app.tokens.refreshGrant(form.get('refresh_token') ?? '');
      if (!grantOf || grantOf.clientId !== client.id)
        throw new OAuthError('invalid_grant', 'expired access/refresh token');
      return issue(app, grantOf.userId, client.id, false);
    }
    case 'authorization_code': {
      requireSecret(app, client);
      const code = app.tokens.redeemCode(form.get('code') ?? '');
      if (!code || code.clientId !== client.id) throw new OAuthError('invalid_grant', 'invalid authorization code');
      if ((form.get('redirect_uri') ?? '') !== code.redirectUri)
        throw new OAuthError('invalid_grant', 'redirect_uri must match configuration');
      return issue(app, code.userId, client.id, true);
    }
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
      const claims = verifyJwtAssertion(form.get('assertion') ?? '', app.jwtPublicKey, {
        clientId: app.credentials.clientId,
        audiences: ['https://login.salesforce.com', 'https://test.salesforce.com', app.url],
        now: app.org.clock.now(),
      });
      if (claims.sub.toLowerCase() !== app.credentials.username.toLowerCase()) {
        throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
      }
      return issue(app, app.org.integrationUserId, claims.iss, false);
    }
    default:
      throw new OAuthError('unsupported_grant_type', 'grant type not supported');
  }
}

interface Client {
  id: string;
  secret: string | undefined;
}

/** Client credentials come in the form or as HTTP Basic auth. */
function clientOf(ctx: RequestContext, form: URLSearchParams): Client {
  const basic = /^Basic\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''));
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? undefined };
}

function requireKnownClient(app: App, client: Client): void {
  if (client.id !== app.credentials.clientId) throw new OAuthError('invalid_client_id', 'client identifier invalid');
}

function requireSecret(app: App, client: Client): void {
  requireKnownClient(app, client);
  if (!safeEqual(client.secret ?? '', app.credentials.clientSecret)) {
    throw new OAuthError('invalid_client', 'invalid client credentials');
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function issue(app: App, userId: string, clientId: string, withRefresh: boolean): Reply {
  const now = app.org.clock.now();
  const { token: accessToken } = app.tokens.issueAccess(userId, clientId, now);
  const id = `${app.url}/id/${app.org.orgId}/${userId}`;
  const issuedAt = String(now);
  const body: Record<string, string> = {
    access_token: accessToken,
    instance_url: app.url,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature: createHmac('sha256', app.credentials.clientSecret)
      .update(id + issuedAt)
      .digest('base64'),
    scope: withRefresh ? 'api refresh_token' : 'api',
  };
  if (withRefresh) body.refresh_token = app.tokens.issueRefresh(userId, clientId);
  return { status: 200, json: body };
}

/**
 * The authorization-code flow's first leg. There is no login page: the configured user approves at
 * once and the browser (or test) is sent back to `redirect_uri` with a code.
 */
function authorize(ctx: RequestContext): Reply {
  const clientId = ctx.query.get('client_id') ?? '';
  const redirectUri = ctx.query.get('redirect_uri') ?? '';
  if (clientId !== ctx.app.credentials.clientId) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  if (ctx.query.get('response_type') !== 'code')
    throw new OAuthError('unsupported_response_type', 'response type not supported');
  if (!redirectUri) throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
  const code = ctx.app.tokens.issueCode(ctx.app.org.integrationUserId, clientId, redirectUri);
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  const state = ctx.query.get('state');
  if (state) target.searchParams.set('state', state);
  return { status: 302, headers: { Location: target.toString() }, text: '' };
}

function revoke(ctx: RequestContext): Reply {
  const tokenValue = ctx.method === 'GET' ? ctx.query.get('token') : formBody(ctx).get('token');
  if (!tokenValue) throw new OAuthError('unsupported_token_type', 'this token type is not supported');
  ctx.app.tokens.revoke(tokenValue);
  return { status: 200, text: '' };
}

function sessionOf(ctx: RequestContext) {
  const header = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''));
  const tokenValue = header?.[1] ?? ctx.query.get('oauth_token');
  const session = tokenValue ? ctx.app.tokens.validate(tokenValue, ctx.app.org.clock.now()) : undefined;
  if (!session) {
    // The identity service answers a bad token with 403 and plain text, not the REST error array.
    throw invalidSession();
  }
  return session;
}

function identity(ctx: RequestContext): Reply {
  const session = sessionOf(ctx);
  const app = ctx.app;
  if (ctx.params.orgId !== app.org.orgId || ctx.params.userId !== session.userId) {
    return { status: 403, text: 'Bad_Id', contentType: 'text/plain;charset=UTF-8' };
  }
  return { status: 200, json: identityBody(app, session.userId) };
}

function userinfo(ctx: RequestContext): Reply {
  const session = sessionOf(ctx);
  const info = identityBody(ctx.app, session.userId);
  return {
    status: 200,
    json: {
      sub: info.id,
      user_id: info.user_id,
      organization_id: info.organization_id,
      preferred_username: info.username,
      nickname: info.nick_name,
      name: info.display_name,
      email: info.email,
      email_verified: true,
      zoneinfo: ctx.app.org.settings.timeZone,
      locale: 'en_US',
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      urls: info.urls,
    },
  };
}

function identityBody(app: App, userId: string) {
  const user: Record<string, unknown> = app.org.store.get('User', userId) ?? {};
  const username = String(user.Username ?? app.credentials.username);
  return {
    id: `${app.url}/id/${app.org.orgId}/${userId}`,
    asserted_user: true,
    user_id: userId,
    organization_id: app.org.orgId,
    username,
    nick_name: username.split('@')[0],
    display_name: String(user.Name ?? username),
    email: String(user.Email ?? username),
    email_verified: true,
    first_name: (user.FirstName as string | null) ?? null,
    last_name: String(user.LastName ?? ''),
    timezone: app.org.settings.timeZone,
    photos: { picture: `${app.url}/profilephoto/005/F`, thumbnail: `${app.url}/profilephoto/005/T` },
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    last_modified_date: user.LastModifiedDate ?? null,
    is_app_installed: true,
    urls: {
      enterprise: `${app.url}/services/Soap/c/{version}/${app.org.orgId.slice(0, 15)}`,
      partner: `${app.url}/services/Soap/u/{version}/${app.org.orgId.slice(0, 15)}`,
      rest: `${app.url}/services/data/v{version}/`,
      sobjects: `${app.url}/services/data/v{version}/sobjects/`,
      search: `${app.url}/services/data/v{version}/search/`,
      query: `${app.url}/services/data/v{version}/query/`,
      recent: `${app.url}/services/data/v{version}/recent/`,
      limits: `${app.url}/services/data/v{version}/limits/`,
      profile: `${app.url}/${userId}`,
      custom_domain: app.url,
    },
  };
}

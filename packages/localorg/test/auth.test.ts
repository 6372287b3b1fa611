import { generateKeyPairSync, sign } from 'node:crypto';
import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { API_VERSION, connect, failure, useTestOrg } from './helpers.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function jwt(claims: Record<string, unknown>, key = privateKey): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${enc({ alg: 'RS256' })}.${enc(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
}

describe('OAuth and sessions through jsforce', () => {
  const t = useTestOrg({ jwtPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() });

  const oauth2 = () => ({
    loginUrl: t.url,
    clientId: t.app.credentials.clientId,
    clientSecret: t.app.credentials.clientSecret,
  });

  it('client credentials: identity URL carries org and user ids, instance URL points back at the org', async () => {
    const conn = new Connection({ version: API_VERSION, oauth2: oauth2() });
    const info = await conn.authorize({ grant_type: 'client_credentials' });
    expect(info.organizationId).toBe(t.app.org.orgId);
    expect(info.id).toBe(t.app.org.integrationUserId);
    expect(conn.instanceUrl).toBe(t.url);
    expect(conn.accessToken).toMatch(new RegExp(`^${t.app.org.orgId.slice(0, 15)}!`));
  });

  it('password grant logs in; a wrong password is invalid_grant', async () => {
    const conn = new Connection({ version: API_VERSION, oauth2: oauth2() });
    const info = await conn.login(t.app.credentials.username, t.app.credentials.password);
    expect(info.organizationId).toBe(t.app.org.orgId);
    const bad = await failure(
      new Connection({ version: API_VERSION, oauth2: oauth2() }).login(t.app.credentials.username, 'nope'),
    );
    expect(bad.name).toBe('invalid_grant');
    expect(bad.message).toBe('authentication failure');
  });

  it('bad client secret is invalid_client; unknown grant is unsupported_grant_type', async () => {
    const conn = new Connection({ version: API_VERSION, oauth2: { ...oauth2(), clientSecret: 'wrong' } });
    const bad = await failure(conn.authorize({ grant_type: 'client_credentials' }));
    expect(bad.name).toBe('invalid_client');
    const res = await t.http('POST', '/services/oauth2/token', 'grant_type=magic', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant type not supported',
    });
  });

  it('JWT bearer with the configured key; a foreign key or expired assertion is rejected', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: t.app.credentials.clientId,
      sub: t.app.credentials.username,
      aud: 'https://login.salesforce.com',
      exp: now + 180,
    };
    const conn = new Connection({ version: API_VERSION, oauth2: oauth2() });
    const info = await conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: jwt(claims),
    });
    expect(info.organizationId).toBe(t.app.org.orgId);
    expect((await conn.query('SELECT Id FROM User')).totalSize).toBe(1);

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = await failure(
      conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt(claims, other) }),
    );
    expect(forged.name).toBe('invalid_grant');
    const expired = await failure(
      conn.authorize({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: jwt({ ...claims, exp: now - 10 }),
      }),
    );
    expect(expired.name).toBe('invalid_grant');
  });

  it('authorization code gives a refresh token; jsforce refreshes an expired session by itself', async () => {
    const redirectUri = 'http://localhost/callback';
    const res = await fetch(
      `${t.url}/services/oauth2/authorize?response_type=code&client_id=${t.app.credentials.clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&state=xyz`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('xyz');
    const conn = new Connection({ version: API_VERSION, oauth2: { ...oauth2(), redirectUri } });
    await conn.authorize(location.searchParams.get('code')!);
    expect(conn.refreshToken).toBeTruthy();
    const firstToken = conn.accessToken;
    let refreshed = 0;
    conn.on('refresh', () => refreshed++);

    await t.http('POST', '/__localorg/tokens/expire');
    const result = await conn.query('SELECT Id FROM Pricebook2 WHERE IsStandard = true');
    expect(result.totalSize).toBe(1);
    expect(refreshed).toBe(1);
    expect(conn.accessToken).not.toBe(firstToken);
  });

  it('an invalid token is 401 INVALID_SESSION_ID', async () => {
    const conn = new Connection({ version: API_VERSION, instanceUrl: t.url, accessToken: 'bogus' });
    const err = await failure(conn.query('SELECT Id FROM Account'));
    expect(err.errorCode).toBe('INVALID_SESSION_ID');
    expect(err.message).toBe('Session expired or invalid');
  });

  it('tokens expire after the session timeout on the org clock', async () => {
    const authorized = await connect(t.app);
    const conn = new Connection({ version: API_VERSION, instanceUrl: t.url, accessToken: authorized.accessToken! });
    await conn.query('SELECT Id FROM Account');
    await t.http('POST', '/__localorg/clock', { advanceMs: 121 * 60_000 });
    const err = await failure(conn.query('SELECT Id FROM Account'));
    expect(err.errorCode).toBe('INVALID_SESSION_ID');
    await t.http('POST', '/__localorg/clock', { real: true });
  });

  it('identity, versions and the resource map', async () => {
    const conn = await connect(t.app);
    const identity = await conn.identity();
    expect(identity.user_id).toBe(t.app.org.integrationUserId);
    expect(identity.organization_id).toBe(t.app.org.orgId);
    expect(identity.username).toBe(t.app.credentials.username);

    const versions = await (await fetch(`${t.url}/services/data/`)).json();
    expect(versions).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    const resources = (await conn.request(`/services/data/v${API_VERSION}/`)) as Record<string, string>;
    expect(resources.query).toBe(`/services/data/v${API_VERSION}/query`);
    expect(resources.identity).toBe(`${t.url}/id/${t.app.org.orgId}/${t.app.org.integrationUserId}`);
    const unknown = await t.http('GET', '/services/data/v12.0/sobjects', undefined, {
      Authorization: `Bearer ${conn.accessToken}`,
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
  });
});

import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SalesforceCredentials } from './salesforce-credentials.ts';

/** What a token endpoint answers, in the fields the connector keeps. */
export interface SalesforceSession {
  accessToken: string;
  instanceUrl: string;
}

/** A JWT bearer assertion lives this long: Salesforce accepts at most a few minutes. */
const JWT_LIFETIME_S = 180;

/**
 * Obtains an access token with the configured grant. Plain `fetch` against the token endpoint (it is
 * OAuth, not the REST API, and costs no API call), so each grant is explicit and testable.
 */
export async function salesforceLogin(credentials: SalesforceCredentials, nowMs: number): Promise<SalesforceSession> {
  const form = new URLSearchParams();
  switch (credentials.grant) {
    case 'client_credentials':
      form.set('grant_type', 'client_credentials');
      form.set('client_id', credentials.clientId);
      form.set('client_secret', credentials.clientSecret);
      break;
    case 'jwt':
      form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
      form.set('assertion', jwtAssertion(credentials, nowMs));
      break;
    case 'refresh_token':
      form.set('grant_type', 'refresh_token');
      form.set('client_id', credentials.clientId);
      if (credentials.clientSecret) form.set('client_secret', credentials.clientSecret);
      form.set('refresh_token', credentials.refreshToken);
      break;
  }
  const url = `${credentials.loginUrl.replace(/\/+$/, '')}/services/oauth2/token`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
    });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    throw new SalesforceLoginError(
      `Salesforce could not be reached at ${credentials.loginUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}); the login is tried again with the next run.`,
      true,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, string>;
  if (!response.ok || !body.access_token) {
    const reason = [body.error, body.error_description].filter(Boolean).join(': ') || `HTTP ${response.status}`;
    // A 5xx from the token endpoint is Salesforce being unwell; a 4xx is a configuration to fix.
    throw new SalesforceLoginError(
      response.status >= 500
        ? `Salesforce's token endpoint at ${credentials.loginUrl} failed (${reason}); the login is tried again with the next run.`
        : `Salesforce refused the ${credentials.grant} login at ${credentials.loginUrl} (${reason}); check the connected app and the SALESFORCE_* settings.`,
      response.status >= 500,
    );
  }
  return { accessToken: body.access_token, instanceUrl: body.instance_url };
}

export class SalesforceLoginError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'SalesforceLoginError';
  }
}

/** RS256-signed assertion: iss = connected app, sub = user, aud = the login host. */
function jwtAssertion(c: Extract<SalesforceCredentials, { grant: 'jwt' }>, nowMs: number): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({
    iss: c.clientId,
    sub: c.username,
    aud: c.loginUrl.replace(/\/+$/, ''),
    exp: Math.floor(nowMs / 1000) + JWT_LIFETIME_S,
  })}`;
  let key: string;
  try {
    key = readFileSync(c.privateKeyFile, 'utf8');
  } catch (error) {
    throw new SalesforceLoginError(
      `cannot read the JWT private key ${c.privateKeyFile}: ${(error as Error).message}`,
      false,
    );
  }
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
  return `${unsigned}.${signature}`;
}

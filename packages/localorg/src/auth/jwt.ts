import { createPublicKey, verify } from 'node:crypto';
import { OAuthError } from '../errors.ts';

export interface JwtClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
}

const invalidAssertion = (why: string) => new OAuthError('invalid_grant', why);

/**
 * Verifies a JWT bearer assertion as Salesforce does: RS256 signature by the connected app's
 * certificate, `iss` = consumer key, `sub` = a known username, `aud` = the login URL, `exp` not passed.
 */
export function verifyJwtAssertion(
  assertion: string,
  publicKeyPem: string | undefined,
  expected: { clientId: string; audiences: string[]; now: number },
): JwtClaims {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw invalidAssertion('invalid assertion');
  const [headerB64, payloadB64, signatureB64] = parts;
  let header: { alg?: string };
  let claims: Partial<JwtClaims>;
  try {
    header = JSON.parse(Buffer.from(headerB64, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8'));
  } catch {
    throw invalidAssertion('invalid assertion');
  }
  if (!publicKeyPem)
    throw new OAuthError('invalid_client', 'invalid client credentials: no certificate is configured for JWT bearer');
  if (header.alg !== 'RS256') throw invalidAssertion('invalid assertion: algorithm must be RS256');
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerB64}.${payloadB64}`),
    createPublicKey(publicKeyPem),
    Buffer.from(signatureB64, 'base64url'),
  );
  if (!signed) throw invalidAssertion('invalid assertion: signature does not verify');
  if (claims.iss !== expected.clientId) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  if (!claims.aud || !expected.audiences.includes(String(claims.aud).replace(/\/$/, ''))) {
    throw invalidAssertion('audience is invalid');
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= expected.now) {
    throw invalidAssertion('expired authorization code');
  }
  if (typeof claims.sub !== 'string') throw invalidAssertion('invalid assertion');
  return claims as JwtClaims;
}

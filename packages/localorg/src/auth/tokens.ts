import { randomBytes } from 'node:crypto';

export interface Session {
  userId: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Access and refresh tokens. Access tokens look like Salesforce's (`<org id>!<opaque>`) and expire
 * after the session timeout on the org clock; `expireAll` ends every session at once (tests use it
 * to drive jsforce's refresh path).
 */
export class TokenStore {
  private readonly access = new Map<string, Session>();
  private readonly refresh = new Map<string, { userId: string; clientId: string }>();
  private readonly codes = new Map<string, { userId: string; clientId: string; redirectUri: string }>();

  constructor(
    private readonly orgId15: string,
    private readonly timeoutMs: number,
  ) {}

  issueAccess(userId: string, clientId: string, now: number): { token: string; session: Session } {
    const token = `${this.orgId15}!${randomBytes(48).toString('base64url')}`;
    const session = { userId, clientId, issuedAt: now, expiresAt: now + this.timeoutMs };
    this.access.set(token, session);
    return { token, session };
  }

  issueRefresh(userId: string, clientId: string): string {
    const token = `5Aep${randomBytes(40).toString('base64url')}`;
    this.refresh.set(token, { userId, clientId });
    return token;
  }

  issueCode(userId: string, clientId: string, redirectUri: string): string {
    const code = `aPrx${randomBytes(32).toString('base64url')}`;
    this.codes.set(code, { userId, clientId, redirectUri });
    return code;
  }

  /** An authorization code works once. */
  redeemCode(code: string): { userId: string; clientId: string; redirectUri: string } | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  refreshGrant(token: string): { userId: string; clientId: string } | undefined {
    return this.refresh.get(token);
  }

  validate(token: string, now: number): Session | undefined {
    const session = this.access.get(token);
    if (!session) return undefined;
    if (session.expiresAt <= now) {
      this.access.delete(token);
      return undefined;
    }
    return session;
  }

  revoke(token: string): void {
    this.access.delete(token);
    this.refresh.delete(token);
  }

  expireAll(): number {
    const n = this.access.size;
    this.access.clear();
    return n;
  }

  clear(): void {
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
  }
}

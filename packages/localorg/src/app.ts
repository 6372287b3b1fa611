import type { TokenStore } from './auth/tokens.ts';
import type { BulkJobs } from './bulk2/jobs.ts';
import type { FaultInjector } from './controls/faults.ts';
import type { RequestLog } from './controls/request-log.ts';
import type { Org } from './org.ts';
import type { QueryLocators } from './rest/query-locators.ts';

export type SeedName = 'demo' | 'empty';

export interface Credentials {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/**
 * What request handlers see of a running local org. LocalOrg implements it; handlers depend on this
 * interface rather than on LocalOrg, whose module starts the HTTP server that dispatches to them, so
 * the two never import each other.
 */
export interface App {
  readonly org: Org;
  readonly tokens: TokenStore;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  readonly locators: QueryLocators;
  readonly bulk: BulkJobs;
  readonly credentials: Credentials;
  readonly jwtPublicKey: string | undefined;
  readonly url: string;
  /** Empties the org and seeds it again. */
  reset(seed: SeedName): void;
  /** Counts one API request against the daily allowance; false when it is spent. */
  countApiRequest(): boolean;
  apiUsage(): { used: number; limit: number };
  resetApiUsage(): void;
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, Credentials, SeedName } from './app.ts';
import { TokenStore } from './auth/tokens.ts';
import { BulkJobs } from './bulk2/jobs.ts';
import { FaultInjector } from './controls/faults.ts';
import { RequestLog } from './controls/request-log.ts';
import { type CustomSchema, EMPTY_CUSTOM_SCHEMA, Org, type OrgSettings } from './org.ts';
import { QueryLocators } from './rest/query-locators.ts';
import { seedDemo } from './seed/demo.ts';
import { seedStandardRecords } from './seed/standard.ts';
import { handleRequest } from './server.ts';
import { DataDir } from './store/data-dir.ts';

export type { Credentials, SeedName } from './app.ts';

export interface LocalOrgOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  host?: string;
  seed?: SeedName;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
  /** Daily API request allowance. */
  apiLimit?: number;
  /** Folder that keeps the org across restarts; in memory when absent. */
  dataDir?: string;
  /** Custom objects, fields and validation rules (parsed SFDX metadata). */
  customSchema?: CustomSchema;
  /** PEM public key that verifies JWT bearer assertions. */
  jwtPublicKey?: string;
  /** Access tokens expire after this many minutes of org-clock time. */
  sessionTimeoutMinutes?: number;
  /**
   * The org's currency (ISO 4217): every record's in a single-currency org, the corporate currency in a
   * multi-currency one. Default USD.
   */
  currency?: string;
  /**
   * Keep the org single-currency, as most Salesforce orgs are: no object has CurrencyIsoCode, and the
   * demo seed does not turn multi-currency on (it does by default).
   */
  singleCurrency?: boolean;
  settings?: Partial<OrgSettings>;
}

/**
 * A running local org: the org itself plus what the API around it needs (sessions, limits, the
 * request log, fault injection, query locators, Bulk jobs) and the HTTP server.
 */
export class LocalOrg implements App {
  readonly org: Org;
  readonly tokens: TokenStore;
  readonly log = new RequestLog();
  readonly faults = new FaultInjector();
  readonly locators = new QueryLocators();
  readonly bulk = new BulkJobs();
  readonly credentials: Credentials;
  readonly jwtPublicKey: string | undefined;
  private readonly dataDir: DataDir | null;
  private server: Server | null = null;
  private usage = { day: '', used: 0 };
  url = '';

  private readonly initialSettings: OrgSettings;

  constructor(readonly options: LocalOrgOptions = {}) {
    if (options.singleCurrency && options.settings?.multiCurrency) {
      throw new Error('singleCurrency and settings.multiCurrency contradict each other');
    }
    if (options.currency !== undefined && !/^[A-Z]{3}$/.test(options.currency)) {
      throw new Error(`currency must be an ISO 4217 code such as USD, got "${options.currency}"`);
    }
    this.org = new Org(options.customSchema ?? EMPTY_CUSTOM_SCHEMA, {
      ...options.settings,
      ...(options.apiLimit !== undefined ? { apiLimit: options.apiLimit } : {}),
      ...(options.currency !== undefined ? { currencies: [options.currency] } : {}),
    });
    this.initialSettings = this.org.settings;
    this.tokens = new TokenStore(this.org.orgId.slice(0, 15), (options.sessionTimeoutMinutes ?? 120) * 60_000);
    this.jwtPublicKey = options.jwtPublicKey;
    this.credentials = {
      loginUrl: '',
      clientId: options.clientId ?? 'localorg-client-id',
      clientSecret: options.clientSecret ?? 'localorg-client-secret',
      username: options.username ?? 'integration@localorg.test',
      password: options.password ?? 'localorg-password',
    };
    this.dataDir = options.dataDir ? new DataDir(options.dataDir) : null;
    const loaded = this.dataDir?.load(this.org) ?? false;
    if (!loaded) this.reset(options.seed ?? 'empty');
    this.org.persistence = this.dataDir;
  }

  /** Empties the org and seeds it again. Sessions stay valid, as a sandbox refresh would not keep them, but tests want them. */
  reset(seed: SeedName): void {
    const persistence = this.org.persistence;
    this.org.persistence = null;
    this.org.clear();
    // A reset returns to the settings the org was started with; the demo seed may change them again.
    this.org.updateSettingsSilently(this.initialSettings);
    seedStandardRecords(this.org, this.credentials?.username ?? this.options.username);
    if (seed === 'demo') seedDemo(this.org, { multiCurrency: !this.options.singleCurrency });
    this.org.followCurrencies();
    this.locators.clear();
    this.bulk.clear();
    this.org.persistence = persistence;
    this.dataDir?.compact(this.org);
  }

  /**
   * Counts one API request against the daily allowance (days on the org clock, UTC).
   * Returns false when the allowance is spent.
   */
  countApiRequest(): boolean {
    const day = new Date(this.org.clock.now()).toISOString().slice(0, 10);
    if (day !== this.usage.day) this.usage = { day, used: 0 };
    if (this.usage.used >= this.org.settings.apiLimit) return false;
    this.usage.used++;
    return true;
  }

  apiUsage(): { used: number; limit: number } {
    return { used: this.usage.used, limit: this.org.settings.apiLimit };
  }

  resetApiUsage(): void {
    this.usage = { day: '', used: 0 };
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => void handleRequest(this, req, res));
    server.keepAliveTimeout = 65_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    this.credentials.loginUrl = this.url;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.bulk.clear();
    this.dataDir?.compact(this.org);
  }
}

/** Starts a local org on a port and returns it once it accepts requests. */
export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const app = new LocalOrg(options);
  await app.listen();
  return app;
}

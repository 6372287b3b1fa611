import { resolve } from 'node:path';
import { z } from 'zod';
import { redactUrl } from './store/redact-url.ts';
import type { SalesforceCredentials } from './crm/salesforce/salesforce-credentials.ts';
import {
  DEFAULT_OPPORTUNITY_PROCESSES,
  OPPORTUNITY_PROCESSES,
  type OpportunityProcess,
} from './domain/opportunity-process.ts';
import { TERM_LENGTH_RULES } from './domain/recurring-revenue.ts';
import { CONTRACT_FIELDS, salesforceNameOf } from './domain/contract-snapshot.ts';
import { DEFAULT_REVENUE_POLICIES, type RevenuePolicies } from './domain/revenue-policies.ts';

/**
 * The hub's configuration, parsed once from the environment by the process entry point (hub, CLI)
 * and passed down. Nothing else reads `process.env`.
 */
export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server to use; absent means the hub starts embedded PostgreSQL in `<dataDir>/pg`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema holding revbridge's tables (created when missing); absent means the server's default. */
  dbSchema: string | undefined;
  /** Absolute path of the folder for local state (embedded PostgreSQL lives in `<dataDir>/pg`). */
  dataDir: string;
  logLevel: LogLevel;
  /** Start the local org beside the hub. */
  localorg: boolean;
  localorgPort: number;
  /** The org named by SALESFORCE_*; absent means the hub uses the local org (when LOCALORG=on). */
  salesforce: SalesforceConfig | undefined;
  /** `SALESFORCE_API_RESERVE_PERCENT`: share of the org's daily API allowance revbridge never spends. */
  apiReservePercent: number;
  /** Usage dated in an invoiced period: billed as late usage on the next run, or refused. */
  lateUsage: 'bill' | 'refuse';
  /** `REVBRIDGE_BOOTSTRAP_API_KEY`: an admin API key that lives in the environment, not the store. */
  bootstrapApiKey: string | undefined;
  /** `REVBRIDGE_WORKER`: run a job worker inside the hub's process (`revbridge worker` runs more). */
  worker: boolean;
  /** `REVBRIDGE_WORKER_CONCURRENCY`: jobs one worker process runs at once. */
  workerConcurrency: number;
  /** `REVBRIDGE_POLL_SECONDS`: change polling of the org every N seconds; 0 turns polling off. */
  pollSeconds: number;
  /** `REVBRIDGE_CATALOG_PULL_SECONDS`: billing's catalog into the integrated price book at start and every N seconds; 0 turns it off. */
  catalogPullSeconds: number;
  /** `REVBRIDGE_OPPORTUNITY_PROCESSES` over the defaults: Opportunity Type → what a push does in billing. */
  opportunityProcesses: Readonly<Record<string, OpportunityProcess>>;
  /** `REVBRIDGE_REVENUE_*`: how opportunities become revenue contracts. */
  revenue: RevenuePolicies;
  /** `REVBRIDGE_REVENUE_IMPORT_SECONDS`: the revenue import (a catch-up since the last one) at start and every N seconds; 0 turns it off. */
  revenueImportSeconds: number;
  /**
   * PostgreSQL schema of the job queue (graphile-worker's tables): `graphile_worker`, or `<dbSchema>_jobs`
   * beside a custom REVBRIDGE_DB_SCHEMA, so two stores in one database never run each other's jobs.
   */
  jobsSchema: string;
}

/** How the hub logs in to the org (client credentials, JWT bearer or refresh token). */
export type SalesforceConfig = SalesforceCredentials;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every bad variable, one sentence each; the entry point prints them and exits 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Defaults an entry point may change (the CLI logs only warnings unless LOG_LEVEL says otherwise). */
export interface ConfigDefaults {
  logLevel?: LogLevel;
}

type Env = Record<string, string | undefined>;

// An empty variable (`PORT=`) counts as unset, as shells and .env files often leave them that way.
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

function port(name: string, fallback: number) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
    ctx.addIssue({ code: 'custom', message: `${name} must be an integer 0–65535 (0 picks a free port), got "${v}"` });
    return z.NEVER;
  });
}

function oneOf<const T extends readonly string[]>(name: string, values: T, fallback: T[number]) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const lower = v.toLowerCase();
    if ((values as readonly string[]).includes(lower)) return lower as T[number];
    ctx.addIssue({ code: 'custom', message: `${name} must be one of ${values.join(', ')}, got "${v}"` });
    return z.NEVER;
  });
}

function url(name: string, protocols: string[], example: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(v);
    } catch {
      parsed = undefined;
    }
    if (parsed && protocols.includes(parsed.protocol)) return v;
    ctx.addIssue({ code: 'custom', message: `${name} must be a URL like ${example}, got "${redactUrl(v)}"` });
    return z.NEVER;
  });
}

const JOBS_SCHEMA_SUFFIX = '_jobs';

const identifier = (name: string) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(v)) {
      // The job queue lives beside it in `<schema>_jobs`, which must fit PostgreSQL's 63 too.
      if (v === undefined || v.length + JOBS_SCHEMA_SUFFIX.length <= 63) return v;
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be at most ${63 - JOBS_SCHEMA_SUFFIX.length} characters (the job queue lives in "<schema>${JOBS_SCHEMA_SUFFIX}"), got ${v.length}`,
      });
      return z.NEVER;
    }
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be a lower-case PostgreSQL identifier (letters, digits, _; at most 63), got "${v}"`,
    });
    return z.NEVER;
  });

/**
 * The job queue's schema for a store schema. graphile-worker's tables are not revbridge's (they stay out
 * of schema.sql and its drift check), so they get a schema of their own; one per store schema, because a
 * worker runs what it finds in its queue against its own store: two stores sharing `graphile_worker` in
 * one database would run each other's jobs on the wrong data.
 */
export function jobsSchemaFor(dbSchema: string | undefined): string {
  return dbSchema ? `${dbSchema}${JOBS_SCHEMA_SUFFIX}` : 'graphile_worker';
}

function positiveInt(name: string, fallback: number, max: number) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `${name} must be an integer 1–${max}, got "${v}"` });
    return z.NEVER;
  });
}

/** A period in whole seconds: 0 turns the schedule off, anything else lies in `min`–`max`. */
function seconds(name: string, fallback: number, range: { min: number; max: number; off: string }) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = /^\d{1,7}$/.test(v) ? Number(v) : NaN;
    if (n === 0 || (n >= range.min && n <= range.max)) return n;
    const allowed = range.min <= 1 ? `0–${range.max}` : `0 or ${range.min}–${range.max}`;
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be a whole number of seconds ${allowed} (0: ${range.off}), got "${v}"`,
    });
    return z.NEVER;
  });
}

/** A JSON object of Opportunity Type → process, laid over `DEFAULT_OPPORTUNITY_PROCESSES`. */
const opportunityProcesses = optionalText.transform((v, ctx) => {
  if (v === undefined) return DEFAULT_OPPORTUNITY_PROCESSES;
  const name = 'REVBRIDGE_OPPORTUNITY_PROCESSES';
  const shape = `a JSON object of Opportunity Type → ${OPPORTUNITY_PROCESSES.join(', ')}, e.g. {"Renewal":"price_plan"}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `${name} must be ${shape}; it is not JSON` });
    return z.NEVER;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    ctx.addIssue({ code: 'custom', message: `${name} must be ${shape}` });
    return z.NEVER;
  }
  const wrong = Object.entries(parsed).filter(
    ([type, process]) => type.length > 255 || !OPPORTUNITY_PROCESSES.includes(process as OpportunityProcess),
  );
  if (wrong.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be ${shape}; not ${wrong.map(([t, p]) => `"${t}": ${JSON.stringify(p)}`).join(', ')}`,
    });
    return z.NEVER;
  }
  return { ...DEFAULT_OPPORTUNITY_PROCESSES, ...(parsed as Record<string, OpportunityProcess>) };
});

/**
 * A SOQL condition revbridge puts in a WHERE clause: one line, no statement keywords of its own. It is the
 * admin's (like a report filter); Salesforce itself refuses one that does not parse.
 */
function soqlCondition(name: string, fallback: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (v.length <= 2000 && !/[\r\n;]/.test(v) && !/\b(SELECT|FROM|ORDER\s+BY|LIMIT|GROUP\s+BY)\b/i.test(v)) return v;
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be one SOQL condition like "Revenue_Sync__c = true AND Amount > 0" (no SELECT, FROM, ORDER BY, LIMIT), got "${v.slice(0, 80)}"`,
    });
    return z.NEVER;
  });
}

/** A Salesforce field API name (`Product__c`, `Type`). */
function fieldName(name: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined || /^[A-Za-z][A-Za-z0-9_]{0,79}(\.[A-Za-z][A-Za-z0-9_]{0,79})?$/.test(v)) return v;
    ctx.addIssue({ code: 'custom', message: `${name} must be a field API name like Product__c, got "${v}"` });
    return z.NEVER;
  });
}

/** A comma-separated list of contract fields as `Object.Field` (CONTRACT_FIELDS), each checked. */
function contractFieldList(name: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return [];
    const known = CONTRACT_FIELDS.map(salesforceNameOf);
    const names = v
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length === 0) return names;
    ctx.addIssue({
      code: 'custom',
      message: `${name} names ${unknown.join(', ')}, not a contract field; use some of ${known.join(', ')}`,
    });
    return z.NEVER;
  });
}

/** More than this many jobs at once in one process only queues them on its database pool; add processes. */
export const MAX_WORKER_CONCURRENCY = 64;

/** A bootstrap key must be as hard to guess as the keys revbridge makes (32 random bytes in base64url: 43). */
export const MIN_BOOTSTRAP_KEY_LENGTH = 32;
const MAX_BOOTSTRAP_KEY_LENGTH = 512;

// The value is a secret: a problem with it is described by its length and characters, never echoed.
const bootstrapKey = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const name = 'REVBRIDGE_BOOTSTRAP_API_KEY';
  if (!/^[\x21-\x7e]+$/.test(v)) {
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be printable ASCII without spaces (it travels in an HTTP header); it has other characters`,
    });
    return z.NEVER;
  }
  if (v.length < MIN_BOOTSTRAP_KEY_LENGTH || v.length > MAX_BOOTSTRAP_KEY_LENGTH) {
    ctx.addIssue({
      code: 'custom',
      message:
        `${name} must be ${MIN_BOOTSTRAP_KEY_LENGTH}–${MAX_BOOTSTRAP_KEY_LENGTH} characters ` +
        `(e.g. from \`openssl rand -base64 32\`), got ${v.length}`,
    });
    return z.NEVER;
  }
  return v;
});

const envSchema = (defaults: ConfigDefaults) =>
  z.object({
    PORT: port('PORT', 3000),
    HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
    DATABASE_URL: url('DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/db'),
    REVBRIDGE_DB_SCHEMA: identifier('REVBRIDGE_DB_SCHEMA'),
    REVBRIDGE_DATA_DIR: optionalText.transform((v) => resolve(v ?? '.data')),
    LOG_LEVEL: oneOf('LOG_LEVEL', LOG_LEVELS, defaults.logLevel ?? 'info'),
    LOCALORG: oneOf('LOCALORG', ['on', 'off'] as const, 'on'),
    LOCALORG_PORT: port('LOCALORG_PORT', 4318),
    SALESFORCE_LOGIN_URL: url('SALESFORCE_LOGIN_URL', ['http:', 'https:'], 'https://login.salesforce.com'),
    SALESFORCE_CLIENT_ID: optionalText,
    SALESFORCE_CLIENT_SECRET: optionalText,
    SALESFORCE_USERNAME: optionalText,
    SALESFORCE_JWT_KEY_FILE: optionalText.transform((v) => (v === undefined ? undefined : resolve(v))),
    SALESFORCE_REFRESH_TOKEN: optionalText,
    SALESFORCE_API_RESERVE_PERCENT: optionalText.transform((v, ctx) => {
      if (v === undefined) return 20;
      const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (n >= 0 && n <= 90) return n;
      ctx.addIssue({
        code: 'custom',
        message: `SALESFORCE_API_RESERVE_PERCENT must be a whole percentage 0–90, got "${v}"`,
      });
      return z.NEVER;
    }),
    REVBRIDGE_LATE_USAGE: oneOf('REVBRIDGE_LATE_USAGE', ['bill', 'refuse'] as const, 'bill'),
    REVBRIDGE_BOOTSTRAP_API_KEY: bootstrapKey,
    REVBRIDGE_WORKER: oneOf('REVBRIDGE_WORKER', ['on', 'off'] as const, 'on'),
    REVBRIDGE_WORKER_CONCURRENCY: positiveInt('REVBRIDGE_WORKER_CONCURRENCY', 2, MAX_WORKER_CONCURRENCY),
    REVBRIDGE_POLL_SECONDS: seconds('REVBRIDGE_POLL_SECONDS', 30, { min: 1, max: 86_400, off: 'no polling' }),
    REVBRIDGE_CATALOG_PULL_SECONDS: seconds('REVBRIDGE_CATALOG_PULL_SECONDS', 86_400, {
      min: 60,
      max: 7 * 86_400,
      off: 'no scheduled pull',
    }),
    REVBRIDGE_OPPORTUNITY_PROCESSES: opportunityProcesses,
    REVBRIDGE_REVENUE_IMPORT_SECONDS: seconds('REVBRIDGE_REVENUE_IMPORT_SECONDS', 3_600, {
      min: 60,
      max: 7 * 86_400,
      off: 'no scheduled import',
    }),
    REVBRIDGE_REVENUE_FILTER: soqlCondition('REVBRIDGE_REVENUE_FILTER', DEFAULT_REVENUE_POLICIES.filter),
    REVBRIDGE_REVENUE_LINES: oneOf('REVBRIDGE_REVENUE_LINES', ['items', 'opportunity'] as const, 'items'),
    REVBRIDGE_REVENUE_PRODUCT_KEY: oneOf('REVBRIDGE_REVENUE_PRODUCT_KEY', ['code', 'id', 'name'] as const, 'code'),
    REVBRIDGE_REVENUE_PRODUCT_FIELD: fieldName('REVBRIDGE_REVENUE_PRODUCT_FIELD'),
    REVBRIDGE_REVENUE_DEFAULT_PRODUCT: optionalText.transform((v) => v ?? DEFAULT_REVENUE_POLICIES.defaultProduct),
    REVBRIDGE_REVENUE_TERM_LENGTH: oneOf('REVBRIDGE_REVENUE_TERM_LENGTH', TERM_LENGTH_RULES, 'months'),
    REVBRIDGE_REVENUE_DELETES: oneOf(
      'REVBRIDGE_REVENUE_DELETES',
      ['ignore', 'archive', 'propagate'] as const,
      DEFAULT_REVENUE_POLICIES.deletes,
    ),
    REVBRIDGE_REVENUE_PRICEBOOK: optionalText,
    REVBRIDGE_REVENUE_SALESFORCE_OWNS: contractFieldList('REVBRIDGE_REVENUE_SALESFORCE_OWNS'),
    REVBRIDGE_REVENUE_AUTO_PUSH: oneOf('REVBRIDGE_REVENUE_AUTO_PUSH', ['on', 'off'] as const, 'off'),
  });

const SALESFORCE_VARS = [
  'SALESFORCE_LOGIN_URL',
  'SALESFORCE_CLIENT_ID',
  'SALESFORCE_CLIENT_SECRET',
  'SALESFORCE_USERNAME',
  'SALESFORCE_JWT_KEY_FILE',
  'SALESFORCE_REFRESH_TOKEN',
] as const;

/**
 * Parses the environment into a `Config`. Throws a `ConfigError` listing every bad variable at once.
 *
 * @example
 * const config = loadConfig({ PORT: '0', LOCALORG: 'off', DATABASE_URL: 'postgres://localhost/revbridge' });
 */
export function loadConfig(env: Env = process.env, defaults: ConfigDefaults = {}): Config {
  const result = envSchema(defaults).safeParse(env);
  const problems = result.success ? [] : result.error.issues.map((issue) => issue.message);
  // A login URL of a real org with the local org's client id (or the reverse) could only fail later and
  // confusingly, so an org is named completely or not at all.
  const salesforceProblem = incompleteSalesforce(env);
  if (salesforceProblem) problems.push(salesforceProblem);
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbSchema: e.REVBRIDGE_DB_SCHEMA,
    dataDir: e.REVBRIDGE_DATA_DIR,
    logLevel: e.LOG_LEVEL,
    localorg: e.LOCALORG === 'on',
    localorgPort: e.LOCALORG_PORT,
    salesforce: salesforceCredentials(e),
    apiReservePercent: e.SALESFORCE_API_RESERVE_PERCENT,
    lateUsage: e.REVBRIDGE_LATE_USAGE,
    bootstrapApiKey: e.REVBRIDGE_BOOTSTRAP_API_KEY,
    worker: e.REVBRIDGE_WORKER === 'on',
    workerConcurrency: e.REVBRIDGE_WORKER_CONCURRENCY,
    pollSeconds: e.REVBRIDGE_POLL_SECONDS,
    catalogPullSeconds: e.REVBRIDGE_CATALOG_PULL_SECONDS,
    opportunityProcesses: e.REVBRIDGE_OPPORTUNITY_PROCESSES,
    revenue: {
      filter: e.REVBRIDGE_REVENUE_FILTER,
      lines: e.REVBRIDGE_REVENUE_LINES,
      productKey: e.REVBRIDGE_REVENUE_PRODUCT_KEY,
      productField: e.REVBRIDGE_REVENUE_PRODUCT_FIELD,
      defaultProduct: e.REVBRIDGE_REVENUE_DEFAULT_PRODUCT,
      termLength: e.REVBRIDGE_REVENUE_TERM_LENGTH,
      deletes: e.REVBRIDGE_REVENUE_DELETES,
      pricebook: e.REVBRIDGE_REVENUE_PRICEBOOK,
      salesforceOwns: e.REVBRIDGE_REVENUE_SALESFORCE_OWNS,
      autoPush: e.REVBRIDGE_REVENUE_AUTO_PUSH === 'on',
    },
    revenueImportSeconds: e.REVBRIDGE_REVENUE_IMPORT_SECONDS,
    jobsSchema: jobsSchemaFor(e.REVBRIDGE_DB_SCHEMA),
  };
}

/** Which SALESFORCE_* variables are missing for a complete login, as one sentence; undefined when none or all. */
function incompleteSalesforce(env: Env): string | undefined {
  const set = (name: string) => !!env[name]?.trim();
  if (!SALESFORCE_VARS.some(set)) return undefined;
  const missing = ['SALESFORCE_LOGIN_URL', 'SALESFORCE_CLIENT_ID'].filter((n) => !set(n));
  if (set('SALESFORCE_JWT_KEY_FILE') && !set('SALESFORCE_USERNAME')) missing.push('SALESFORCE_USERNAME');
  const grant = set('SALESFORCE_JWT_KEY_FILE') || set('SALESFORCE_REFRESH_TOKEN') || set('SALESFORCE_CLIENT_SECRET');
  if (!grant) missing.push('SALESFORCE_CLIENT_SECRET');
  if (missing.length === 0) return undefined;
  return (
    'SALESFORCE_LOGIN_URL and SALESFORCE_CLIENT_ID with SALESFORCE_CLIENT_SECRET (client credentials), ' +
    'SALESFORCE_USERNAME + SALESFORCE_JWT_KEY_FILE (JWT bearer) or SALESFORCE_REFRESH_TOKEN must be set together ' +
    `(or none, to use the local org); missing ${missing.join(', ')}`
  );
}

/** The grant the variables name: JWT bearer first, then refresh token, then client credentials. */
function salesforceCredentials(e: {
  SALESFORCE_LOGIN_URL?: string;
  SALESFORCE_CLIENT_ID?: string;
  SALESFORCE_CLIENT_SECRET?: string;
  SALESFORCE_USERNAME?: string;
  SALESFORCE_JWT_KEY_FILE?: string;
  SALESFORCE_REFRESH_TOKEN?: string;
}): SalesforceCredentials | undefined {
  const loginUrl = e.SALESFORCE_LOGIN_URL;
  const clientId = e.SALESFORCE_CLIENT_ID;
  if (!loginUrl || !clientId) return undefined;
  if (e.SALESFORCE_JWT_KEY_FILE && e.SALESFORCE_USERNAME) {
    return {
      grant: 'jwt',
      loginUrl,
      clientId,
      username: e.SALESFORCE_USERNAME,
      privateKeyFile: e.SALESFORCE_JWT_KEY_FILE,
    };
  }
  if (e.SALESFORCE_REFRESH_TOKEN) {
    return {
      grant: 'refresh_token',
      loginUrl,
      clientId,
      clientSecret: e.SALESFORCE_CLIENT_SECRET,
      refreshToken: e.SALESFORCE_REFRESH_TOKEN,
    };
  }
  if (e.SALESFORCE_CLIENT_SECRET) {
    return { grant: 'client_credentials', loginUrl, clientId, clientSecret: e.SALESFORCE_CLIENT_SECRET };
  }
  return undefined;
}

export { redactUrl };

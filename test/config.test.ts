import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, loadConfig, redactUrl } from '../src/config.ts';
import { DEFAULT_OPPORTUNITY_PROCESSES } from '../src/domain/opportunity-process.ts';
import { DEFAULT_REVENUE_POLICIES } from '../src/domain/revenue-policies.ts';
import { createLogger } from '../src/logger.ts';

const defaults: Config = {
  port: 3000,
  host: '127.0.0.1',
  databaseUrl: undefined,
  dbSchema: undefined,
  dataDir: resolve('.data'),
  logLevel: 'info',
  localorg: true,
  localorgPort: 4318,
  salesforce: undefined,
  apiReservePercent: 20,
  pollSeconds: 30,
  catalogPullSeconds: 86_400,
  opportunityProcesses: DEFAULT_OPPORTUNITY_PROCESSES,
  revenue: DEFAULT_REVENUE_POLICIES,
  revenueImportSeconds: 3600,
  lateUsage: 'bill',
  bootstrapApiKey: undefined,
  worker: true,
  workerConcurrency: 2,
  jobsSchema: 'graphile_worker',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('an empty environment gives the defaults', () => {
    expect(loadConfig({})).toEqual(defaults);
  });

  const good: Array<[string, Record<string, string>, Partial<Config>]> = [
    ['PORT', { PORT: '8080' }, { port: 8080 }],
    ['PORT 0 picks a free port', { PORT: '0' }, { port: 0 }],
    ['an empty variable counts as unset', { PORT: '', LOG_LEVEL: ' ' }, {}],
    ['HOST', { HOST: '0.0.0.0' }, { host: '0.0.0.0' }],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'postgres://app:pw@db.internal:5432/revbridge' },
      { databaseUrl: 'postgres://app:pw@db.internal:5432/revbridge' },
    ],
    ['postgresql:// too', { DATABASE_URL: 'postgresql://db/x' }, { databaseUrl: 'postgresql://db/x' }],
    [
      'REVBRIDGE_DB_SCHEMA, with the job queue beside it',
      { REVBRIDGE_DB_SCHEMA: 'billing_2' },
      { dbSchema: 'billing_2', jobsSchema: 'billing_2_jobs' },
    ],
    ['REVBRIDGE_WORKER off', { REVBRIDGE_WORKER: 'OFF' }, { worker: false }],
    ['REVBRIDGE_WORKER_CONCURRENCY', { REVBRIDGE_WORKER_CONCURRENCY: '8' }, { workerConcurrency: 8 }],
    ['REVBRIDGE_DATA_DIR is made absolute', { REVBRIDGE_DATA_DIR: 'var/state' }, { dataDir: resolve('var/state') }],
    ['LOG_LEVEL, any case', { LOG_LEVEL: 'DEBUG' }, { logLevel: 'debug' }],
    ['LOCALORG off', { LOCALORG: 'off' }, { localorg: false }],
    ['REVBRIDGE_POLL_SECONDS 0 turns polling off', { REVBRIDGE_POLL_SECONDS: '0' }, { pollSeconds: 0 }],
    ['REVBRIDGE_CATALOG_PULL_SECONDS', { REVBRIDGE_CATALOG_PULL_SECONDS: '3600' }, { catalogPullSeconds: 3600 }],
    [
      'REVBRIDGE_CATALOG_PULL_SECONDS 0 turns it off',
      { REVBRIDGE_CATALOG_PULL_SECONDS: '0' },
      { catalogPullSeconds: 0 },
    ],
    ['LOCALORG_PORT', { LOCALORG_PORT: '5000' }, { localorgPort: 5000 }],
    [
      'REVBRIDGE_OPPORTUNITY_PROCESSES over the defaults',
      { REVBRIDGE_OPPORTUNITY_PROCESSES: '{"Renewal":"price_plan","New Customer":"both"}' },
      { opportunityProcesses: { ...DEFAULT_OPPORTUNITY_PROCESSES, Renewal: 'price_plan', 'New Customer': 'both' } },
    ],
    [
      'REVBRIDGE_REVENUE_IMPORT_SECONDS 0 turns it off',
      { REVBRIDGE_REVENUE_IMPORT_SECONDS: '0' },
      { revenueImportSeconds: 0 },
    ],
    [
      'REVBRIDGE_REVENUE_* settings',
      {
        REVBRIDGE_REVENUE_FILTER: "StageName != 'Prospecting' AND Amount > 0",
        REVBRIDGE_REVENUE_LINES: 'opportunity',
        REVBRIDGE_REVENUE_PRODUCT_KEY: 'name',
        REVBRIDGE_REVENUE_PRODUCT_FIELD: 'Product__c',
        REVBRIDGE_REVENUE_DEFAULT_PRODUCT: 'OTHER',
        REVBRIDGE_REVENUE_TERM_LENGTH: 'days',
        REVBRIDGE_REVENUE_DELETES: 'propagate',
        REVBRIDGE_REVENUE_PRICEBOOK: 'Revenue Book',
        REVBRIDGE_REVENUE_SALESFORCE_OWNS: 'Opportunity.StageName, OpportunityLineItem.Term_End_Date__c',
        REVBRIDGE_REVENUE_AUTO_PUSH: 'on',
      },
      {
        revenue: {
          filter: "StageName != 'Prospecting' AND Amount > 0",
          lines: 'opportunity',
          productKey: 'name',
          productField: 'Product__c',
          defaultProduct: 'OTHER',
          termLength: 'days',
          deletes: 'propagate',
          pricebook: 'Revenue Book',
          salesforceOwns: ['Opportunity.StageName', 'OpportunityLineItem.Term_End_Date__c'],
          autoPush: true,
        },
      },
    ],
    [
      'all three SALESFORCE_* variables',
      {
        SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com',
        SALESFORCE_CLIENT_ID: 'id',
        SALESFORCE_CLIENT_SECRET: 's3cret',
      },
      {
        salesforce: {
          grant: 'client_credentials',
          loginUrl: 'https://acme.my.salesforce.com',
          clientId: 'id',
          clientSecret: 's3cret',
        },
      },
    ],
    [
      'REVBRIDGE_BOOTSTRAP_API_KEY',
      { REVBRIDGE_BOOTSTRAP_API_KEY: ' rb_0123456789abcdefghijklmnopqrstuv ' },
      { bootstrapApiKey: 'rb_0123456789abcdefghijklmnopqrstuv' },
    ],
  ];
  it.each(good)('%s', (_name, env, expected) => {
    expect(loadConfig(env)).toEqual({ ...defaults, ...expected });
  });

  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: 'abc' }, 'PORT must be an integer 0–65535 (0 picks a free port), got "abc"'],
    [{ PORT: '65536' }, 'PORT must be an integer 0–65535 (0 picks a free port), got "65536"'],
    [{ PORT: '80.5' }, 'PORT must be an integer 0–65535 (0 picks a free port), got "80.5"'],
    [{ LOCALORG_PORT: '-1' }, 'LOCALORG_PORT must be an integer 0–65535 (0 picks a free port), got "-1"'],
    [
      { REVBRIDGE_POLL_SECONDS: '86401' },
      'REVBRIDGE_POLL_SECONDS must be a whole number of seconds 0–86400 (0: no polling), got "86401"',
    ],
    [
      { REVBRIDGE_CATALOG_PULL_SECONDS: '30' },
      'REVBRIDGE_CATALOG_PULL_SECONDS must be a whole number of seconds 0 or 60–604800 (0: no scheduled pull), got "30"',
    ],
    [
      { REVBRIDGE_OPPORTUNITY_PROCESSES: '{"Renewal":"invoice"}' },
      'REVBRIDGE_OPPORTUNITY_PROCESSES must be a JSON object of Opportunity Type → price_plan, add_products, both, e.g. {"Renewal":"price_plan"}; not "Renewal": "invoice"',
    ],
    [
      { REVBRIDGE_OPPORTUNITY_PROCESSES: 'Renewal=price_plan' },
      'REVBRIDGE_OPPORTUNITY_PROCESSES must be a JSON object of Opportunity Type → price_plan, add_products, both, e.g. {"Renewal":"price_plan"}; it is not JSON',
    ],
    [
      { REVBRIDGE_REVENUE_FILTER: 'Revenue_Sync__c = true LIMIT 5' },
      'REVBRIDGE_REVENUE_FILTER must be one SOQL condition like "Revenue_Sync__c = true AND Amount > 0" (no SELECT, FROM, ORDER BY, LIMIT), got "Revenue_Sync__c = true LIMIT 5"',
    ],
    [
      { REVBRIDGE_REVENUE_PRODUCT_FIELD: 'Product__c; DROP' },
      'REVBRIDGE_REVENUE_PRODUCT_FIELD must be a field API name like Product__c, got "Product__c; DROP"',
    ],
    [
      { REVBRIDGE_REVENUE_DELETES: 'delete' },
      'REVBRIDGE_REVENUE_DELETES must be one of ignore, archive, propagate, got "delete"',
    ],
    [
      { REVBRIDGE_REVENUE_SALESFORCE_OWNS: 'Opportunity.Amount' },
      'REVBRIDGE_REVENUE_SALESFORCE_OWNS names Opportunity.Amount, not a contract field; use some of Opportunity.Name, Opportunity.StageName, Opportunity.CloseDate, Opportunity.Term_Start_Date__c, Opportunity.Term_End_Date__c, Opportunity.Assigned_ARR__c, Opportunity.Assigned_MRR__c, Opportunity.Renews__c, Opportunity.Amends__c, OpportunityLineItem.PricebookEntryId, OpportunityLineItem.Quantity, OpportunityLineItem.TotalPrice, OpportunityLineItem.Term_Start_Date__c, OpportunityLineItem.Term_End_Date__c',
    ],
    [
      { REVBRIDGE_CATALOG_PULL_SECONDS: 'daily' },
      'REVBRIDGE_CATALOG_PULL_SECONDS must be a whole number of seconds 0 or 60–604800 (0: no scheduled pull), got "daily"',
    ],
    [
      { DATABASE_URL: 'mysql://u:hunter2@h/db' },
      'DATABASE_URL must be a URL like postgres://user:password@host:5432/db, got "mysql://u:***@h/db"',
    ],
    [
      { DATABASE_URL: 'localhost:5432' },
      'DATABASE_URL must be a URL like postgres://user:password@host:5432/db, got "localhost:5432"',
    ],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ],
    [{ LOCALORG: 'yes' }, 'LOCALORG must be one of on, off, got "yes"'],
    [{ REVBRIDGE_LATE_USAGE: 'drop' }, 'REVBRIDGE_LATE_USAGE must be one of bill, refuse, got "drop"'],
    [
      { REVBRIDGE_DB_SCHEMA: 'Billing; drop' },
      'REVBRIDGE_DB_SCHEMA must be a lower-case PostgreSQL identifier (letters, digits, _; at most 63), got "Billing; drop"',
    ],
    [
      { REVBRIDGE_DB_SCHEMA: 'b'.repeat(59) },
      'REVBRIDGE_DB_SCHEMA must be at most 58 characters (the job queue lives in "<schema>_jobs"), got 59',
    ],
    [{ REVBRIDGE_WORKER: 'no' }, 'REVBRIDGE_WORKER must be one of on, off, got "no"'],
    [{ REVBRIDGE_WORKER_CONCURRENCY: '0' }, 'REVBRIDGE_WORKER_CONCURRENCY must be an integer 1–64, got "0"'],
    [{ REVBRIDGE_WORKER_CONCURRENCY: '2.5' }, 'REVBRIDGE_WORKER_CONCURRENCY must be an integer 1–64, got "2.5"'],
    [
      {
        SALESFORCE_LOGIN_URL: 'login.salesforce.com',
        SALESFORCE_CLIENT_ID: 'id',
        SALESFORCE_CLIENT_SECRET: 's',
      },
      'SALESFORCE_LOGIN_URL must be a URL like https://login.salesforce.com, got "login.salesforce.com"',
    ],
    [
      { SALESFORCE_CLIENT_ID: 'id' },
      'SALESFORCE_LOGIN_URL and SALESFORCE_CLIENT_ID with SALESFORCE_CLIENT_SECRET (client credentials), SALESFORCE_USERNAME + SALESFORCE_JWT_KEY_FILE (JWT bearer) or SALESFORCE_REFRESH_TOKEN must be set together (or none, to use the local org); missing SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_SECRET',
    ],
    [
      { REVBRIDGE_BOOTSTRAP_API_KEY: 'hunter2-too-short' },
      'REVBRIDGE_BOOTSTRAP_API_KEY must be 32–512 characters (e.g. from `openssl rand -base64 32`), got 17',
    ],
    [
      { REVBRIDGE_BOOTSTRAP_API_KEY: 'hunter2 with spaces and more than thirty-two chars' },
      'REVBRIDGE_BOOTSTRAP_API_KEY must be printable ASCII without spaces (it travels in an HTTP header); it has other characters',
    ],
  ];
  it.each(bad)('%j is refused with a sentence naming the variable', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', LOCALORG: 'maybe', SALESFORCE_CLIENT_SECRET: 's' });
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'LOG_LEVEL', 'LOCALORG', 'SALESFORCE_LOGIN_URL']);
  });

  it('an entry point may change a default, and the variable still wins', () => {
    expect(loadConfig({}, { logLevel: 'warn' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, { logLevel: 'warn' }).logLevel).toBe('debug');
  });

  it('redactUrl masks a password and nothing else', () => {
    expect(redactUrl('postgres://app:hunter2@db:5432/x')).toBe('postgres://app:***@db:5432/x');
    expect(redactUrl('postgres://db/x')).toBe('postgres://db/x');
  });
});

describe('createLogger', () => {
  it('writes structured lines and never a secret', () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) });
    logger.child({ flow: 'account-push' }).info(
      {
        salesforce: { loginUrl: 'https://x', clientSecret: 'cs-1' },
        conn: { accessToken: 'tok-1', password: 'pw-1' },
        headers: { authorization: 'Bearer tok-2' },
        password: 'pw-2',
      },
      'connected',
    );
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 30, msg: 'connected', flow: 'account-push', service: 'revbridge' });
    expect(entry.salesforce).toEqual({ loginUrl: 'https://x', clientSecret: '[redacted]' });
    for (const secret of ['cs-1', 'tok-1', 'pw-1', 'tok-2', 'pw-2']) expect(lines[0]).not.toContain(secret);
  });
});

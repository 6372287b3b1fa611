import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalOrgOptions, startLocalOrg } from './local-org.ts';
import { loadSfdxSchema } from './schema/sfdx-loader.ts';

const USAGE = `Usage: localorg serve [options]

A local, Salesforce-compatible org: OAuth, REST, SOQL, sObject Collections and Bulk API 2.0.

Options:
  --port N                 TCP port (default 4318; 0 picks a free port)
  --host H                 interface to listen on (default 127.0.0.1)
  --seed demo|empty        data for a new org (default demo)
  --data DIR               keep the org in DIR across restarts (default: in memory)
  --schema DIR             SFDX package directory with custom objects/fields/validation rules (repeatable)
  --client-id ID           connected app consumer key (default localorg-client-id)
  --client-secret S        connected app consumer secret (default localorg-client-secret)
  --username U             integration user (default integration@localorg.test)
  --password P             integration user's password (default localorg-password)
  --jwt-public-key FILE    PEM public key that verifies JWT bearer assertions
  --api-limit N            daily API request allowance (default 15000)
  --currency CODE          the org's currency, ISO 4217 (default USD; corporate currency when multi-currency)
  --single-currency        keep the org single-currency: no CurrencyIsoCode on any object (the demo seed
                           turns multi-currency on otherwise, with USD and EUR; needs --currency USD or EUR)
  --session-timeout MIN    access token lifetime in minutes (default 120)
`;

function fail(message: string): never {
  process.stderr.write(`localorg: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command !== 'serve') fail(`unknown command "${command}"`);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (error) {
    fail((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(USAGE);
    return;
  }
  const seed = v.seed ?? 'demo';
  if (seed !== 'demo' && seed !== 'empty') fail(`--seed must be demo or empty, got "${seed}"`);
  const options: LocalOrgOptions = {
    port: integer('port', v.port, 0) ?? 4318,
    host: v.host ?? '127.0.0.1',
    seed,
    dataDir: v.data ? resolve(v.data) : undefined,
    clientId: v['client-id'],
    clientSecret: v['client-secret'],
    username: v.username,
    password: v.password,
    apiLimit: integer('api-limit', v['api-limit'], 0),
    sessionTimeoutMinutes: integer('session-timeout', v['session-timeout'], 1),
    singleCurrency: v['single-currency'] ?? false,
  };
  if (v.currency !== undefined) {
    if (!/^[A-Z]{3}$/.test(v.currency)) fail(`--currency must be an ISO 4217 code such as USD, got "${v.currency}"`);
    options.currency = v.currency;
  }
  if (v.schema && v.schema.length > 0) {
    try {
      options.customSchema = loadSfdxSchema(v.schema.map((d) => resolve(d)));
    } catch (error) {
      fail(`could not load --schema: ${(error as Error).message}`);
    }
  }
  if (v['jwt-public-key']) {
    try {
      options.jwtPublicKey = readFileSync(resolve(v['jwt-public-key']), 'utf8');
    } catch (error) {
      fail(`could not read --jwt-public-key: ${(error as Error).message}`);
    }
  }
  let app: Awaited<ReturnType<typeof startLocalOrg>>;
  try {
    app = await startLocalOrg(options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    fail(e.code === 'EADDRINUSE' ? `port ${options.port} is already in use (try --port 0)` : e.message);
  }
  const s = app.org.settings;
  const c = app.credentials;
  process.stdout.write(
    [
      `localorg ready at ${app.url}`,
      `  login URL      ${c.loginUrl}`,
      `  client id      ${c.clientId}`,
      `  client secret  ${c.clientSecret}`,
      `  username       ${c.username}`,
      `  password       ${c.password}`,
      `  org id         ${app.org.orgId}`,
      `  currency       ${s.multiCurrency ? `${s.currencies.join(', ')} (multi-currency, corporate ${s.currencies[0]})` : `${s.currencies[0]} (single-currency)`}`,
      `  data           ${options.dataDir ?? 'in memory'} (seed: ${seed}, ${app.org.store.totalLive()} records)`,
      '',
    ].join('\n'),
  );
  const stop = async (signal: string) => {
    process.stdout.write(`localorg: ${signal}, stopping\n`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      schema: { type: 'string', multiple: true },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'jwt-public-key': { type: 'string' },
      'api-limit': { type: 'string' },
      'session-timeout': { type: 'string' },
      currency: { type: 'string' },
      'single-currency': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

await main(process.argv.slice(2));

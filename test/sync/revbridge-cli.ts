import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SyncTest } from './sync-helpers.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a `revbridge` process working on a sync test's store and local org: the store's schema
 * on the test server, the org as the configured Salesforce org (LOCALORG=off), no logs.
 */
export function cliEnv(h: SyncTest): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: h.t.url,
    REVBRIDGE_DB_SCHEMA: h.t.schema,
    LOCALORG: 'off',
    SALESFORCE_LOGIN_URL: h.org.credentials.loginUrl,
    SALESFORCE_CLIENT_ID: h.org.credentials.clientId,
    SALESFORCE_CLIENT_SECRET: h.org.credentials.clientSecret,
    LOG_LEVEL: 'silent',
  };
}

/** `node bin/revbridge.js <args>` (dist/ after `npm run build`) against the test's store and org. */
export function revbridge(h: SyncTest, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/revbridge.js', ...args],
      { cwd: ROOT, env: cliEnv(h), timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

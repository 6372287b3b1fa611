import { type ChildProcess, execFile, spawn } from 'node:child_process';
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

/** A `revbridge` process left running, to be killed mid-run: what it printed so far, and how it ended. */
export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node bin/revbridge.js <args>` started against the test's store and org, not waited for. */
export function startRevbridge(h: SyncTest, args: string[]): RunningCli {
  const child = spawn(process.execPath, ['bin/revbridge.js', ...args], {
    cwd: ROOT,
    env: cliEnv(h),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-runner.ts';
import { table } from '../../src/cli/output.ts';
import { packageVersion, runCli } from '../../src/cli/run-cli.ts';
import { fail } from '../../src/domain/errors.ts';
import { useOwnSchema } from '../db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/revbridge.js <args>`, as a user or a script would run it. */
function revbridge(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/revbridge.js', ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function captureIo(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { env, out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
}

describe('revbridge CLI', () => {
  // The CLI gets its own schema through REVBRIDGE_DB_SCHEMA and creates it on first use.
  const { url, schema } = useOwnSchema('t_cli');
  const dbEnv = { DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema };

  it('--help lists the commands and the --json flag', async () => {
    const run = await revbridge(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: revbridge');
    expect(run.stdout).toContain('--json');
    expect(run.stdout).toMatch(/^\s+db\s/m);
  });

  it('--version prints the version in package.json', async () => {
    const run = await revbridge(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${packageVersion()}\n`);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('db migrate --json applies the migrations once, then nothing', async () => {
    const first = await revbridge(['db', 'migrate', '--json'], dbEnv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.applied).toContain('0001_billing');
    expect(result.applied).toHaveLength(result.migrations);

    const again = await revbridge(['--json', 'db', 'migrate'], dbEnv);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ applied: [], migrations: result.migrations });
  });

  it('db schema prints the live schema, which is what a fresh migration builds', async () => {
    // In-process from here on: the same program, without a node start per command.
    const migrate = captureIo(dbEnv);
    expect(await runCli(['db', 'migrate'], migrate)).toBe(0);
    expect(migrate.out.join('')).toMatch(/^the schema is up to date \(\d+ migrations\)\n$|^APPLIED/);
    const live = captureIo(dbEnv);
    expect(await runCli(['db', 'schema'], live)).toBe(0);
    const fresh = captureIo(dbEnv);
    expect(await runCli(['db', 'schema', '--fresh', '--json'], fresh)).toBe(0);
    expect(live.out.join('')).toMatch(/^-- revbridge database schema/);
    expect(live.out.join('')).toContain('CREATE TABLE accounts (');
    expect(`${JSON.parse(fresh.out.join('')).sql.trimEnd()}\n`).toBe(live.out.join(''));
  });

  it('a bad input is named by the flag the user typed, not the API field', async () => {
    // Both use-cases check their input before looking anything up, so an empty schema will do.
    const summary = await revbridge(['account', 'summary', 'A-1', '--as-of', '2026-02-30'], dbEnv);
    expect(summary.code).toBe(1);
    expect(summary.stderr).toBe(
      'error validation_failed: --as-of must be a date written YYYY-MM-DD, got "2026-02-30".\n',
    );

    const order = await revbridge(
      ['--json', 'product', 'order', 'A-1', 'PKG', '--quantity', '1', '--start', '2026-13-01'],
      dbEnv,
    );
    expect(order.code).toBe(1);
    expect(JSON.parse(order.stdout)).toEqual({
      error: {
        code: 'validation_failed',
        message: '--start must be a date written YYYY-MM-DD, got "2026-13-01".',
        details: { field: '--start', value: '2026-13-01' },
      },
    });
  });

  it('a usage error exits 2', async () => {
    const run = await revbridge(['db', 'migrat']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'migrat'");
    expect(run.stderr).toContain('(Did you mean migrate?)');
  });

  it('bad configuration exits 2 naming every bad variable', async () => {
    const run = await revbridge(['db', 'migrate'], { PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PORT must be an integer 0–65535 (0 picks a free port), got "abc"');
    expect(run.stderr).toContain('DATABASE_URL must be a URL like postgres://');
  });

  it('a RevbridgeError exits 1 with "error <code>: <message>" (and the error as JSON with --json)', async () => {
    const register = (program: import('commander').Command, run: import('../../src/cli/cli-runner.ts').CliRunner) => {
      program
        .command('lookup')
        .action(() =>
          run.withContext(async () =>
            fail('account_not_found', 'No billing account has number A-404.', { number: 'A-404' }),
          ),
        );
    };
    const human = captureIo(dbEnv);
    expect(await runCli(['lookup'], human, register)).toBe(1);
    expect(human.err.join('')).toBe('error account_not_found: No billing account has number A-404.\n');
    expect(human.out).toEqual([]);

    const json = captureIo(dbEnv);
    expect(await runCli(['lookup', '--json'], json, register)).toBe(1);
    expect(JSON.parse(json.out.join(''))).toEqual({
      error: {
        code: 'account_not_found',
        message: 'No billing account has number A-404.',
        details: { number: 'A-404' },
      },
    });
  });

  it('prints a command’s table for people and its data for scripts', async () => {
    const rows = [
      { number: 'INV-1', total: { amount: '12.50', currency: 'USD' }, id: 1n },
      { number: 'INV-10', total: { amount: '1200.00', currency: 'USD' }, id: 10n },
    ];
    const register = (program: import('commander').Command, run: import('../../src/cli/cli-runner.ts').CliRunner) => {
      program.command('invoices').action(() =>
        run.withContext(async () => ({
          data: rows,
          human: table(rows, [
            { header: 'NUMBER', value: (r) => r.number },
            { header: 'TOTAL', value: (r) => r.total },
          ]),
        })),
      );
    };
    const human = captureIo(dbEnv);
    expect(await runCli(['invoices'], human, register)).toBe(0);
    expect(human.out.join('')).toBe(
      ['NUMBER        TOTAL', 'INV-1     12.50 USD', 'INV-10  1200.00 USD', ''].join('\n'),
    );

    const json = captureIo(dbEnv);
    expect(await runCli(['--json', 'invoices'], json, register)).toBe(0);
    expect(JSON.parse(json.out.join(''))).toEqual([
      { number: 'INV-1', total: { amount: '12.50', currency: 'USD' }, id: '1' },
      { number: 'INV-10', total: { amount: '1200.00', currency: 'USD' }, id: '10' },
    ]);
  });
});

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo, CliRunner } from '../../src/cli/cli-runner.ts';
import { registerAllCommands, registerCommands, TOP_COMMANDS } from '../../src/cli/commands/index.ts';
import { CLI_NAMES, flagForField, inCliTerms } from '../../src/cli/field-flags.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { fail, RevbridgeError } from '../../src/domain/errors.ts';
import { useOwnSchema } from '../db.ts';

const noRunner = {} as CliRunner;

async function fullProgram(): Promise<Command> {
  const program = new Command('revbridge');
  await registerAllCommands(program, noRunner);
  return program;
}

function find(program: Command, path: string): Command {
  return path.split(' ').reduce((c, name) => c.commands.find((s) => s.name() === name)!, program);
}

describe('the command index', () => {
  it('lists each top-level command with the description its file gives it', async () => {
    const full = (await fullProgram()).commands.map((c) => [c.name(), c.description()]);
    expect(TOP_COMMANDS.map((c) => [c.name, c.description]).sort()).toEqual(full.sort());
  });

  it('loads the command named, and only names the others for --help', async () => {
    const help = new Command('revbridge');
    await registerCommands(help, noRunner, ['--json', '--help']);
    expect(help.commands.map((c) => c.name())).toEqual(TOP_COMMANDS.map((c) => c.name));
    expect(help.commands.every((c) => c.commands.length === 0)).toBe(true);

    const account = new Command('revbridge');
    await registerCommands(account, noRunner, ['--json', 'help', 'account']);
    expect(find(account, 'account').commands.map((c) => c.name())).toContain('summary');
  });
});

describe('errors in the CLI user’s terms', () => {
  const { url, schema } = useOwnSchema('t_cli_flags');

  it('maps each field to the flag or argument of the command that ran', async () => {
    const program = await fullProgram();
    const cases: Array<[string, string, string | undefined]> = [
      ['account summary', 'today', '--as-of'],
      ['account create', 'arTermDays', '--ar-term'],
      ['account create', 'address.postalCode', '--postal-code'],
      ['account update', 'parentId', '--parent'],
      ['product order', 'startDate', '--start'],
      ['product order', 'accountId', '<account>'],
      ['product quantity', 'quantity', '<quantity>'],
      ['usage record', 'usedOn', '--on'],
      ['usage record', 'serviceId', '<service>'],
      ['usage list', 'serviceId', '--service'],
      ['invoice list', 'accountId', '--account'],
      ['catalog price set', 'effectiveFrom', '--from'],
      ['price-plan set', 'overageRate', '--overage'],
      ['payment record', 'receivedOn', '--received-on'],
      ['contact link', 'roles', '--role'],
      // A usage import names the JSON keys of the user's file: those stay.
      ['usage import', 'usedOn', undefined],
    ];
    for (const [path, field, flag] of cases)
      expect([path, field, flagForField(find(program, path), field)]).toEqual([path, field, flag]);
  });

  it('gives each API field a CLI name that some command takes', async () => {
    const names = new Set<string>();
    const walk = (c: Command): void => {
      for (const o of c.options) names.add(o.attributeName());
      for (const a of c.registeredArguments) names.add(a.name());
      c.commands.forEach(walk);
    };
    walk(await fullProgram());
    expect(Object.values(CLI_NAMES).filter((n) => !names.has(n))).toEqual([]);
  });

  it('renames the field in the message once, outside quoted values, or names the flag first', async () => {
    const order = find(await fullProgram(), 'catalog service add');
    const quoted = new RevbridgeError('validation_failed', 'code may hold letters only, got "code x".', {
      field: 'code',
    });
    expect(inCliTerms(quoted, order).message).toBe('--code may hold letters only, got "code x".');

    const unnamed = new RevbridgeError('validation_failed', 'The package already has a service "A".', {
      field: 'code',
    });
    expect(inCliTerms(unnamed, order)).toMatchObject({
      message: '--code: The package already has a service "A".',
      details: { field: '--code' },
    });

    const other = new RevbridgeError('account_not_found', 'No billing account has number A-9.', { number: 'A-9' });
    expect(inCliTerms(other, order)).toBe(other);
  });

  it('applies to what runCli prints, in text and JSON', async () => {
    const register = (program: Command, run: CliRunner) => {
      program
        .command('order <account>')
        .option('--start <date>')
        .option('--end <date>')
        .action(() =>
          run.withContext(async () =>
            fail('validation_failed', 'Send either quantity or endDate.', { fields: ['quantity', 'endDate'] }),
          ),
        );
    };
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      env: { DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema, LOG_LEVEL: 'warn' },
      stdout: (t) => void out.push(t),
      stderr: (t) => void err.push(t),
    };
    expect(await runCli(['--json', 'order', 'A-1'], io, register)).toBe(1);
    expect(err.join('')).toBe('error validation_failed: Send either quantity or --end.\n');
    expect(JSON.parse(out.join('')).error.details).toEqual({ fields: ['quantity', '--end'] });
  });
});

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { RevbridgeError } from '../domain/errors.ts';
import { type CliIo, type CliRunner, createCliRunner } from './cli-runner.ts';
import { registerCommands } from './commands/index.ts';
import { inCliTerms } from './field-flags.ts';
import { toJson } from './output.ts';

export const EXIT_OK = 0;
/** A coded failure (`RevbridgeError`) or an unexpected error. */
export const EXIT_FAILED = 1;
/** Bad usage: unknown command or option, a missing or malformed argument, bad configuration. */
export const EXIT_USAGE = 2;

export const processIo: CliIo = {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The version in package.json (read from the file: src/cli/ and dist/cli/ both sit two levels below it). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}

/**
 * Runs `revbridge <args>` and returns the exit code (the caller exits). `register` adds the commands
 * (by default only what `args` need: see registerCommands); tests pass their own to exercise the runner.
 */
export async function runCli(
  args: string[],
  io: CliIo = processIo,
  register: (program: Command, run: CliRunner, args: readonly string[]) => void | Promise<void> = registerCommands,
): Promise<number> {
  const program = new Command('revbridge')
    .description('revbridge: the billing and revenue hub for Salesforce shops')
    .version(packageVersion(), '-V, --version', 'print the version of revbridge')
    .option('--json', 'print JSON for scripts instead of tables')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  // Configuration parsing (zod) is loaded when a command first needs the store, not for --help.
  const runner = createCliRunner(
    io,
    async () => (await import('../config.ts')).loadConfig(io.env, { logLevel: 'warn' }),
    () => program.opts<{ json?: boolean }>().json === true,
  );
  // The command whose action runs, so an error can be told in its flags (see inCliTerms).
  let active: Command | undefined;
  program.hook('preAction', (_program, actionCommand) => {
    active = actionCommand;
  });
  try {
    await register(program, runner, args);
    await program.parseAsync(args, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    runner.logError(error);
    return await report(error instanceof RevbridgeError ? inCliTerms(error, active) : error, io, runner.json);
  } finally {
    await runner.close();
  }
}

async function report(error: unknown, io: CliIo, json: boolean): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has printed the message (or the help) already.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  const { ConfigError } = await import('../config.ts');
  if (error instanceof ConfigError) {
    io.stderr(`revbridge: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof RevbridgeError) {
    if (json) io.stdout(`${toJson({ error: { code: error.code, message: error.message, details: error.details } })}\n`);
    io.stderr(`error ${error.code}: ${error.message}\n`);
    return EXIT_FAILED;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) io.stdout(`${toJson({ error: { code: 'internal_error', message, details: {} } })}\n`);
  io.stderr(`error: ${message}\n`);
  return EXIT_FAILED;
}

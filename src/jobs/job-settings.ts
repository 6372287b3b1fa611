import type { z } from 'zod';
import type { AppContext } from '../app-context.ts';

/** graphile-worker's own default, used when the context names no schema (a store without REVBRIDGE_DB_SCHEMA). */
export const DEFAULT_JOBS_SCHEMA = 'graphile_worker';

/** The schema of the context's job queue. */
export function jobsSchemaOf(ctx: AppContext): string {
  return ctx.jobs?.schema ?? DEFAULT_JOBS_SCHEMA;
}

/** A zod error as `{ path, message }` pairs, the shape API validation errors use. */
export function payloadProblems(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.join('.') : '(payload)',
    message: issue.message,
  }));
}

import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { ApiApp } from '../api-app.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'error']),
});

/** A pool waiting for a connection would hang the probe; a load balancer wants an answer. */
const DATABASE_TIMEOUT_MS = 2_000;

export function registerHealthRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/healthz',
    {
      // Load balancers and orchestrators probe it without credentials; it tells nothing but up or down.
      config: { access: 'public' },
      schema: {
        summary: 'Liveness and database reachability',
        tags: ['operations'],
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      try {
        await withTimeout(sql`select 1`.execute(ctx.db), DATABASE_TIMEOUT_MS);
        return { status: 'ok', database: 'ok' } as const;
      } catch (error) {
        ctx.logger.warn({ err: error }, 'health check: database unreachable');
        return reply.status(503).send({ status: 'unavailable', database: 'error' });
      }
    },
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.ts';
import { type AccessOptions, installAccessControl } from './access-control.ts';
import type { ApiApp } from './api-app.ts';
import { installErrorHandling } from './error-handler.ts';
import { trackRoutes } from './openapi.ts';
import { registerRoutes } from './routes/index.ts';

export type { ApiApp } from './api-app.ts';

export type ApiOptions = AccessOptions;

/**
 * The HTTP API over an application context: zod-validated typed routes, one error shape, API keys with
 * roles on every route but `/healthz`, `/openapi.json` and the Salesforce button pages. Returned not yet
 * listening (and not yet ready), so a caller may add routes or use `app.inject()`.
 *
 * @example
 * const app = buildApi(ctx, { bootstrapApiKey: config.bootstrapApiKey });
 * await app.listen({ port: 3000, host: '127.0.0.1' });
 */
export function buildApi(ctx: AppContext, options: ApiOptions = {}): ApiApp {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    // Bodies are JSON documents of a billing system, not file uploads.
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  // Fastify parses text/plain by default; every body here is a JSON document, so anything else is a
  // 415 `unsupported_media_type` instead of a confusing 400 about a string where an object was expected.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installAccessControl(app, ctx, options);
  trackRoutes(app);
  registerRoutes(app, ctx);
  return app;
}

import type { AppContext } from '../../app-context.ts';
import type { ApiApp } from '../api-app.ts';
import { buildOpenApiDocument } from '../openapi.ts';

export function registerOpenApiRoutes(app: ApiApp, _ctx: AppContext): void {
  let document: Record<string, unknown> | undefined;
  // Built on first request, when every route is registered; routes do not change after `ready`.
  // Public: the contract (paths and shapes) is the open-source code's, not data; clients and code generators
  // fetch it before they have a key.
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => {
    document ??= buildOpenApiDocument(app);
    return document;
  });
}

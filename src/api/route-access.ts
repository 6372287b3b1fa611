import type { ApiRole } from '../auth/api-role.ts';

/** Who may call a route: anyone (`public`), or a key with at least this role. */
export type RouteAccess = 'public' | ApiRole;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The role a route needs, declared where the route is (`config: { access: 'operator' }`). Without it,
     * a read (GET) needs `viewer` and anything else `admin`: a new write route is locked to admins until
     * someone decides operators may use it, never open by omission.
     */
    access?: RouteAccess;
  }
}

/** The access a route needs: what it declares, else the safe default for its method. */
export function routeAccess(method: string, config: { access?: RouteAccess } | undefined): RouteAccess {
  if (config?.access) return config.access;
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'admin';
}

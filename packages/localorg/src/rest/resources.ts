import type { Reply, RequestContext } from '../http/types.ts';

const RESOURCES = ['sobjects', 'query', 'queryAll', 'composite', 'limits', 'jobs', 'search', 'recent', 'tooling'];

/** `GET /services/data/vXX.X/`: the resource map, with the absolute identity URL jsforce follows. */
export function resourcesReply(ctx: RequestContext): Reply {
  const base = `/services/data/v${ctx.version}`;
  const json: Record<string, string> = {};
  for (const name of RESOURCES) json[name] = `${base}/${name}`;
  json.identity = `${ctx.app.url}/id/${ctx.app.org.orgId}/${ctx.session?.userId}`;
  return { status: 200, json };
}

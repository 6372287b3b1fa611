import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type RouteAccess, routeAccess } from './route-access.ts';
import { apiErrorSchema } from './schemas.ts';

/**
 * The OpenAPI document, built from the zod schemas of the routes the app registered. fastify-type-provider-zod
 * turns each route's schemas into JSON Schema (`jsonSchemaTransform`, the same function @fastify/swagger
 * would call); this file is the small collector around it, so the API needs no swagger plugin.
 */

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

const routesByApp = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Records every route registered on `app` from now on. Call before registering routes. */
export function trackRoutes(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  routesByApp.set(app, routes);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
}

const OPENAPI_VERSION = '3.1.0';

/** The document for the routes `trackRoutes` saw; routes with `schema.hide` are left out. */
export function buildOpenApiDocument(app: FastifyInstance): Record<string, unknown> {
  const base = {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'revbridge API',
      version: packageVersion(),
      description:
        'Billing and revenue hub for Salesforce shops. Money is `{ amount: "12.50", currency: "USD" }`, ' +
        'rates and quantities are decimal strings, dates are YYYY-MM-DD, ids are decimal strings. ' +
        'Every error is `{ error: { code, message, details } }`. Every operation but the public ones needs ' +
        '`Authorization: Bearer <API key>`; its description names the role it needs (viewer < operator < admin).',
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routesByApp.get(app) ?? []) {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length === 0 || !route.schema) continue;
    const { schema } = jsonSchemaTransform({ schema: route.schema, url: route.url, route, openapiObject: base });
    if (!schema || (schema as { hide?: boolean }).hide) continue;
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of methods) {
      paths[path] ??= {};
      const access = routeAccess(method, route.config as { access?: RouteAccess } | undefined);
      paths[path][method.toLowerCase()] = operation(schema as Record<string, unknown>, method, path, access);
    }
  }
  const withComponents = jsonSchemaTransformObject({ openapiObject: base }) as { components?: object };
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...base,
    security: [{ apiKey: [] }],
    paths: sortedPaths,
    components: {
      ...withComponents.components,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (`revbridge apikey create`).' },
      },
      schemas: {
        ...(withComponents.components as { schemas?: object } | undefined)?.schemas,
        ApiError: withoutDialect(z.toJSONSchema(apiErrorSchema, { target: 'draft-2020-12' })),
      },
    },
  };
}

function withoutDialect(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

function operation(
  schema: Record<string, unknown>,
  method: string,
  path: string,
  access: RouteAccess,
): Record<string, unknown> {
  const parameters = [
    ...parametersOf(schema.params as JsonSchema | undefined, 'path'),
    ...parametersOf(schema.querystring as JsonSchema | undefined, 'query'),
    ...parametersOf(schema.headers as JsonSchema | undefined, 'header'),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries((schema.response ?? {}) as Record<string, JsonSchema>)) {
    // A response that is not JSON (an HTML page) names its media type in its schema.
    const { description, contentMediaType, ...rest } = body;
    const mediaType = typeof contentMediaType === 'string' ? contentMediaType : 'application/json';
    responses[status] = {
      description: typeof description === 'string' ? description : (STATUS_CODES[status] ?? `${status} response`),
      content: { [mediaType]: { schema: rest } },
    };
  }
  responses.default = {
    description: 'An error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
  };
  const role = access === 'public' ? 'Public: no API key needed.' : `Needs an API key with the ${access} role.`;
  return {
    operationId: schema.operationId ?? operationId(method, path),
    ...(schema.summary ? { summary: schema.summary } : {}),
    description: schema.description ? `${String(schema.description)}\n\n${role}` : role,
    'x-revbridge-role': access,
    ...(access === 'public' ? { security: [] } : {}),
    ...(schema.tags ? { tags: schema.tags } : {}),
    ...(schema.deprecated ? { deprecated: true } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(schema.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } }
      : {}),
    responses,
  };
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query' | 'header'): unknown[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property as Record<string, unknown>;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** `GET /accounts/{id}/invoices` → `getAccountsIdInvoices`, unless the route names its operationId. */
function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
  return version;
}

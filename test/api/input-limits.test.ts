import { beforeAll, describe, expect, it } from 'vitest';
import { rowCounts, seedCatalogAndAcme, type SmallCatalog } from '../billing/helpers.ts';
import { call, useApi } from './api-helpers.ts';

/**
 * Every route, swept with values the store cannot hold or would round: out-of-range amounts, 32-digit
 * quantities and rates, more decimals than kept, JSON numbers, and dates that are not (0000-01-31,
 * 2026-02-30). Each must be a 400 `validation_failed` naming the field and writing nothing, never a 500
 * or raw PostgreSQL text. The fields to sweep are found in the OpenAPI document (dates by format,
 * quantities and rates by their description, money by its shape), so a new route or field is swept
 * without editing this file; a new route without a base request below fails the coverage test.
 */

type Json = Record<string, unknown>;
type Kind = 'date' | 'quantity' | 'rate' | 'money';
interface Target {
  kind: Kind;
  /** Where the value sits: `body` path segments, or a query parameter. */
  in: 'body' | 'query';
  path: (string | number)[];
}

const DIGITS_32 = '1'.repeat(32);
const BAD: Record<Kind, unknown[]> = {
  date: ['0000-01-31', '2026-02-30', '1899-12-31', '4001-01-01', '10000-01-01', '31/01/2026', 20260131],
  quantity: [DIGITS_32, '0.00004', '12345678901234567', '1e3', 5],
  rate: [DIGITS_32, '0.00000000001', '12345678901', 0.5],
  money: [
    { amount: DIGITS_32, currency: 'USD' },
    { amount: `-${DIGITS_32}`, currency: 'USD' },
    { amount: '10000000000000.00', currency: 'USD' },
    { amount: 12.5, currency: 'USD' },
  ],
};

/** A working request per route ("METHOD /path/{param}"); `{…}` in the url is filled from the seeded data. */
function baseRequests(
  cat: SmallCatalog,
  ids: { product: string; plan: string },
): Record<string, { url: string; body?: Json }> {
  const price = { effectiveFrom: '2026-03-01', recurring: { amount: '11.00', currency: 'USD' } };
  const usage = { serviceId: cat.api, quantity: '5', usedOn: '2026-01-20' };
  return {
    'GET /packages': { url: '/packages?on=2026-01-15' },
    'POST /packages': { url: '/packages', body: { code: 'NEW', name: 'New', currency: 'USD', frequency: 'monthly' } },
    'GET /packages/{idOrCode}': { url: '/packages/PLAT?on=2026-01-15' },
    'PATCH /packages/{idOrCode}': { url: '/packages/PLAT', body: { active: true } },
    'GET /packages/{idOrCode}/services': { url: '/packages/PLAT/services' },
    'POST /packages/{idOrCode}/services': {
      url: '/packages/PLAT/services',
      body: { code: 'EXTRA', name: 'Extra', kind: 'recurring' },
    },
    'POST /services/{id}/prices': { url: `/services/${cat.seats}/prices`, body: price },
    'GET /price-books': { url: '/price-books' },
    'POST /price-books': { url: '/price-books', body: { code: 'PB', name: 'Book', currency: 'USD' } },
    'POST /price-books/{idOrCode}/packages': { url: '/price-books/PB/packages', body: { package: 'PLAT' } },
    'GET /accounts': { url: '/accounts' },
    'POST /accounts': { url: '/accounts', body: { name: 'Other', currency: 'USD' } },
    'GET /accounts/{idOrNumber}': { url: '/accounts/ACME' },
    'PATCH /accounts/{idOrNumber}': { url: '/accounts/ACME', body: { name: 'Acme Inc' } },
    'GET /accounts/{idOrNumber}/hierarchy': { url: '/accounts/ACME/hierarchy' },
    'POST /contacts': { url: '/contacts', body: { lastName: 'Raman' } },
    'GET /accounts/{idOrNumber}/contacts': { url: '/accounts/ACME/contacts' },
    'POST /accounts/{idOrNumber}/contacts': { url: '/accounts/ACME/contacts', body: { contactId: '1' } },
    'DELETE /accounts/{idOrNumber}/contacts/{contactId}': { url: '/accounts/ACME/contacts/1' },
    'GET /accounts/{idOrNumber}/price-plans': { url: '/accounts/ACME/price-plans?on=2026-01-15' },
    'POST /accounts/{idOrNumber}/price-plans': {
      url: '/accounts/ACME/price-plans',
      body: {
        serviceId: cat.api,
        effectiveFrom: '2026-04-01',
        effectiveTo: '2026-12-31',
        usageRate: '0.005',
        includedQuantity: '10',
        overageRate: '0.01',
      },
    },
    'POST /price-plans/{id}/end': { url: `/price-plans/${ids.plan}/end`, body: { effectiveTo: '2026-06-30' } },
    'GET /accounts/{idOrNumber}/products': { url: '/accounts/ACME/products?on=2026-01-15' },
    'POST /accounts/{idOrNumber}/products': {
      url: '/accounts/ACME/products',
      body: { package: 'PLAT', quantity: '2', startDate: '2026-01-01', endDate: '2026-12-31' },
    },
    'PATCH /products/{id}': { url: `/products/${ids.product}`, body: { quantity: '3' } },
    'GET /accounts/{idOrNumber}/usage': { url: '/accounts/ACME/usage?from=2026-01-01&to=2026-01-31' },
    'POST /accounts/{idOrNumber}/usage': { url: '/accounts/ACME/usage', body: usage },
    'POST /accounts/{idOrNumber}/usage/batch': { url: '/accounts/ACME/usage/batch', body: { rows: [usage] } },
    'POST /billing-runs': { url: '/billing-runs', body: { date: '2026-01-31', allowFutureDate: true } },
    'GET /tax-rates': { url: '/tax-rates?on=2026-01-15' },
    'POST /tax-rates': {
      url: '/tax-rates',
      body: { jurisdiction: 'US-CA', rate: '0.0725', effectiveFrom: '2026-01-01' },
    },
    'GET /tax-rates/{jurisdiction}': { url: '/tax-rates/US-CA?on=2026-01-15' },
    'GET /bill-groups': { url: '/bill-groups' },
    'POST /bill-groups': { url: '/bill-groups', body: { code: 'East', name: 'East coast' } },
    'DELETE /bill-groups/{code}': { url: '/bill-groups/East' },
    'GET /ar-terms': { url: '/ar-terms' },
    'POST /ar-terms': { url: '/ar-terms', body: { code: 'Net 90', days: 90 } },
    'DELETE /ar-terms/{code}': { url: '/ar-terms/Net%2090' },
    'GET /account-categories': { url: '/account-categories' },
    'POST /account-categories': { url: '/account-categories', body: { code: 'Government', name: 'Government' } },
    'DELETE /account-categories/{code}': { url: '/account-categories/Government' },
    'GET /salesforce/value-sets': { url: '/salesforce/value-sets' },
    'GET /salesforce/buttons/sync-account': { url: '/salesforce/buttons/sync-account?id=001000000000001AAA' },
    'GET /salesforce/buttons/link-account': { url: '/salesforce/buttons/link-account?id=001000000000001' },
    'GET /salesforce/buttons/push-opportunity': { url: '/salesforce/buttons/push-opportunity?id=006000000000001' },
    'POST /invoices/{idOrNumber}/credit-notes': {
      url: '/invoices/ACME-0001/credit-notes',
      body: { reason: 'goodwill', amount: { amount: '1.00', currency: 'USD' } },
    },
    'GET /invoices/{idOrNumber}/credit-notes': { url: '/invoices/ACME-0001/credit-notes' },
    'GET /credit-notes/{idOrNumber}': { url: '/credit-notes/ACME-CN-0001' },
    'POST /invoices/{idOrNumber}/void': { url: '/invoices/ACME-0001/void', body: { reason: 'issued in error' } },
    'GET /invoices': { url: '/invoices' },
    'GET /jobs': { url: '/jobs?state=queued' },
    'GET /invoices/{idOrNumber}': { url: '/invoices/ACME-0001' },
    'GET /accounts/{idOrNumber}/summary': { url: '/accounts/ACME/summary?asOf=2026-01-15' },
    'POST /payments': {
      url: '/payments',
      body: { accountId: 'ACME', amount: { amount: '1.00', currency: 'USD' }, receivedOn: '2026-01-20' },
    },
    'GET /healthz': { url: '/healthz' },
    'POST /sync/accounts': { url: '/sync/accounts', body: { dryRun: true, salesforceIds: ['001000000000001AAA'] } },
    'POST /sync/retry': { url: '/sync/retry', body: { target: '1' } },
    'POST /sync/rollups': { url: '/sync/rollups', body: { dryRun: true } },
    'POST /sync/catalog': { url: '/sync/catalog', body: { dryRun: true } },
    'POST /sync/link': { url: '/sync/link', body: { salesforceId: '001000000000001AAA', account: 'ACME' } },
    'GET /sync/history': { url: '/sync/history?failed=true' },
    'POST /opportunities/push': { url: '/opportunities/push', body: { dryRun: true } },
    'POST /opportunities/{id}/push': { url: '/opportunities/006000000000001AAA/push', body: { dryRun: true } },
    'GET /opportunities/{id}/services': { url: '/opportunities/006000000000001AAA/services' },
    'POST /opportunities/{id}/services': {
      url: '/opportunities/006000000000001AAA/services',
      body: { dryRun: true, changes: [{ service: 'SEATS', quantity: '2' }] },
    },
    'GET /sync/mappings': { url: '/sync/mappings' },
    'POST /revenue/import': { url: '/revenue/import', body: { dryRun: true } },
    'GET /revenue/contracts': { url: '/revenue/contracts?asOf=2026-01-31' },
    'GET /revenue/stages': { url: '/revenue/stages' },
    'GET /revenue/products': { url: '/revenue/products' },
    'GET /revenue/metrics': { url: '/revenue/metrics?asOf=2026-01-31' },
    'GET /revenue/reconcile': { url: '/revenue/reconcile?from=2026-01-01&to=2026-01-31' },
    'POST /revenue/contracts': {
      url: '/revenue/contracts',
      body: {
        account: '001000000000001AAA',
        name: 'Renewal',
        stage: 'Closed Won',
        closeDate: '2026-01-01',
        lines: [{ product: 'SUB', quantity: '1', revenue: '100.00', start: '2026-01-01', end: '2026-12-31' }],
      },
    },
    'PATCH /revenue/contracts/{contract}': { url: '/revenue/contracts/1', body: { name: 'Renamed' } },
    'DELETE /revenue/contracts/{contract}': { url: '/revenue/contracts/1' },
    'POST /revenue/links': { url: '/revenue/links', body: { kind: 'renewal', earlier: '1', later: '2' } },
    'PUT /revenue/stages/{stage}': { url: '/revenue/stages/Closed%20Won', body: { category: 'booked' } },
    'POST /revenue/push': { url: '/revenue/push', body: { dryRun: true } },
    'GET /revenue/conflicts': { url: '/revenue/conflicts' },
    'POST /revenue/conflicts/{contract}/resolve': { url: '/revenue/conflicts/1/resolve', body: { keep: 'revbridge' } },
  };
}

type Schema = Json & { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; $ref?: string };

/** The fields of a JSON schema that carry dates, quantities, rates or money, with their paths. */
function targetsOf(schema: Schema | undefined, path: (string | number)[], found: Target[], where: 'body' | 'query') {
  if (!schema) return;
  if (schema.anyOf) for (const s of schema.anyOf) targetsOf(s, path, found, where);
  const props = schema.properties;
  if (props && props.amount && props.currency) return void found.push({ kind: 'money', in: where, path });
  if (schema.format === 'date') return void found.push({ kind: 'date', in: where, path });
  const description = String(schema.description ?? '');
  if (description.startsWith('Quantity as')) return void found.push({ kind: 'quantity', in: where, path });
  if (description.startsWith('Rate as')) return void found.push({ kind: 'rate', in: where, path });
  if (schema.items) targetsOf(schema.items, [...path, 0], found, where);
  for (const [key, sub] of Object.entries(props ?? {})) targetsOf(sub, [...path, key], found, where);
}

function withValue(body: Json, path: (string | number)[], value: unknown): Json {
  const copy = structuredClone(body);
  let node: Record<string | number, unknown> = copy;
  // A field the base request leaves out (e.g. `lines.0.amount`) gets its containers made on the way.
  for (const [i, key] of path.slice(0, -1).entries()) {
    node[key] ??= typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

describe('every route refuses what the store cannot hold, naming the field', () => {
  const api = useApi();
  let routes: { key: string; url: string; method: string; body?: Json; targets: Target[]; hasBody: boolean }[];

  beforeAll(async () => {
    const cat = await seedCatalogAndAcme(api.ctx);
    const product = await call(api, 'POST', '/accounts/ACME/products', {
      package: 'PLAT',
      quantity: '1',
      startDate: '2026-01-01',
    });
    const plan = await call(api, 'POST', '/accounts/ACME/price-plans', {
      serviceId: cat.seats,
      recurring: { amount: '8.00', currency: 'USD' },
      effectiveFrom: '2026-02-01',
    });
    const bases = baseRequests(cat, { product: product.body.id, plan: plan.body.id });
    const doc = (await call(api, 'GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Json }; parameters?: Json[] }>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const key = `${method.toUpperCase()} ${path}`;
        const targets: Target[] = [];
        const body = (op.requestBody?.content['application/json'] as { schema?: Schema } | undefined)?.schema;
        targetsOf(body, [], targets, 'body');
        for (const p of op.parameters ?? []) {
          if (p.in === 'query') targetsOf(p.schema as Schema, [String(p.name)], targets, 'query');
        }
        return { key, method: method.toUpperCase(), ...bases[key], targets, hasBody: body !== undefined };
      }),
    );
  });

  it('has a working base request for every route, and finds the fields to sweep', async () => {
    expect(routes.filter((r) => r.url === undefined).map((r) => r.key)).toEqual([]);
    const swept = routes.flatMap((r) => r.targets.map((t) => `${r.key} ${t.in}.${t.path.join('.')} (${t.kind})`));
    // A sample of what must be found; the sweep below covers all of them.
    expect(swept).toEqual(
      expect.arrayContaining([
        'POST /accounts/{idOrNumber}/products body.quantity (quantity)',
        'POST /accounts/{idOrNumber}/usage/batch body.rows.0.quantity (quantity)',
        'POST /accounts/{idOrNumber}/price-plans body.overageRate (rate)',
        'POST /accounts/{idOrNumber}/price-plans body.includedQuantity (quantity)',
        'POST /services/{id}/prices body.recurring (money)',
        'POST /payments body.amount (money)',
        'POST /billing-runs body.date (date)',
        'GET /accounts/{idOrNumber}/usage query.from (date)',
      ]),
    );
    expect(swept.length).toBeGreaterThan(30);
  });

  it('answers 400 validation_failed naming the field for every bad value of every field, writing nothing', async () => {
    const before = await rowCounts(api.ctx);
    const failures: string[] = [];
    for (const route of routes) {
      for (const target of route.targets) {
        for (const bad of BAD[target.kind]) {
          let url = route.url;
          let body = route.body;
          if (target.in === 'query') {
            const u = new URL(url, 'http://x');
            u.searchParams.set(String(target.path[0]), String(bad));
            url = `${u.pathname}${u.search}`;
          } else {
            body = withValue(route.body ?? {}, target.path, bad);
          }
          const res = await call(api, route.method as 'POST', url, body);
          const field = [target.in === 'query' ? 'querystring' : 'body', ...target.path].join('.');
          const named = (res.body?.error?.details?.issues ?? []).some(
            (i: { path: string }) => i.path === field || i.path.startsWith(`${field}.`),
          );
          if (res.status !== 400 || res.body?.error?.code !== 'validation_failed' || !named) {
            failures.push(`${route.key} ${field}=${JSON.stringify(bad)} → ${res.status} ${JSON.stringify(res.body)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await rowCounts(api.ctx)).toEqual(before);
  });

  it('refuses an unknown body field by name on every route with a body (a typo is not dropped)', async () => {
    const before = await rowCounts(api.ctx);
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.hasBody)) {
      const res = await call(api, route.method as 'POST', route.url, { ...route.body, parnet: 'A-1' });
      const issues = res.body?.error?.details?.issues ?? [];
      if (res.status !== 400 || !issues.some((i: { path: string }) => i.path === 'body.parnet')) {
        failures.push(`${route.key} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
    // Nested objects too: an address line or a money field with a typo.
    const nested = await call(api, 'PATCH', '/accounts/ACME', { address: { cty: 'Paris' } });
    expect(nested.body.error.details.issues).toEqual([
      { path: 'body.address.cty', message: 'is not a field of this request' },
    ]);
    expect(await rowCounts(api.ctx)).toEqual(before);
  });

  it('answers a body that is not JSON with 415 unsupported_media_type on every route with a body', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.hasBody)) {
      const res = await api.app.inject({
        method: route.method as 'POST',
        url: route.url,
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${api.adminKey}` },
        payload: JSON.stringify(route.body),
      });
      const body = res.json();
      if (res.statusCode !== 415 || body.error?.code !== 'unsupported_media_type' || !body.error.details) {
        failures.push(`${route.key} → ${res.statusCode} ${res.body}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the base requests work, so each refusal above is the bad value and not the request', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const res = await call(api, route.method as 'POST', route.url, route.body);
      if (res.status >= 500 || res.body?.error?.code === 'validation_failed') {
        failures.push(`${route.key} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

import { SfError } from '../errors.ts';
import { jsonBody } from '../http/body.ts';
import type { Router } from '../http/router.ts';
import { ok, type Reply, type RequestContext } from '../http/types.ts';
import type { SeedName } from '../app.ts';
import type { OrgSettings } from '../org.ts';
import { isTimeZone } from '../time-zone.ts';
import { FAULT_KINDS, type FaultSpec } from './faults.ts';

/**
 * Test controls, outside the Salesforce namespace and without a session: reset and seed, the
 * clock, the request log, fault injection, token expiry and org settings.
 */
export function controlRoutes(router: Router): Router {
  return router
    .add('GET', '/__localorg/info', info)
    .add('POST', '/__localorg/reset', reset)
    .add('GET', '/__localorg/clock', (ctx) => ok(ctx.app.org.clock.describe()))
    .add('POST', '/__localorg/clock', setClock)
    .add('GET', '/__localorg/requests', requests)
    .add('DELETE', '/__localorg/requests', (ctx) => {
      ctx.app.log.clear();
      return ok({ lastSeq: ctx.app.log.lastSeq });
    })
    .add('GET', '/__localorg/faults', (ctx) => ok(ctx.app.faults.list()))
    .add('POST', '/__localorg/faults', addFault)
    .add('DELETE', '/__localorg/faults', (ctx) => {
      ctx.app.faults.clear();
      return ok({ cleared: true });
    })
    .add('POST', '/__localorg/tokens/expire', (ctx) => ok({ expired: ctx.app.tokens.expireAll() }))
    .add('GET', '/__localorg/settings', (ctx) => ok(ctx.app.org.settings))
    .add('PATCH', '/__localorg/settings', patchSettings)
    .add('POST', '/__localorg/usage/reset', (ctx) => {
      ctx.app.resetApiUsage();
      return ok(ctx.app.apiUsage());
    });
}

function body(ctx: RequestContext): Record<string, unknown> {
  const parsed = jsonBody(ctx) ?? {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw badControl('expected a JSON object');
  return parsed as Record<string, unknown>;
}

function badControl(message: string): SfError {
  return new SfError('INVALID_CONTROL_REQUEST', message);
}

function info(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  return ok({
    url: ctx.app.url,
    orgId: org.orgId,
    integrationUserId: org.integrationUserId,
    credentials: ctx.app.credentials,
    settings: org.settings,
    clock: org.clock.describe(),
    records: org.schema.objects.map((o) => ({ name: o.name, count: org.store.count(o.name) })),
    apiUsage: ctx.app.apiUsage(),
  });
}

function reset(ctx: RequestContext): Reply {
  const seed = body(ctx).seed ?? 'empty';
  if (seed !== 'demo' && seed !== 'empty')
    throw badControl(`seed must be "demo" or "empty", got ${JSON.stringify(seed)}`);
  ctx.app.reset(seed as SeedName);
  ctx.app.resetApiUsage();
  return ok({ seed, records: ctx.app.org.store.totalLive() });
}

/** `{ "now": "2026-01-31T00:00:00Z", "frozen": true }`, `{ "advanceDays": 30 }`, `{ "advanceMs": 1000 }`, `{ "resume": true }`, `{ "real": true }`. */
function setClock(ctx: RequestContext): Reply {
  const b = body(ctx);
  const clock = ctx.app.org.clock;
  if (b.real === true) clock.reset();
  if (typeof b.now === 'string') {
    const ms = Date.parse(b.now);
    if (!Number.isFinite(ms)) throw badControl(`now must be an ISO date-time, got ${b.now}`);
    clock.set(ms, b.frozen !== false);
  }
  if (typeof b.advanceMs === 'number') clock.advance(b.advanceMs);
  if (typeof b.advanceDays === 'number') clock.advance(b.advanceDays * 86_400_000);
  if (b.resume === true) clock.resume();
  return ok(clock.describe());
}

function requests(ctx: RequestContext): Reply {
  const since = Number(ctx.query.get('since') ?? 0);
  const entries = ctx.app.log.since(Number.isFinite(since) ? since : 0);
  return ok({ lastSeq: ctx.app.log.lastSeq, count: entries.length, requests: entries });
}

function addFault(ctx: RequestContext): Reply {
  const spec = body(ctx) as unknown as FaultSpec;
  if (!FAULT_KINDS.includes(spec.kind)) throw badControl(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  for (const key of ['after', 'times', 'ms'] as const) {
    const v = spec[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw badControl(`${key} must be a non-negative integer`);
  }
  if (spec.rate !== undefined && !(typeof spec.rate === 'number' && spec.rate >= 0 && spec.rate <= 1)) {
    throw badControl('rate must be a number from 0 to 1');
  }
  if (spec.seed !== undefined && !Number.isInteger(spec.seed)) throw badControl('seed must be an integer');
  if (spec.scope !== undefined && spec.scope !== 'request' && spec.scope !== 'record') {
    throw badControl('scope must be "request" or "record"');
  }
  if (spec.scope === 'record' && spec.kind !== 'unable-to-lock-row') {
    throw badControl('scope "record" applies to unable-to-lock-row only');
  }
  return ok({ id: ctx.app.faults.add(spec) }, 201);
}

const CURRENCY = /^[A-Z]{3}$/;

function patchSettings(ctx: RequestContext): Reply {
  const b = body(ctx);
  const patch: Partial<OrgSettings> = {};
  if (b.multiCurrency !== undefined) {
    if (typeof b.multiCurrency !== 'boolean') throw badControl('multiCurrency must be true or false');
    patch.multiCurrency = b.multiCurrency;
  }
  if (b.currencies !== undefined) {
    if (
      !Array.isArray(b.currencies) ||
      b.currencies.length === 0 ||
      !b.currencies.every((c) => typeof c === 'string' && CURRENCY.test(c))
    ) {
      throw badControl('currencies must be a non-empty list of ISO 4217 codes, corporate currency first');
    }
    patch.currencies = b.currencies as string[];
  }
  if (b.apiLimit !== undefined) {
    if (!Number.isInteger(b.apiLimit) || (b.apiLimit as number) < 0)
      throw badControl('apiLimit must be a non-negative integer');
    patch.apiLimit = b.apiLimit as number;
  }
  if (b.timeZone !== undefined) {
    if (typeof b.timeZone !== 'string' || !isTimeZone(b.timeZone))
      throw badControl(`unknown time zone ${String(b.timeZone)}`);
    patch.timeZone = b.timeZone;
  }
  if (b.conversionRates !== undefined) patch.conversionRates = conversionRatesOf(b.conversionRates);
  ctx.app.org.updateSettings(patch);
  return ok(ctx.app.org.settings);
}

/** `{ "EUR": "0.92", … }`: positive, at most 6 decimal places (CurrencyType.ConversionRate's scale). */
function conversionRatesOf(value: unknown): Record<string, string> {
  const bad = () =>
    badControl('conversionRates must map ISO 4217 codes to positive rates with at most 6 decimal places');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad();
  const rates: Record<string, string> = {};
  for (const [code, rate] of Object.entries(value)) {
    const text = typeof rate === 'number' ? String(rate) : rate;
    if (!CURRENCY.test(code) || typeof text !== 'string' || !/^\d{1,12}(\.\d{1,6})?$/.test(text) || Number(text) <= 0) {
      throw bad();
    }
    rates[code] = text;
  }
  return rates;
}

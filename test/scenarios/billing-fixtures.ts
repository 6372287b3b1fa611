import type { BillingCycle } from '../../src/domain/billing-period.ts';
import pino from 'pino';
import type { AppContext } from '../../src/app-context.ts';
import { type Clock, FixedClock } from '../../src/domain/clock.ts';
import type { Db } from '../../src/store/db.ts';
import type { AccountsTable } from '../../src/store/schema.ts';

/**
 * Catalog, accounts, products and usage for billing tests, written straight to the tables so the billing
 * run is tested on its own (the catalog and account use-cases have their own suites).
 */

export function billingContext(db: Db, clock: Clock = new FixedClock(new Date('2026-01-01T09:00:00Z'))): AppContext {
  return { db, clock, logger: pino({ level: 'silent' }) };
}

export interface ServiceSpec {
  code: string;
  kind: 'recurring' | 'one_time' | 'usage' | 'state_based';
  /** Price versions, oldest first. */
  prices: PriceSpec[];
}

export interface PriceSpec {
  from: string;
  recurring?: bigint;
  oneTime?: bigint;
  usageRate?: string;
  included?: string;
  overageRate?: string;
  states?: Record<string, string>;
}

function priceColumns(p: Omit<PriceSpec, 'from'>) {
  return {
    recurring_minor: p.recurring ?? null,
    one_time_minor: p.oneTime ?? null,
    usage_rate: p.usageRate ?? null,
    included_quantity: p.included ?? null,
    overage_rate: p.overageRate ?? null,
    state_prices: p.states ? JSON.stringify(p.states) : null,
  };
}

/** A package with its services and list price versions; returns ids by service code. */
export async function createPackage(
  db: Db,
  code: string,
  services: ServiceSpec[],
  currency = 'USD',
  frequency: BillingCycle = 'monthly',
): Promise<{ packageId: bigint; services: Record<string, bigint> }> {
  const pkg = await db
    .insertInto('packages')
    .values({ code, name: code, currency, frequency })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: Record<string, bigint> = {};
  for (const s of services) {
    const row = await db
      .insertInto('package_services')
      .values({ package_id: pkg.id, code: s.code, name: s.code, kind: s.kind, unit: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[s.code] = row.id;
    for (const p of s.prices) await addListPrice(db, row.id, p);
  }
  return { packageId: pkg.id, services: ids };
}

export async function addListPrice(db: Db, serviceId: bigint, p: PriceSpec): Promise<void> {
  await db
    .insertInto('service_prices')
    .values({ service_id: serviceId, effective_from: p.from, ...priceColumns(p) })
    .execute();
}

export async function addPricePlan(
  db: Db,
  accountId: bigint,
  serviceId: bigint,
  p: PriceSpec & { to?: string },
): Promise<void> {
  await db
    .insertInto('price_plans')
    .values({
      account_id: accountId,
      service_id: serviceId,
      effective_from: p.from,
      effective_to: p.to ?? null,
      source: 'test',
      ...priceColumns(p),
    })
    .execute();
}

type AccountSpec = Partial<
  Pick<
    AccountsTable,
    | 'parent_id'
    | 'subscription_invoicer_id'
    | 'usage_invoicer_id'
    | 'tax_account_id'
    | 'ar_term_days'
    | 'billing_cycle'
    | 'bill_group'
    | 'country'
    | 'region'
    | 'currency'
  >
>;

export async function createAccount(db: Db, accountNumber: string, spec: AccountSpec = {}): Promise<bigint> {
  const row = await db
    .insertInto('accounts')
    .values({ account_number: accountNumber, name: accountNumber, currency: 'USD', ...spec })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setAccount(db: Db, id: bigint, spec: AccountSpec): Promise<void> {
  await db.updateTable('accounts').set(spec).where('id', '=', id).execute();
}

export async function orderProduct(
  db: Db,
  accountId: bigint,
  packageId: bigint,
  opts: { quantity?: string; start: string; end?: string; state?: string },
): Promise<bigint> {
  const row = await db
    .insertInto('account_products')
    .values({
      account_id: accountId,
      package_id: packageId,
      quantity: opts.quantity ?? '1',
      start_date: opts.start,
      end_date: opts.end ?? null,
      service_state: opts.state ?? 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordUsage(
  db: Db,
  accountId: bigint,
  serviceId: bigint,
  quantity: string,
  usedOn: string,
): Promise<void> {
  await db
    .insertInto('usage_records')
    .values({ account_id: accountId, service_id: serviceId, quantity, used_on: usedOn })
    .execute();
}

/** A tax rate version for `jurisdiction` from `from` (by default one in force for any run date of a test). */
export async function setTaxRate(db: Db, jurisdiction: string, rate: string, from = '2000-01-01'): Promise<void> {
  await db
    .insertInto('tax_rates')
    .values({ jurisdiction, rate, effective_from: from })
    .onConflict((oc) => oc.columns(['jurisdiction', 'effective_from']).doUpdateSet({ rate }))
    .execute();
}

/** An account's invoice lines by service, then in the order the run wrote them. */
export async function invoiceLinesOf(db: Db, accountId: bigint) {
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('service_id')
    .orderBy('period_start')
    .orderBy('id')
    .execute();
}

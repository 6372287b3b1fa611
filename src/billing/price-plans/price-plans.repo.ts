import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';
import type { AccountPricePlansTable, PricePlansTable } from '../../store/schema.ts';
import { isId } from '../input/id-input.ts';

export type PricePlanRow = Selectable<PricePlansTable>;
/** A plan with the codes and currency of the service it prices. */
export type PricePlanListRow = PricePlanRow & { service_code: string; package_code: string; currency: string };

export async function findPricePlan(db: Db, id: string): Promise<PricePlanRow | undefined> {
  if (!isId(id)) return undefined;
  return db.selectFrom('price_plans').selectAll().where('id', '=', BigInt(id)).executeTakeFirst();
}

/**
 * One plan per account, service and start date: pushing the same Closed-Won opportunity again updates
 * that plan instead of adding a second one.
 */
export async function upsertPricePlan(db: Db, values: Insertable<PricePlansTable>): Promise<PricePlanRow> {
  const { account_id: _a, service_id: _s, effective_from: _f, ...changes } = values;
  return db
    .insertInto('price_plans')
    .values(values)
    .onConflict((oc) => oc.columns(['account_id', 'service_id', 'effective_from']).doUpdateSet(changes))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Many plans in one statement, each keyed like `upsertPricePlan`; the rows in no particular order. */
export async function upsertPricePlans(db: Db, values: Insertable<PricePlansTable>[]): Promise<PricePlanRow[]> {
  if (values.length === 0) return [];
  return db
    .insertInto('price_plans')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['account_id', 'service_id', 'effective_from']).doUpdateSet((eb) => ({
        recurring_minor: eb.ref('excluded.recurring_minor'),
        one_time_minor: eb.ref('excluded.one_time_minor'),
        usage_rate: eb.ref('excluded.usage_rate'),
        included_quantity: eb.ref('excluded.included_quantity'),
        overage_rate: eb.ref('excluded.overage_rate'),
        state_prices: eb.ref('excluded.state_prices'),
        effective_to: eb.ref('excluded.effective_to'),
        source: eb.ref('excluded.source'),
        plan_id: eb.ref('excluded.plan_id'),
      })),
    )
    .returningAll()
    .execute();
}

export async function setPricePlanEnd(db: Db, id: bigint, effectiveTo: string): Promise<PricePlanRow> {
  return db
    .updateTable('price_plans')
    .set({ effective_to: effectiveTo })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listPricePlanRows(
  db: Db,
  filter: { accountId: bigint; serviceIds?: bigint[]; on?: string },
): Promise<PricePlanListRow[]> {
  let query = db
    .selectFrom('price_plans')
    .innerJoin('package_services', 'package_services.id', 'price_plans.service_id')
    .innerJoin('packages', 'packages.id', 'package_services.package_id')
    .selectAll('price_plans')
    .select(['package_services.code as service_code', 'packages.code as package_code', 'packages.currency'])
    .where('price_plans.account_id', '=', filter.accountId)
    .orderBy('packages.code')
    .orderBy('package_services.code')
    .orderBy('price_plans.effective_from');
  if (filter.serviceIds) {
    if (filter.serviceIds.length === 0) return [];
    query = query.where('price_plans.service_id', 'in', filter.serviceIds);
  }
  if (filter.on) {
    const on = filter.on;
    query = query
      .where('price_plans.effective_from', '<=', on)
      .where((eb) => eb.or([eb('price_plans.effective_to', 'is', null), eb('price_plans.effective_to', '>=', on)]));
  }
  return query.execute();
}

export type AccountPricePlanRow = Selectable<AccountPricePlansTable>;

/** The plan from `source`, created or renamed; its account is the one it was created on (the caller checks). */
export async function upsertAccountPricePlan(
  db: Db,
  values: { account_id: bigint; name: string; source: string; at: Date },
): Promise<AccountPricePlanRow> {
  return db
    .insertInto('account_price_plans')
    .values({
      account_id: values.account_id,
      name: values.name,
      source: values.source,
      created_at: values.at,
      updated_at: values.at,
    })
    .onConflict((oc) => oc.column('source').doUpdateSet({ name: values.name, updated_at: values.at }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Many plans by source in one statement (created or renamed); their ids by source. */
export async function upsertAccountPricePlans(
  db: Db,
  rows: readonly { account_id: bigint; name: string; source: string }[],
  at: Date,
): Promise<Map<string, bigint>> {
  if (rows.length === 0) return new Map();
  const result = await sql<{ id: bigint; source: string }>`
    INSERT INTO account_price_plans (account_id, name, source, created_at, updated_at)
    SELECT account_id, name, source, ${at}, ${at}
      FROM unnest(${pgArray(rows.map((r) => r.account_id.toString()))}::bigint[],
                  ${pgArray(rows.map((r) => r.name))}::text[],
                  ${pgArray(rows.map((r) => r.source))}::text[]) AS t(account_id, name, source)
    ON CONFLICT (source) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
    RETURNING id, source`.execute(db);
  return new Map(result.rows.map((r) => [r.source, BigInt(r.id)]));
}

/** The plans from these sources, by source (to see which account each is on before writing). */
export async function findAccountPricePlansBySource(
  db: Db,
  sources: readonly string[],
): Promise<Map<string, AccountPricePlanRow>> {
  if (sources.length === 0) return new Map();
  const rows = await db
    .selectFrom('account_price_plans')
    .selectAll()
    .where('source', '=', sql<string>`ANY(${pgArray([...sources])}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.source, r]));
}

import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';

/**
 * Dated changes and the billing run. A change that takes effect on a day already billed (a quantity, a
 * price plan, a list price, an end date, an account status) marks the products it touches with the
 * earliest such day; the next run prices their billed ranges from that day again and bills the
 * difference as adjustment lines (docs/adr/0003-billed-periods.md). Marking is cheap and never edits an
 * invoice; a change dated after everything billed costs the run nothing.
 */

export type RerateScope =
  | { productId: bigint }
  | { accountId: bigint }
  | { accountId: bigint; serviceId: bigint }
  | { accountId: bigint; packageId: bigint }
  | { serviceId: bigint };

export async function markForRerate(db: Db, scope: RerateScope, from: string): Promise<void> {
  const where =
    'productId' in scope
      ? sql`ap.id = ${scope.productId}`
      : 'accountId' in scope && 'serviceId' in scope
        ? sql`ap.account_id = ${scope.accountId}
              AND ap.package_id = (SELECT package_id FROM package_services WHERE id = ${scope.serviceId})`
        : 'accountId' in scope && 'packageId' in scope
          ? sql`ap.account_id = ${scope.accountId} AND ap.package_id = ${scope.packageId}`
          : 'accountId' in scope
            ? sql`ap.account_id = ${scope.accountId}`
            : sql`ap.package_id = (SELECT package_id FROM package_services WHERE id = ${scope.serviceId})`;
  // Always a new version, even when an earlier day is already marked: the facts changed, and a run working
  // right now must not clear the mark as if it had priced them (settleReratedProducts).
  await sql`
    UPDATE account_products ap
       SET rerate_from = least(ap.rerate_from, ${from}::date), rerate_version = ap.rerate_version + 1
     WHERE ${where}`.execute(db);
}

/**
 * `markForRerate` for many accounts' packages in one statement: each pair's products from its own day (an
 * account price plan, or a batch of them, re-rates the packages it prices).
 */
export async function markForRerateMany(
  db: Db,
  scopes: readonly { accountId: bigint; packageId: bigint; from: string }[],
): Promise<void> {
  if (scopes.length === 0) return;
  await sql`
    UPDATE account_products ap
       SET rerate_from = least(ap.rerate_from, t.from_day), rerate_version = ap.rerate_version + 1
      FROM unnest(${pgArray(scopes.map((s) => s.accountId.toString()))}::bigint[],
                  ${pgArray(scopes.map((s) => s.packageId.toString()))}::bigint[],
                  ${pgArray(scopes.map((s) => s.from))}::date[]) AS t(account_id, package_id, from_day)
     WHERE ap.account_id = t.account_id AND ap.package_id = t.package_id`.execute(db);
}

/** Sets services' quantities on a product from a day, in one statement (the same day again replaces that version). */
export async function upsertQuantities(
  db: Db,
  rows: { productId: bigint; serviceId: bigint; from: string; quantity: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('product_quantities')
    .values(
      rows.map((r) => ({
        account_product_id: r.productId,
        service_id: r.serviceId,
        effective_from: r.from,
        quantity: r.quantity,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['account_product_id', 'service_id', 'effective_from'])
        .doUpdateSet((eb) => ({ quantity: eb.ref('excluded.quantity') })),
    )
    .execute();
}

/** The quantity versions of a product, per service, in date order. */
export async function listQuantities(
  db: Db,
  productIds: bigint[],
): Promise<
  { account_product_id: bigint; service_id: bigint; service_code: string; effective_from: string; quantity: string }[]
> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('product_quantities as q')
    .innerJoin('package_services as s', 's.id', 'q.service_id')
    .select(['q.account_product_id', 'q.service_id', 's.code as service_code', 'q.effective_from', 'q.quantity'])
    .where('q.account_product_id', 'in', productIds)
    .orderBy('q.account_product_id')
    .orderBy('s.code')
    .orderBy('q.effective_from')
    .execute();
}

/** Records an account's status from a day, and marks its products: state-based prices and closure depend on it. */
export async function recordStatusChange(
  db: Db,
  row: { accountId: bigint; from: string; status: 'active' | 'suspended' | 'closed' },
): Promise<void> {
  await db
    .insertInto('account_status_history')
    .values({ account_id: row.accountId, effective_from: row.from, status: row.status })
    .onConflict((oc) => oc.columns(['account_id', 'effective_from']).doUpdateSet({ status: row.status }))
    .execute();
  await markForRerate(db, { accountId: row.accountId }, row.from);
}

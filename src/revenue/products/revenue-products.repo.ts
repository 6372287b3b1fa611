import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import { type ArrayElement, pgArray } from '../../store/pg-array.ts';

/** One product of the revenue product list. */
export interface RevenueProduct {
  id: bigint;
  salesforceId: string | null;
  code: string | null;
  name: string;
  active: boolean;
  recurring: boolean;
  packageId: bigint | null;
  isDefault: boolean;
}

/** A Product2 as the import reads it. */
export interface OrgProduct {
  salesforceId: string;
  code: string | null;
  name: string;
  active: boolean;
  recurring: boolean;
  /** Billing's package id the catalog pull wrote on it (Billing_Package_Id__c), if any. */
  billingPackageId: string | null;
}

/**
 * Upserts Product2 rows into the revenue product list by their Salesforce id, in one statement, and links each to
 * its billing package: the one whose id it carries (a product of the integrated price book), else the one with its
 * code. A row that did not change is not touched. Returns the rows created or updated.
 */
export async function upsertOrgProducts(
  db: Db,
  products: readonly OrgProduct[],
  at: Date,
): Promise<Array<{ id: bigint; salesforceId: string; code: string | null; created: boolean }>> {
  if (products.length === 0) return [];
  const column = <T extends ArrayElement>(pick: (p: OrgProduct) => T) => pgArray(products.map(pick));
  const { rows } = await sql<{ id: bigint; salesforce_id: string; code: string | null; created: boolean }>`
    INSERT INTO revenue_products (salesforce_id, code, name, active, recurring, package_id, created_at, updated_at)
    SELECT p.salesforce_id, p.code, p.name, p.active, p.recurring,
           coalesce(
             (SELECT k.id FROM packages k WHERE p.package_ref ~ '^[0-9]{1,18}$' AND k.id = p.package_ref::bigint),
             (SELECT k.id FROM packages k WHERE k.code = p.code)
           ),
           ${at}, ${at}
    FROM unnest(
      ${column((p) => p.salesforceId)}::text[], ${column((p) => p.code)}::text[], ${column((p) => p.name)}::text[],
      ${column((p) => p.active)}::boolean[], ${column((p) => p.recurring)}::boolean[],
      ${column((p) => p.billingPackageId)}::text[]
    ) AS p (salesforce_id, code, name, active, recurring, package_ref)
    ON CONFLICT (salesforce_id) DO UPDATE SET
      code = excluded.code, name = excluded.name, active = excluded.active, recurring = excluded.recurring,
      package_id = excluded.package_id, updated_at = excluded.updated_at
    WHERE (revenue_products.code, revenue_products.name, revenue_products.active, revenue_products.recurring,
           revenue_products.package_id)
      IS DISTINCT FROM (excluded.code, excluded.name, excluded.active, excluded.recurring, excluded.package_id)
    RETURNING id, salesforce_id, code, (xmax = 0) AS created`.execute(db);
  return rows.map((r) => ({ id: r.id, salesforceId: r.salesforce_id.trim(), code: r.code, created: r.created }));
}

/**
 * The default product (revbridge's own, no Salesforce id), with `code`: made the first time, and given the
 * configured code if the configuration changed it.
 */
export async function ensureDefaultProduct(db: Db, code: string, at: Date): Promise<void> {
  await sql`
    INSERT INTO revenue_products (code, name, active, recurring, is_default, created_at, updated_at)
    VALUES (${code}, 'Default product (no product matched)', true, true, true, ${at}, ${at})
    ON CONFLICT (is_default) WHERE is_default DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at
    WHERE revenue_products.code IS DISTINCT FROM excluded.code`.execute(db);
}

export async function listRevenueProducts(db: Db): Promise<RevenueProduct[]> {
  const rows = await db.selectFrom('revenue_products').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    salesforceId: r.salesforce_id,
    code: r.code,
    name: r.name,
    active: r.active,
    recurring: r.recurring,
    packageId: r.package_id,
    isDefault: r.is_default,
  }));
}

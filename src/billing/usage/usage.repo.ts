import { type ExpressionBuilder, type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { Database, UsageRecordsTable } from '../../store/schema.ts';

export type UsageRow = Selectable<UsageRecordsTable> & { service_code: string };
type UsageValues = Insertable<UsageRecordsTable>;

/** Usage records with the code of their service, which every view of a record shows. */
function selectUsage(db: Db) {
  return db
    .selectFrom('usage_records')
    .innerJoin('package_services', 'package_services.id', 'usage_records.service_id')
    .selectAll('usage_records')
    .select('package_services.code as service_code');
}

/** Stored usage by external ids, with the account number an error message names it by. */
export async function findUsageByExternalIds(
  db: Db,
  externalIds: string[],
): Promise<(UsageRow & { account_number: string })[]> {
  if (externalIds.length === 0) return [];
  return selectUsage(db)
    .innerJoin('accounts', 'accounts.id', 'usage_records.account_id')
    .select('accounts.account_number')
    .where('usage_records.external_id', '=', sql<string>`any(${externalIds}::text[])`)
    .execute();
}

export async function findUsage(db: Db, id: bigint): Promise<UsageRow> {
  return selectUsage(db).where('usage_records.id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Multi-row inserts; a row whose external id is already stored is skipped, which is what makes a
 * re-sent batch harmless. Returns how many rows were new.
 */
export async function insertUsageRows(db: Db, rows: UsageValues[]): Promise<bigint[]> {
  const ids: bigint[] = [];
  // 5 parameters a row; PostgreSQL allows 65535 per statement.
  const CHUNK = 10_000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const inserted = await db
      .insertInto('usage_records')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('external_id').doNothing())
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** (account, service, from, to) of every running product of the accounts, for checking usage in bulk. */
export async function listUsageCoverage(
  db: Db,
  accountIds: bigint[],
): Promise<{ account_id: bigint; service_id: bigint; start_date: string; end_date: string | null }[]> {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('account_products')
    .innerJoin('package_services', 'package_services.package_id', 'account_products.package_id')
    .select([
      'account_products.account_id',
      'package_services.id as service_id',
      'account_products.start_date',
      'account_products.end_date',
    ])
    .where('account_products.account_id', 'in', accountIds)
    .where('package_services.kind', '=', 'usage')
    .execute();
}

export interface UsageFilter {
  accountId: bigint;
  serviceId?: bigint;
  from?: string;
  to?: string;
}

/** The records of one account, optionally of one service and within days used (inclusive). */
function matchesUsageFilter(filter: UsageFilter) {
  return (eb: ExpressionBuilder<Database, 'usage_records'>) => {
    const conditions = [eb('usage_records.account_id', '=', filter.accountId)];
    if (filter.serviceId !== undefined) conditions.push(eb('usage_records.service_id', '=', filter.serviceId));
    if (filter.from) conditions.push(eb('usage_records.used_on', '>=', filter.from));
    if (filter.to) conditions.push(eb('usage_records.used_on', '<=', filter.to));
    return eb.and(conditions);
  };
}

export async function listUsageRows(
  db: Db,
  filter: UsageFilter & { limit: number; afterId: bigint | null },
): Promise<UsageRow[]> {
  let query = selectUsage(db).where(matchesUsageFilter(filter)).orderBy('usage_records.id').limit(filter.limit);
  if (filter.afterId !== null) query = query.where('usage_records.id', '>', filter.afterId);
  return query.execute();
}

/** Total quantity per service over the whole filter (not just one page). */
export async function sumUsage(
  db: Db,
  filter: UsageFilter,
): Promise<{ service_id: bigint; service_code: string; quantity: string }[]> {
  return db
    .selectFrom('usage_records')
    .innerJoin('package_services', 'package_services.id', 'usage_records.service_id')
    .select(['usage_records.service_id', 'package_services.code as service_code'])
    .select(sql<string>`sum(usage_records.quantity)::text`.as('quantity'))
    .where(matchesUsageFilter(filter))
    .groupBy(['usage_records.service_id', 'package_services.code'])
    .orderBy('package_services.code')
    .execute();
}

/** The usage ranges already invoiced (charge lines on invoices that are not void) of the accounts. */
export async function listBilledUsageRanges(
  db: Db,
  accountIds: bigint[],
): Promise<
  { account_id: bigint; service_id: bigint; period_start: string; period_end: string; invoice_number: string }[]
> {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('invoice_lines as il')
    .innerJoin('invoices as i', 'i.id', 'il.invoice_id')
    .select(['il.account_id', 'il.service_id', 'il.period_start', 'il.period_end', 'i.invoice_number'])
    .where('il.account_id', 'in', accountIds)
    .where('il.charge_kind', '=', 'usage')
    .where('il.line_type', '=', 'charge')
    .where('i.voided_at', 'is', null)
    .execute();
}

/** Which of the external ids are already stored (a resend is not new usage). */
export async function storedExternalIds(db: Db, externalIds: string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('usage_records')
    .select('external_id')
    .where('external_id', 'in', externalIds)
    .execute();
  return new Set(rows.map((r) => r.external_id!));
}

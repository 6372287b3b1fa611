import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { AccountsTable } from '../../store/schema.ts';
import { isId } from '../input/id-input.ts';
import { pgArray } from '../../store/pg-array.ts';

export type AccountRow = Selectable<AccountsTable>;
/** An account with whether any invoice exists for it (billed accounts lock their currency). */
export type AccountWithBilled = AccountRow & { billed: boolean };

/**
 * The number wins: it is what people and Salesforce know; an id is the fallback. One statement either way
 * (the sync resolves every parent and invoicer by id, so a second round trip per lookup added up).
 */
export async function findAccount(db: Db, idOrNumber: string): Promise<AccountRow | undefined> {
  if (!isId(idOrNumber)) {
    return db.selectFrom('accounts').selectAll().where('account_number', '=', idOrNumber).executeTakeFirst();
  }
  return db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) => eb.or([eb('account_number', '=', idOrNumber), eb('id', '=', BigInt(idOrNumber))]))
    .orderBy(sql`account_number = ${idOrNumber}`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The accounts with these ids (one array parameter, whatever their number). */
export async function findAccountsByIds(db: Db, ids: readonly bigint[]): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', sql<bigint>`ANY(${pgArray(ids.map(String))}::bigint[])`)
    .execute();
}

export async function insertAccount(db: Db, values: Insertable<AccountsTable>): Promise<AccountRow> {
  return db.insertInto('accounts').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Many accounts in one statement (a batch of the sync's creations, ids reserved), in the order given. One
 * array parameter per column (`unnest`): 500 accounts are 22 parameters, not 11,000.
 */
export async function insertAccounts(db: Db, values: Insertable<AccountsTable>[]): Promise<AccountRow[]> {
  if (values.length === 0) return [];
  const text = (k: keyof AccountsTable) => values.map((v) => (v[k] ?? null) as string | null);
  const id = (k: keyof AccountsTable) => values.map((v) => (v[k] == null ? null : String(v[k] as bigint)));
  const time = (k: keyof AccountsTable) =>
    values.map((v) => (v[k] == null ? null : new Date(v[k] as Date | string).toISOString()));
  const result = await sql<AccountRow>`
    INSERT INTO accounts (id, account_number, name, status, currency, parent_id, subscription_invoicer_id,
      usage_invoicer_id, tax_account_id, bill_group, ar_term_days, billing_cycle, account_category, primary_email,
      street, city, region, postal_code, country, synced_at, created_at, updated_at)
    SELECT a.id, a.account_number, a.name, COALESCE(a.status, 'active'), a.currency, a.parent_id,
      a.subscription_invoicer_id, a.usage_invoicer_id, a.tax_account_id, a.bill_group, a.ar_term_days,
      a.billing_cycle, a.account_category, a.primary_email, a.street, a.city, a.region, a.postal_code, a.country,
      a.synced_at, a.created_at, a.updated_at
    FROM unnest(
      ${pgArray(id('id'))}::bigint[], ${pgArray(text('account_number'))}::text[], ${pgArray(text('name'))}::text[], ${pgArray(text('status'))}::text[],
      ${pgArray(text('currency'))}::text[], ${pgArray(id('parent_id'))}::bigint[], ${pgArray(id('subscription_invoicer_id'))}::bigint[],
      ${pgArray(id('usage_invoicer_id'))}::bigint[], ${pgArray(id('tax_account_id'))}::bigint[], ${pgArray(text('bill_group'))}::text[],
      ${pgArray(values.map((v) => v.ar_term_days ?? null))}::int[], ${pgArray(text('billing_cycle'))}::text[],
      ${pgArray(text('account_category'))}::text[], ${pgArray(text('primary_email'))}::text[], ${pgArray(text('street'))}::text[],
      ${pgArray(text('city'))}::text[], ${pgArray(text('region'))}::text[], ${pgArray(text('postal_code'))}::text[], ${pgArray(text('country'))}::text[],
      ${pgArray(time('synced_at'))}::timestamptz[], ${pgArray(time('created_at'))}::timestamptz[], ${pgArray(time('updated_at'))}::timestamptz[]
    ) AS a(id, account_number, name, status, currency, parent_id, subscription_invoicer_id, usage_invoicer_id,
      tax_account_id, bill_group, ar_term_days, billing_cycle, account_category, primary_email, street, city,
      region, postal_code, country, synced_at, created_at, updated_at)
    RETURNING *`.execute(db);
  const byId = new Map(result.rows.map((r) => [r.id, r]));
  return values.map((v) => byId.get(v.id as bigint)!);
}

/** Which of these account numbers are taken. */
export async function takenAccountNumbers(db: Db, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('accounts')
    .select('account_number')
    .where('account_number', '=', sql<string>`ANY(${pgArray([...numbers])}::text[])`)
    .execute();
  return new Set(rows.map((r) => r.account_number));
}

export async function updateAccountRow(db: Db, id: bigint, values: Updateable<AccountsTable>): Promise<AccountRow> {
  return db.updateTable('accounts').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * Hierarchy edits are serialised: two concurrent re-parents (A under B, B under A) each look valid
 * alone and together make a cycle. Edits are rare, so one transaction-scoped lock costs nothing.
 */
export async function lockHierarchies(db: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('revbridge.account_hierarchy'))`.execute(db);
}

/**
 * Generated numbers are proposed from the highest issued so far; the lock keeps two creators apart. The
 * highest is kept per prefix in `account_number_counters` (one row); a number written past the counter
 * (an import, a fixture written in SQL) is noticed when the proposal is taken, and the counter is then
 * recomputed from the accounts.
 */
export async function lastGeneratedNumber(db: Db, prefix: string): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('revbridge.account_number'))`.execute(db);
  const counter = await db
    .selectFrom('account_number_counters')
    .select('last')
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  if (counter !== undefined) {
    const last = Number(counter.last);
    const next = await findAccount(db, `${prefix}${last + 1}`);
    if (!next) return last;
  }
  const pattern = numberPattern(prefix);
  const row = await sql<{ last: string | null }>`
    SELECT max((substring(account_number FROM ${pattern}))::bigint)::text AS last
    FROM accounts WHERE account_number ~ ${pattern}`.execute(db);
  return Number(row.rows[0]?.last ?? 0);
}

/** Moves the prefix's counter up to `accountNumber` when it is one of the prefix's numbers. */
export async function noteAccountNumber(db: Db, prefix: string, accountNumber: string): Promise<void> {
  const match = new RegExp(numberPattern(prefix)).exec(accountNumber);
  if (!match) return;
  const last = BigInt(match[1]);
  await db
    .insertInto('account_number_counters')
    .values({ prefix, last })
    .onConflict((oc) =>
      oc.column('prefix').doUpdateSet({ last: sql`GREATEST(account_number_counters.last, excluded.last)` }),
    )
    .execute();
}

function numberPattern(prefix: string): string {
  return `^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}([0-9]{1,15})$`;
}

/** Every account in the hierarchies that contain `ids` (up to each root, then all the way down). */
export async function loadHierarchies(db: Db, ids: bigint[]): Promise<AccountWithBilled[]> {
  if (ids.length === 0) return [];
  const result = await sql<AccountWithBilled>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id FROM accounts WHERE id = ANY(${ids.map(String)}::bigint[])
      UNION
      SELECT a.id, a.parent_id FROM accounts a JOIN up ON a.id = up.parent_id
    ), down AS (
      SELECT id FROM up WHERE parent_id IS NULL
      UNION
      SELECT a.id FROM accounts a JOIN down ON a.parent_id = down.id
    )
    SELECT a.*, EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = a.id) AS billed
    FROM accounts a
    WHERE a.id IN (SELECT id FROM down UNION SELECT id FROM up)
    ORDER BY a.id`.execute(db);
  return result.rows;
}

/** The account and its ancestors, enough to work out the settings it inherits. */
export async function loadAncestry(db: Db, id: bigint): Promise<AccountWithBilled[]> {
  return loadAncestries(db, [id]);
}

/** The accounts and all their ancestors, in one statement. */
export async function loadAncestries(db: Db, ids: readonly bigint[]): Promise<AccountWithBilled[]> {
  if (ids.length === 0) return [];
  const result = await sql<AccountWithBilled>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id FROM accounts WHERE id = ANY(${pgArray(ids.map(String))}::bigint[])
      UNION
      SELECT a.id, a.parent_id FROM accounts a JOIN up ON a.id = up.parent_id
    )
    SELECT a.*, EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = a.id) AS billed
    FROM accounts a WHERE a.id IN (SELECT id FROM up)`.execute(db);
  return result.rows;
}

export async function countRelated(db: Db, accountId: bigint): Promise<{ products: number; pricePlans: number }> {
  const result = await sql<{ products: string; price_plans: string }>`
    SELECT (SELECT count(*) FROM account_products WHERE account_id = ${accountId.toString()}::bigint) AS products,
           (SELECT count(*) FROM price_plans WHERE account_id = ${accountId.toString()}::bigint) AS price_plans`.execute(
    db,
  );
  const row = result.rows[0];
  return { products: Number(row.products), pricePlans: Number(row.price_plans) };
}

export interface AccountPageFilter {
  limit: number;
  afterId: bigint | null;
  search?: string;
  parentId?: bigint;
  status?: 'active' | 'suspended' | 'closed';
}

/** A keyset page ordered by id, so paging a 100k-account table costs the same on every page. */
export async function listAccountRows(db: Db, filter: AccountPageFilter): Promise<AccountRow[]> {
  let query = db.selectFrom('accounts').selectAll().orderBy('id').limit(filter.limit);
  if (filter.afterId !== null) query = query.where('id', '>', filter.afterId);
  if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('account_number', 'ilike', like)]));
  }
  return query.execute();
}

/** Many accounts by id or number in two queries; a number wins over an id, as in `findAccount`. */
export async function findAccountsByRefs(db: Db, refs: string[]): Promise<Map<string, AccountRow>> {
  const found = new Map<string, AccountRow>();
  if (refs.length === 0) return found;
  for (const row of await db.selectFrom('accounts').selectAll().where('account_number', 'in', refs).execute()) {
    found.set(row.account_number, row);
  }
  const ids = refs.filter((r) => !found.has(r) && isId(r)).map((r) => BigInt(r));
  if (ids.length > 0) {
    for (const row of await db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute()) {
      found.set(row.id.toString(), row);
    }
  }
  return found;
}

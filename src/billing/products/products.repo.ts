import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CountedServiceKind } from '../../domain/service-quantity.ts';
import type { Db } from '../../store/db.ts';
import type { AccountProductsTable } from '../../store/schema.ts';
import { isId } from '../input/id-input.ts';

export type ProductRow = Selectable<AccountProductsTable> & {
  package_code: string;
  package_name: string;
  currency: string;
  frequency: string;
};

function selectProducts(db: Db) {
  return db
    .selectFrom('account_products')
    .innerJoin('packages', 'packages.id', 'account_products.package_id')
    .selectAll('account_products')
    .select([
      'packages.code as package_code',
      'packages.name as package_name',
      'packages.currency',
      'packages.frequency',
    ]);
}

export async function findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  if (!isId(id)) return undefined;
  return selectProducts(db).where('account_products.id', '=', BigInt(id)).executeTakeFirst();
}

/** Locks the product row so two concurrent changes apply one after the other. */
export async function lockProduct(db: Db, id: bigint): Promise<void> {
  await db.selectFrom('account_products').select('id').where('id', '=', id).forUpdate().execute();
}

export async function insertProduct(db: Db, values: Insertable<AccountProductsTable>): Promise<bigint> {
  const row = await db.insertInto('account_products').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProduct(db: Db, id: bigint, values: Updateable<AccountProductsTable>): Promise<void> {
  await db.updateTable('account_products').set(values).where('id', '=', id).execute();
}

/** An account's products; with `activeOn`, only those running on that date. */
export async function listProductRows(db: Db, accountId: bigint, activeOn?: string): Promise<ProductRow[]> {
  let query = selectProducts(db)
    .where('account_products.account_id', '=', accountId)
    .orderBy('account_products.start_date')
    .orderBy('account_products.id');
  if (activeOn) {
    query = query
      .where('account_products.start_date', '<=', activeOn)
      .where((eb) =>
        eb.or([eb('account_products.end_date', 'is', null), eb('account_products.end_date', '>=', activeOn)]),
      );
  }
  return query.execute();
}

/** Whether the account has a product (on `on`, any state) whose package holds the service. */
export async function hasProductWithService(
  db: Db,
  accountId: bigint,
  serviceId: bigint,
  on: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('account_products')
    .innerJoin('package_services', 'package_services.package_id', 'account_products.package_id')
    .select('account_products.id')
    .where('account_products.account_id', '=', accountId)
    .where('package_services.id', '=', serviceId)
    .where('account_products.start_date', '<=', on)
    .where((eb) => eb.or([eb('account_products.end_date', 'is', null), eb('account_products.end_date', '>=', on)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A package's services that an account product counts per service (every kind but usage). */
export async function listCountedServices(
  db: Db,
  packageId: bigint,
): Promise<{ id: bigint; code: string; kind: CountedServiceKind }[]> {
  const rows = await db
    .selectFrom('package_services')
    .select(['id', 'code', 'kind'])
    .where('package_id', '=', packageId)
    .where('kind', '<>', 'usage')
    .execute();
  return rows.map((r) => ({ ...r, kind: r.kind as CountedServiceKind }));
}

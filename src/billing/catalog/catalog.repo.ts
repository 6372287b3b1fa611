import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { PackageServicesTable, PackagesTable, PriceBooksTable, ServicePricesTable } from '../../store/schema.ts';
import { isId } from '../input/id-input.ts';

export type PackageRow = Selectable<PackagesTable>;
export type ServiceRow = Selectable<PackageServicesTable>;
export type ServicePriceRow = Selectable<ServicePricesTable>;
export type PriceBookRow = Selectable<PriceBooksTable>;

/** A code is tried first: package codes are free text and may look like ids, ids never change meaning. */
export async function findPackage(db: Db, idOrCode: string): Promise<PackageRow | undefined> {
  const byCode = await db.selectFrom('packages').selectAll().where('code', '=', idOrCode).executeTakeFirst();
  if (byCode || !isId(idOrCode)) return byCode;
  return db.selectFrom('packages').selectAll().where('id', '=', BigInt(idOrCode)).executeTakeFirst();
}

export async function findPackageById(db: Db, id: bigint): Promise<PackageRow | undefined> {
  return db.selectFrom('packages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPackage(db: Db, values: Insertable<PackagesTable>): Promise<PackageRow> {
  return db.insertInto('packages').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updatePackageActive(db: Db, id: bigint, active: boolean, now: Date): Promise<PackageRow> {
  return db
    .updateTable('packages')
    .set({ active, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listPackages(
  db: Db,
  filter: { currency?: string; activeOnly?: boolean; ids?: readonly bigint[] },
): Promise<PackageRow[]> {
  let query = db.selectFrom('packages').selectAll().orderBy('code');
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    query = query.where('id', 'in', [...filter.ids]);
  }
  if (filter.currency) query = query.where('currency', '=', filter.currency);
  if (filter.activeOnly) query = query.where('active', '=', true);
  return query.execute();
}

/** Services with these ids, each with its package's code, currency and state (one statement). */
export async function findServicesWithPackages(
  db: Db,
  ids: readonly bigint[],
): Promise<(ServiceRow & { package_code: string; package_currency: string })[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('package_services')
    .innerJoin('packages', 'packages.id', 'package_services.package_id')
    .selectAll('package_services')
    .select(['packages.code as package_code', 'packages.currency as package_currency'])
    .where('package_services.id', 'in', [...ids])
    .execute();
}

export async function findService(db: Db, id: string): Promise<ServiceRow | undefined> {
  if (!isId(id)) return undefined;
  return db.selectFrom('package_services').selectAll().where('id', '=', BigInt(id)).executeTakeFirst();
}

export async function findServiceByCode(db: Db, packageId: bigint, code: string): Promise<ServiceRow | undefined> {
  return db
    .selectFrom('package_services')
    .selectAll()
    .where('package_id', '=', packageId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertService(db: Db, values: Insertable<PackageServicesTable>): Promise<ServiceRow> {
  return db.insertInto('package_services').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listServices(db: Db, packageIds: bigint[]): Promise<ServiceRow[]> {
  if (packageIds.length === 0) return [];
  return db
    .selectFrom('package_services')
    .selectAll()
    .where('package_id', 'in', packageIds)
    .orderBy('package_id')
    .orderBy('id')
    .execute();
}

export async function findPriceVersion(
  db: Db,
  serviceId: bigint,
  effectiveFrom: string,
): Promise<ServicePriceRow | undefined> {
  return db
    .selectFrom('service_prices')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('effective_from', '=', effectiveFrom)
    .executeTakeFirst();
}

export async function insertPriceVersion(db: Db, values: Insertable<ServicePricesTable>): Promise<ServicePriceRow> {
  return db.insertInto('service_prices').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Every version of the services' list prices, oldest first. */
export async function listPriceVersions(db: Db, serviceIds: bigint[]): Promise<ServicePriceRow[]> {
  if (serviceIds.length === 0) return [];
  return db
    .selectFrom('service_prices')
    .selectAll()
    .where('service_id', 'in', serviceIds)
    .orderBy('service_id')
    .orderBy('effective_from')
    .execute();
}

/** The version in force on `date` for each service: the latest one that started on or before it. */
export async function listPricesOn(db: Db, serviceIds: bigint[], date: string): Promise<ServicePriceRow[]> {
  if (serviceIds.length === 0) return [];
  return db
    .selectFrom('service_prices')
    .selectAll()
    .distinctOn('service_id')
    .where('service_id', 'in', serviceIds)
    .where('effective_from', '<=', date)
    .orderBy('service_id')
    .orderBy('effective_from', 'desc')
    .execute();
}

export async function findPriceBook(db: Db, idOrCode: string): Promise<PriceBookRow | undefined> {
  const byCode = await db.selectFrom('price_books').selectAll().where('code', '=', idOrCode).executeTakeFirst();
  if (byCode || !isId(idOrCode)) return byCode;
  return db.selectFrom('price_books').selectAll().where('id', '=', BigInt(idOrCode)).executeTakeFirst();
}

export async function insertPriceBook(db: Db, values: Insertable<PriceBooksTable>): Promise<PriceBookRow> {
  return db.insertInto('price_books').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Adding a package already in the book is a no-op, so the call can be repeated. */
export async function insertPriceBookPackage(db: Db, priceBookId: bigint, packageId: bigint): Promise<void> {
  await db
    .insertInto('price_book_packages')
    .values({ price_book_id: priceBookId, package_id: packageId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function listPriceBooks(db: Db, currency?: string): Promise<PriceBookRow[]> {
  let query = db.selectFrom('price_books').selectAll().orderBy('code');
  if (currency) query = query.where('currency', '=', currency);
  return query.execute();
}

export async function listPriceBookPackageCodes(
  db: Db,
  priceBookIds: bigint[],
): Promise<{ price_book_id: bigint; code: string }[]> {
  if (priceBookIds.length === 0) return [];
  return db
    .selectFrom('price_book_packages')
    .innerJoin('packages', 'packages.id', 'price_book_packages.package_id')
    .select(['price_book_packages.price_book_id', 'packages.code'])
    .where('price_book_packages.price_book_id', 'in', priceBookIds)
    .orderBy('packages.code')
    .execute();
}

export async function findServicesByIds(db: Db, ids: string[]): Promise<Map<string, ServiceRow>> {
  const valid = ids.filter(isId).map((id) => BigInt(id));
  if (valid.length === 0) return new Map();
  const rows = await db.selectFrom('package_services').selectAll().where('id', 'in', valid).execute();
  return new Map(rows.map((r) => [r.id.toString(), r]));
}

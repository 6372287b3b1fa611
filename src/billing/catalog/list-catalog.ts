import type { AppContext } from '../../app-context.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { today } from '../../domain/clock.ts';
import { listPackages, listPriceBookPackageCodes, listPriceBooks, listPricesOn, listServices } from './catalog.repo.ts';
import {
  type PackageView,
  type PriceBookView,
  type PriceVersionView,
  type ServiceView,
  toPackageView,
  toPriceBookView,
  toPriceVersionView,
  toServiceView,
} from './catalog.views.ts';
import { parseCurrency } from '../input/currency-input.ts';
import { parseDate } from '../input/date-input.ts';

export interface ListCatalogInput {
  currency?: string;
  activeOnly?: boolean;
  /** Only these packages (billing ids), e.g. the ones an opportunity's products stand for. */
  packageIds?: readonly bigint[];
  /** The date list prices are read on; today by the clock when absent. */
  on?: string;
}

export interface CatalogListing {
  on: string;
  packages: (PackageView & { services: (ServiceView & { price: PriceVersionView | null })[] })[];
  priceBooks: PriceBookView[];
}

/** The catalog as sales sees it on a date: packages, their services with the list price then, price books. */
export async function listCatalog(ctx: AppContext, input: ListCatalogInput = {}): Promise<CatalogListing> {
  const on = input.on === undefined ? today(ctx.clock) : parseDate(input.on, 'on');
  const currency = input.currency === undefined ? undefined : parseCurrency(input.currency);
  const packages = await listPackages(ctx.db, { currency, activeOnly: input.activeOnly, ids: input.packageIds });
  const services = await listServices(
    ctx.db,
    packages.map((p) => p.id),
  );
  const prices = await listPricesOn(
    ctx.db,
    services.map((s) => s.id),
    on,
  );
  const books = await listPriceBooks(ctx.db, currency);
  const bookCodes = await listPriceBookPackageCodes(
    ctx.db,
    books.map((b) => b.id),
  );
  return {
    on,
    packages: packages.map((pkg) => ({
      ...toPackageView(pkg),
      services: services
        .filter((s) => s.package_id === pkg.id)
        .map((s) => {
          const price = prices.find((p) => p.service_id === s.id);
          return { ...toServiceView(s), price: price ? toPriceVersionView(price, pkg.currency as CurrencyCode) : null };
        }),
    })),
    priceBooks: books.map((b) =>
      toPriceBookView(
        b,
        bookCodes.filter((c) => c.price_book_id === b.id).map((c) => c.code),
      ),
    ),
  };
}

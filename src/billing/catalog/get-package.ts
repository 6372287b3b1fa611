import type { AppContext } from '../../app-context.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { today } from '../../domain/clock.ts';
import { findPackage, listPriceVersions, listServices } from './catalog.repo.ts';
import {
  type PackageView,
  type PriceVersionView,
  type ServiceView,
  toPackageView,
  toPriceVersionView,
  toServiceView,
} from './catalog.views.ts';
import { parseDate } from '../input/date-input.ts';

export interface GetPackageInput {
  idOrCode: string;
  /** The date `currentPrice` is read on; today by the clock when absent. */
  on?: string;
}

export interface PackageDetail extends PackageView {
  services: (ServiceView & { prices: PriceVersionView[]; currentPrice: PriceVersionView | null })[];
}

/** A package with its services and every list-price version of each. */
export async function getPackage(ctx: AppContext, input: GetPackageInput): Promise<PackageDetail> {
  const on = input.on === undefined ? today(ctx.clock) : parseDate(input.on, 'on');
  const pkg = await findPackage(ctx.db, input.idOrCode);
  if (!pkg) fail('package_not_found', `No package has id or code "${input.idOrCode}".`);
  const currency = pkg.currency as CurrencyCode;
  const services = await listServices(ctx.db, [pkg.id]);
  const versions = await listPriceVersions(
    ctx.db,
    services.map((s) => s.id),
  );
  return {
    ...toPackageView(pkg),
    services: services.map((service) => {
      const prices = versions.filter((v) => v.service_id === service.id).map((v) => toPriceVersionView(v, currency));
      const current = prices.filter((p) => p.effectiveFrom <= on).at(-1) ?? null;
      return { ...toServiceView(service), prices, currentPrice: current };
    }),
  };
}

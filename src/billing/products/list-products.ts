import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { RevbridgeError } from '../../domain/errors.ts';
import { defaultServiceQuantity } from '../../domain/service-quantity.ts';
import { type ResolvedPrice, resolvePrice } from '../../domain/price-resolution.ts';
import { listPriceVersions, listServices } from '../catalog/catalog.repo.ts';
import { parseDate } from '../input/date-input.ts';
import { priceVersionToView, toPriceVersion } from '../catalog/price-input.ts';
import { listPricePlanRows } from '../price-plans/price-plans.repo.ts';
import { listQuantities } from './dated-changes.repo.ts';
import { listProductRows } from './products.repo.ts';
import { type PricedProductView, toProductView } from './products.views.ts';
import { trimDecimal } from '../invoices/invoices.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface ListProductsInput {
  /** Account id or number. */
  accountId: string;
  /** The date prices are resolved on; today by the clock when absent. */
  on?: string;
  /** Only products running on `on` (default: all, ended ones too). */
  activeOnly?: boolean;
}

/**
 * An account's products with each service's price on a date: the account's price plan where one is in
 * force (negotiated fields only; the rest from the list price), otherwise the list price.
 */
export async function listProducts(ctx: AppContext, input: ListProductsInput): Promise<PricedProductView[]> {
  const on = input.on === undefined ? today(ctx.clock) : parseDate(input.on, 'on');
  const account = await requireAccount(ctx.db, input.accountId);
  const products = await listProductRows(ctx.db, account.id, input.activeOnly ? on : undefined);
  const services = await listServices(ctx.db, [...new Set(products.map((p) => p.package_id))]);
  const serviceIds = services.map((s) => s.id);
  const listPrices = await listPriceVersions(ctx.db, serviceIds);
  const plans = await listPricePlanRows(ctx.db, { accountId: account.id, serviceIds });
  const quantities = await listQuantities(
    ctx.db,
    products.map((p) => p.id),
  );
  return products.map((product) => ({
    ...toProductView(product),
    services: services
      .filter((s) => s.package_id === product.package_id)
      .map((s) => {
        let resolved: ResolvedPrice | null = null;
        try {
          resolved = resolvePrice(
            listPrices.filter((p) => p.service_id === s.id).map(toPriceVersion),
            plans.filter((p) => p.service_id === s.id).map(toPriceVersion),
            on,
          );
        } catch (error) {
          // A service without a price on the date is shown as such, not hidden behind an error.
          if (!(error instanceof RevbridgeError && error.code === 'price_not_defined')) throw error;
        }
        return {
          serviceId: s.id.toString(),
          code: s.code,
          name: s.name,
          kind: s.kind,
          unit: s.unit,
          quantity:
            s.kind === 'usage'
              ? null
              : serviceQuantityOn(
                  quantities.filter((q) => q.account_product_id === product.id && q.service_id === s.id),
                  on,
                  defaultServiceQuantity(s.kind, toProductView(product).quantity),
                ),
          price: resolved ? priceVersionToView(resolved.price, product.currency as CurrencyCode) : null,
          source: resolved?.source ?? null,
        };
      }),
  }));
}

/**
 * A service's quantity on `on`: the version in force that day (the first one before the product starts),
 * else what the billing run counts without one (the product quantity; 1 for a one-time service).
 */
function serviceQuantityOn(
  versions: { effective_from: string; quantity: string }[],
  on: string,
  fallback: string,
): string {
  const inForce = versions.filter((v) => v.effective_from <= on).at(-1) ?? versions[0];
  return inForce ? trimDecimal(inForce.quantity) : fallback;
}

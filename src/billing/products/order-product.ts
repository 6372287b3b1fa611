import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { defaultServiceQuantity } from '../../domain/service-quantity.ts';
import { findPackage } from '../catalog/catalog.repo.ts';
import { assertPeriod, parseDate, parseOptionalDate } from '../input/date-input.ts';
import { parseQuantity } from '../input/decimal-input.ts';
import { findProduct, insertProduct, listCountedServices } from './products.repo.ts';
import { type ProductView, toProductView } from './products.views.ts';
import { requireAccount } from '../accounts/require-account.ts';
import { assertPackageCurrency } from './assert-package-currency.ts';
import { upsertQuantities } from './dated-changes.repo.ts';

export interface OrderProductInput {
  /** Account id or number. */
  accountId: string;
  /** Package id or code. */
  package: string;
  quantity: string | number;
  startDate: string;
  endDate?: string | null;
  /** The state state-based services are priced by (default 'active'). */
  serviceState?: string;
  /**
   * Quantity per service code where it differs from the default: recurring and state-based services
   * count the product quantity, a one-time service 1 (ten seats are not ten onboarding fees).
   */
  serviceQuantities?: Record<string, string | number>;
}

export function parseServiceState(state: string | undefined): string {
  const value = state ?? 'active';
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(value)) {
    fail('validation_failed', `"${value}" is not a service state (lower-case letters, digits, _).`, {
      field: 'serviceState',
    });
  }
  return value;
}

/**
 * Orders a package for an account: the subscription the billing run charges. Its services are priced from
 * the account's price plan where one applies, else the list price (see `listProducts`).
 */
export async function orderProduct(ctx: AppContext, input: OrderProductInput): Promise<ProductView> {
  const quantity = parseQuantity(input.quantity);
  const startDate = parseDate(input.startDate, 'startDate');
  const endDate = parseOptionalDate(input.endDate, 'endDate');
  assertPeriod(startDate, endDate);
  const serviceState = parseServiceState(input.serviceState);
  return ctx.db.transaction().execute(async (trx) => {
    const account = await requireAccount(trx, input.accountId);
    const pkg = await findPackage(trx, input.package);
    if (!pkg) fail('package_not_found', `No package has id or code "${input.package}".`);
    if (!pkg.active) fail('inactive_package', `Package ${pkg.code} is not active and cannot be ordered.`);
    assertPackageCurrency(pkg, account);
    const services = await listCountedServices(trx, pkg.id);
    const overrides = input.serviceQuantities ?? {};
    for (const code of Object.keys(overrides)) {
      if (!services.some((s) => s.code === code)) {
        fail('service_not_found', `Package ${pkg.code} has no recurring, one-time or state-based service "${code}".`, {
          field: `serviceQuantities.${code}`,
        });
      }
    }
    const id = await insertProduct(trx, {
      account_id: account.id,
      package_id: pkg.id,
      quantity,
      service_state: serviceState,
      start_date: startDate,
      end_date: endDate,
      created_at: ctx.clock.now(),
    });
    await upsertQuantities(
      trx,
      services.map((service) => {
        const override = overrides[service.code];
        return {
          productId: id,
          serviceId: service.id,
          from: startDate,
          quantity: override === undefined ? defaultServiceQuantity(service.kind, quantity) : parseQuantity(override),
        };
      }),
    );
    return toProductView((await findProduct(trx, id.toString()))!);
  });
}

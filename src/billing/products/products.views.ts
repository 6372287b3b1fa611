import type { CurrencyCode } from '../../domain/currency.ts';
import type { Frequency } from '../input/frequency-input.ts';
import type { PriceView, ServiceKind } from '../catalog/price-input.ts';
import type { ProductRow } from './products.repo.ts';

/** An account product: a package ordered in a quantity over a period (end null = open-ended). */
export interface ProductView {
  id: string;
  accountId: string;
  packageId: string;
  packageCode: string;
  packageName: string;
  currency: CurrencyCode;
  frequency: Frequency;
  quantity: string;
  serviceState: string;
  startDate: string;
  endDate: string | null;
}

/** A service of an ordered package with the price that applies on the listing date. */
export interface PricedServiceView {
  serviceId: string;
  code: string;
  name: string;
  kind: ServiceKind;
  unit: string | null;
  /** How many of this service the product counts on the date; null for a usage service (metered). */
  quantity: string | null;
  /** null when neither a price plan nor a list price applies on the date (`price_not_defined`). */
  price: PriceView | null;
  /** 'price_plan' when the account's negotiated price applies, 'list' for the catalog's. */
  source: 'price_plan' | 'list' | null;
}

export interface PricedProductView extends ProductView {
  services: PricedServiceView[];
}

export function toProductView(row: ProductRow): ProductView {
  return {
    id: row.id.toString(),
    accountId: row.account_id.toString(),
    packageId: row.package_id.toString(),
    packageCode: row.package_code,
    packageName: row.package_name,
    currency: row.currency as CurrencyCode,
    frequency: row.frequency as Frequency,
    quantity: row.quantity.includes('.') ? row.quantity.replace(/\.?0+$/, '') : row.quantity,
    serviceState: row.service_state,
    startDate: row.start_date,
    endDate: row.end_date,
  };
}

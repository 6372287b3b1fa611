import type { CatalogListing } from '../../../billing/catalog/list-catalog.ts';
import { formatMoney, type Money } from '../../../domain/money.ts';
import { billingCycleLabel, SERVICE_KIND_LABELS } from '../../../domain/picklist-labels.ts';
import { servicesSalesPrice } from '../../../domain/services-sales-price.ts';

/** What one billing package should be in Salesforce: its product, its services, its list price. */
export interface DesiredPackage {
  packageId: string;
  code: string;
  currency: string;
  active: boolean;
  /** Product2, keyed by `Billing_Package_Id__c`. */
  product: Record<string, unknown>;
  /** Product_Service__c rows, keyed by `Billing_Service_Id__c` (`Product__c` is set once the product has its id). */
  services: Array<Record<string, unknown>>;
  /** The price on every price book entry of the product: its services at quantity 1 (`servicesSalesPrice`). */
  listPrice: string;
}

type ListedPackage = CatalogListing['packages'][number];

/**
 * Billing's catalog as Salesforce should hold it (billing is the system of record for products and
 * prices, seeds 000/002): a package is a Product2, each of its services a Product Service carrying its
 * current list prices, and the package's list price is what a line of it costs with every service at
 * quantity 1. A retired package or service is inactive, never absent.
 */
export function desiredPackage(pkg: ListedPackage, withCurrency: boolean): DesiredPackage {
  const priced = pkg.services.filter((s) => s.active);
  const listPrice = servicesSalesPrice(
    priced.map((s) => ({ quantity: '1', recurring: s.price?.recurring ?? null, oneTime: s.price?.oneTime ?? null })),
    pkg.currency,
  );
  return {
    packageId: pkg.id,
    code: pkg.code,
    currency: pkg.currency,
    active: pkg.active,
    product: {
      Billing_Package_Id__c: pkg.id,
      Name: pkg.name,
      ProductCode: pkg.code,
      Billing_Package_Code__c: pkg.code,
      Billing_Frequency__c: billingCycleLabel(pkg.frequency),
      IsActive: pkg.active,
      ...(withCurrency ? { CurrencyIsoCode: pkg.currency } : {}),
    },
    services: pkg.services.map((s) => {
      const price = s.price;
      const amount = (m: Money | null | undefined) => (m ? formatMoney(m) : null);
      return {
        Billing_Service_Id__c: s.id,
        Name: s.name,
        Service_Code__c: s.code,
        Kind__c: SERVICE_KIND_LABELS[s.kind],
        Unit__c: s.unit,
        Recurring_Price__c: amount(price?.recurring),
        One_Time_Price__c: amount(price?.oneTime),
        Usage_Rate__c: price?.usageRate ?? null,
        Included_Quantity__c: price?.includedQuantity ?? null,
        Overage_Rate__c: price?.overageRate ?? null,
        State_Prices__c: price?.statePrices
          ? JSON.stringify(Object.fromEntries(Object.entries(price.statePrices).map(([k, v]) => [k, formatMoney(v)])))
          : null,
        Active__c: s.active && pkg.active,
      };
    }),
    listPrice: formatMoney(listPrice),
  };
}

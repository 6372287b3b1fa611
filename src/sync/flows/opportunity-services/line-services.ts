import type { CatalogListing } from '../../../billing/catalog/list-catalog.ts';
import type { PriceView } from '../../../billing/catalog/price-input.ts';
import type { CrmRecord } from '../../../crm/crm.port.ts';
import type { CurrencyCode } from '../../../domain/currency.ts';
import { fail, RevbridgeError } from '../../../domain/errors.ts';
import { type Money, parseMoney } from '../../../domain/money.ts';
import { type DecimalText, decimal } from '../../../domain/rate.ts';
import { salesforceId18 } from '../../../domain/salesforce-id.ts';
import { servicesSalesPrice } from '../../../domain/services-sales-price.ts';
import type { OrgOpportunity } from './read-opportunity.ts';

export type ListedPackage = CatalogListing['packages'][number];
export type ListedService = ListedPackage['services'][number];

/** What one service of one line costs: its quantity on one unit of the line, and its prices. */
export interface ServicePrices extends PriceView {
  quantity: DecimalText;
}

export interface LineService {
  service: ListedService;
  /** The Opportunity_Product_Service__c record, once there is one. */
  record: CrmRecord | undefined;
  /** The negotiated prices: the record's, a price it leaves blank at list price; without a record, the list price. */
  prices: ServicePrices;
  /** Billing's list price today, at quantity 1. */
  list: ServicePrices;
}

export interface PricedLine {
  lineItemId: string;
  productCode: string;
  productName: string;
  package: ListedPackage;
  quantity: DecimalText;
  serviceDate: string | null;
  /** The line's Discount (percent) as a decimal string, or null. */
  discount: DecimalText | null;
  /** The line's sales price (UnitPrice) as Salesforce holds it. */
  salesPrice: Money | null;
  services: LineService[];
}

/** Line item id and billing service id: the external id of a line's service record. */
export function lineServiceKey(lineItemId: string, serviceId: string): string {
  return `${salesforceId18(lineItemId) ?? lineItemId}:${serviceId}`;
}

/** The line's unit sales price from its services (seeds 000/002: `servicesSalesPrice`). */
export function lineServicesPrice(line: PricedLine): Money {
  return servicesSalesPrice(
    line.services.map((s) => s.prices),
    line.package.currency,
  );
}

/**
 * Each line of the opportunity with its package's services: the active ones, and any retired one that
 * still has a record on the line. A line whose product is not a billing package is `product_not_in_billing`;
 * a package in another currency than the opportunity is `currency_mismatch`.
 */
export function priceLines(opportunity: OrgOpportunity, packages: ReadonlyMap<string, ListedPackage>): PricedLine[] {
  const records = new Map(opportunity.serviceRecords.map((r) => [String(r.Line_Service_Key__c), r]));
  return opportunity.lines.map((line) => {
    const product = (line.Product2 ?? {}) as {
      Billing_Package_Id__c?: string | null;
      ProductCode?: string;
      Name?: string;
    };
    const productCode = String(product.ProductCode ?? product.Name ?? line.Product2Id);
    const pkg = packages.get(String(product.Billing_Package_Id__c ?? ''));
    if (!pkg) {
      fail(
        'product_not_in_billing',
        `Line ${line.Id} sells ${productCode}, which is not one of billing's packages${
          product.Billing_Package_Id__c ? ` (billing has no package ${product.Billing_Package_Id__c})` : ''
        }: replace it with a product of the integrated price book.`,
        { lineItemId: line.Id, productCode },
      );
    }
    if (pkg.currency !== opportunity.currency) {
      fail(
        'currency_mismatch',
        `Line ${line.Id} sells ${pkg.code}, priced in ${pkg.currency}, on an opportunity in ${opportunity.currency}.`,
        { lineItemId: line.Id, expected: opportunity.currency, currency: pkg.currency },
      );
    }
    const services = pkg.services
      .map((service) => {
        const record = records.get(lineServiceKey(line.Id, service.id));
        if (!service.active && !record) return undefined;
        const list = listPrices(service);
        const where = `${productCode}/${service.code} on line ${line.Id}`;
        const prices = record ? recordPrices(record, list, pkg.currency, where) : list;
        return { service, record, prices, list };
      })
      .filter((s): s is LineService => s !== undefined);
    return {
      lineItemId: line.Id,
      productCode,
      productName: String(product.Name ?? productCode),
      package: pkg,
      quantity: numberText(line.Quantity) ?? '1',
      serviceDate: (line.ServiceDate as string | null) ?? null,
      discount: numberText(line.Discount),
      salesPrice: line.UnitPrice == null ? null : sfMoney(line.UnitPrice, pkg.currency, `UnitPrice of line ${line.Id}`),
      services,
    };
  });
}

/** A service at its list price, quantity 1: what a new line's service record starts from. */
function listPrices(service: ListedService): ServicePrices {
  const p = service.price;
  return {
    quantity: '1',
    recurring: p?.recurring ?? null,
    oneTime: p?.oneTime ?? null,
    usageRate: p?.usageRate ?? null,
    includedQuantity: p?.includedQuantity ?? null,
    overageRate: p?.overageRate ?? null,
    statePrices: p?.statePrices ?? null,
  };
}

/** The record's values; a blank price is the list price, a blank quantity 1 (what revbridge creates it with). */
function recordPrices(record: CrmRecord, list: ServicePrices, currency: CurrencyCode, where: string): ServicePrices {
  const amount = (field: string, fallback: Money | null) =>
    record[field] == null ? fallback : sfMoney(record[field], currency, `${field} of ${where}`);
  return {
    quantity: numberText(record.Quantity__c) ?? list.quantity,
    recurring: amount('Recurring_Price__c', list.recurring),
    oneTime: amount('One_Time_Price__c', list.oneTime),
    usageRate: numberText(record.Usage_Rate__c) ?? list.usageRate,
    includedQuantity: numberText(record.Included_Quantity__c) ?? list.includedQuantity,
    overageRate: numberText(record.Overage_Rate__c) ?? list.overageRate,
    statePrices: record.State_Prices__c ? statePrices(record.State_Prices__c, currency, where) : list.statePrices,
  };
}

/** A Salesforce number as an exact decimal string (JSON numbers such as 1e-7 included). */
export function numberText(value: unknown): DecimalText | null {
  if (value == null || value === '') return null;
  return decimal(String(value)).toFixed();
}

function sfMoney(value: unknown, currency: CurrencyCode, where: string): Money {
  try {
    return parseMoney(decimal(String(value)).toFixed(), currency);
  } catch (error) {
    if (!(error instanceof RevbridgeError)) throw error;
    fail('malformed_money', `${where} is ${String(value)}, not an amount in ${currency}.`, { where });
  }
}

function statePrices(text: unknown, currency: CurrencyCode, where: string): Record<string, Money> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail('validation_failed', `State_Prices__c of ${where} is not JSON of state → amount, e.g. {"active":"20.00"}.`, {
      where,
    });
  }
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([state, amount]) => [
      state,
      sfMoney(amount, currency, `State_Prices__c.${state} of ${where}`),
    ]),
  );
}

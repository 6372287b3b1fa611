import type { ServiceKind } from '../../../billing/catalog/price-input.ts';
import { formatMoney, type Money } from '../../../domain/money.ts';
import { lineServicesPrice, type PricedLine, type ServicePrices } from './line-services.ts';
import type { OrgOpportunity } from './read-opportunity.ts';

/** Prices as the API and CLI show them: amounts and rates as decimal strings. */
export interface ServicePricesView {
  quantity: string;
  recurring: string | null;
  oneTime: string | null;
  usageRate: string | null;
  includedQuantity: string | null;
  overageRate: string | null;
  statePrices: Record<string, string> | null;
}

export interface ServicePricingView extends ServicePricesView {
  serviceId: string;
  serviceCode: string;
  serviceName: string;
  kind: ServiceKind;
  /** False for a service billing has retired since the record was made. */
  active: boolean;
  /** The Opportunity_Product_Service__c id; null while the service is at billing's default and not yet in Salesforce. */
  recordId: string | null;
  /** Billing's list price today, at quantity 1. */
  list: ServicePricesView;
}

export interface LinePricingView {
  lineItemId: string;
  productCode: string;
  productName: string;
  packageId: string;
  quantity: string;
  serviceDate: string | null;
  /** UnitPrice as Salesforce holds it. */
  salesPrice: string | null;
  /** Σ over the services of quantity × (recurring + one-time): what the sales price should be. */
  servicesPrice: string;
  /** Whether the sales price is the services' sum (a push refuses a line where it is not). */
  matchesServices: boolean;
  services: ServicePricingView[];
}

export interface OpportunityServicesView {
  opportunityId: string;
  name: string;
  stage: string;
  isWon: boolean;
  type: string | null;
  closeDate: string;
  accountId: string | null;
  currency: string;
  lines: LinePricingView[];
}

const text = (m: Money | null) => (m ? formatMoney(m) : null);

export function toPricesView(p: ServicePrices): ServicePricesView {
  return {
    quantity: p.quantity,
    recurring: text(p.recurring),
    oneTime: text(p.oneTime),
    usageRate: p.usageRate,
    includedQuantity: p.includedQuantity,
    overageRate: p.overageRate,
    statePrices: p.statePrices
      ? Object.fromEntries(Object.entries(p.statePrices).map(([state, amount]) => [state, formatMoney(amount)]))
      : null,
  };
}

export function toOpportunityServicesView(o: OrgOpportunity, lines: PricedLine[]): OpportunityServicesView {
  return {
    opportunityId: o.id,
    name: o.name,
    stage: o.stage,
    isWon: o.isWon,
    type: o.type,
    closeDate: o.closeDate,
    accountId: o.accountId,
    currency: o.currency,
    lines: lines.map((line) => {
      const servicesPrice = lineServicesPrice(line);
      return {
        lineItemId: line.lineItemId,
        productCode: line.productCode,
        productName: line.productName,
        packageId: line.package.id,
        quantity: line.quantity,
        serviceDate: line.serviceDate,
        salesPrice: text(line.salesPrice),
        servicesPrice: formatMoney(servicesPrice),
        matchesServices: line.salesPrice !== null && line.salesPrice.minor === servicesPrice.minor,
        services: line.services.map((s) => ({
          serviceId: s.service.id,
          serviceCode: s.service.code,
          serviceName: s.service.name,
          kind: s.service.kind,
          active: s.service.active,
          recordId: s.record?.Id ?? null,
          ...toPricesView(s.prices),
          list: toPricesView(s.list),
        })),
      };
    }),
  };
}

import type { CurrencyCode } from '../../domain/currency.ts';
import { type PriceView, toPriceView } from '../catalog/price-input.ts';
import type { PricePlanListRow } from './price-plans.repo.ts';

/** A negotiated price for one account and service; null prices fall back to the list price. */
export interface PricePlanView extends PriceView {
  id: string;
  accountId: string;
  serviceId: string;
  serviceCode: string;
  packageCode: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** Where it came from, e.g. 'opportunity:006…'. */
  source: string | null;
}

export function toPricePlanView(row: PricePlanListRow): PricePlanView {
  return {
    id: row.id.toString(),
    accountId: row.account_id.toString(),
    serviceId: row.service_id.toString(),
    serviceCode: row.service_code,
    packageCode: row.package_code,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    source: row.source,
    ...toPriceView(row, row.currency as CurrencyCode),
  };
}

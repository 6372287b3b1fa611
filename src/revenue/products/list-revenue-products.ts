import type { AppContext } from '../../app-context.ts';
import { listRevenueProducts } from './revenue-products.repo.ts';

export interface RevenueProductView {
  id: string;
  code: string | null;
  name: string;
  salesforceId: string | null;
  active: boolean;
  recurring: boolean;
  /** The billing package it matches (by the id the catalog pull wrote on it, or by code), if any. */
  packageId: string | null;
  /** The product a line lands on when its key matches nothing (REVBRIDGE_REVENUE_DEFAULT_PRODUCT). */
  isDefault: boolean;
}

/** The revenue product list: every Product2 the import has read, and the default product. */
export async function revenueProducts(ctx: AppContext): Promise<RevenueProductView[]> {
  return (await listRevenueProducts(ctx.db)).map((p) => ({
    id: p.id.toString(),
    code: p.code,
    name: p.name,
    salesforceId: p.salesforceId?.trim() ?? null,
    active: p.active,
    recurring: p.recurring,
    packageId: p.packageId?.toString() ?? null,
    isDefault: p.isDefault,
  }));
}

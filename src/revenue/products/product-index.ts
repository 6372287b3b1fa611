import type { RevenuePolicies } from '../../domain/revenue-policies.ts';
import type { RevenueProduct } from './revenue-products.repo.ts';

export type ProductMatch =
  | { kind: 'found'; product: RevenueProduct }
  | { kind: 'ambiguous'; candidates: RevenueProduct[] }
  | { kind: 'missing'; product: RevenueProduct };

/**
 * The revenue product list, indexed by the configured lookup key (seed 004): `code` (ProductCode), `id` (the
 * Product2 id) or `name`. A key matching one product finds it (an active one wins over inactive namesakes); one
 * matching several active products, or several inactive ones and no active one, is ambiguous; one matching none
 * falls back to the default product.
 */
export class ProductIndex {
  private readonly byKey = new Map<string, RevenueProduct[]>();
  readonly fallback: RevenueProduct;

  constructor(
    products: readonly RevenueProduct[],
    readonly key: RevenuePolicies['productKey'],
  ) {
    const fallback = products.find((p) => p.isDefault);
    if (!fallback) throw new Error('the revenue product list has no default product (ensureDefaultProduct first)');
    this.fallback = fallback;
    for (const product of products) {
      if (product.isDefault) continue;
      const value = key === 'id' ? product.salesforceId : key === 'code' ? product.code : product.name;
      if (!value) continue;
      const normalised = this.normalise(value);
      const list = this.byKey.get(normalised);
      if (list) list.push(product);
      else this.byKey.set(normalised, [product]);
    }
  }

  find(value: string | null): ProductMatch {
    const candidates = value ? (this.byKey.get(this.normalise(value)) ?? []) : [];
    if (candidates.length === 0) return { kind: 'missing', product: this.fallback };
    if (candidates.length === 1) return { kind: 'found', product: candidates[0] };
    const active = candidates.filter((p) => p.active);
    if (active.length === 1) return { kind: 'found', product: active[0] };
    return { kind: 'ambiguous', candidates: active.length > 1 ? active : candidates };
  }

  /** Ids compare on their 15-character case-sensitive form; codes and names as written, trimmed. */
  private normalise(value: string): string {
    return this.key === 'id' ? value.slice(0, 15) : value.trim();
  }
}

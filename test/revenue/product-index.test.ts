import { describe, expect, it } from 'vitest';
import { ProductIndex } from '../../src/revenue/products/product-index.ts';
import type { RevenueProduct } from '../../src/revenue/products/revenue-products.repo.ts';

const product = (id: number, fields: Partial<RevenueProduct>): RevenueProduct => ({
  id: BigInt(id),
  salesforceId: `01t00000000000${id}AAA`.slice(-18),
  code: null,
  name: `Product ${id}`,
  active: true,
  recurring: true,
  packageId: null,
  isDefault: false,
  ...fields,
});

const LIST = [
  product(1, { code: 'UNMATCHED', salesforceId: null, isDefault: true }),
  product(2, { code: 'SEATS', name: 'Seats' }),
  product(3, { code: 'DUP', name: 'Duplicate A' }),
  product(4, { code: 'DUP', name: 'Duplicate B' }),
  product(5, { code: 'OLD', name: 'Old', active: false }),
  product(6, { code: 'OLD', name: 'Old again' }),
  product(7, { code: 'GONE', name: 'Gone A', active: false }),
  product(8, { code: 'GONE', name: 'Gone B', active: false }),
];

describe('ProductIndex: a line’s product by the configured key (seed 004: unique result, or the default)', () => {
  it.each([
    { key: 'code', value: 'SEATS', result: 'found 2' },
    { key: 'code', value: ' SEATS ', result: 'found 2' },
    { key: 'code', value: 'seats', result: 'missing' },
    { key: 'code', value: 'DUP', result: 'ambiguous 3,4' },
    { key: 'code', value: 'OLD', result: 'found 6' },
    { key: 'code', value: 'GONE', result: 'ambiguous 7,8' },
    { key: 'code', value: null, result: 'missing' },
    { key: 'code', value: 'UNMATCHED', result: 'missing' },
    { key: 'name', value: 'Seats', result: 'found 2' },
    { key: 'id', value: '01t000000000002AAA', result: 'found 2' },
    { key: 'id', value: '01t000000000002', result: 'found 2' },
    { key: 'id', value: '01t000000000009AAA', result: 'missing' },
  ] as const)('by $key "$value" → $result', ({ key, value, result }) => {
    const match = new ProductIndex(LIST, key).find(value);
    const text =
      match.kind === 'found'
        ? `found ${match.product.id}`
        : match.kind === 'ambiguous'
          ? `ambiguous ${match.candidates.map((p) => p.id).join(',')}`
          : 'missing';
    expect(text).toBe(result);
    if (match.kind === 'missing') expect(match.product.isDefault).toBe(true);
  });

  it('a list without the default product is a bug, not a user error', () => {
    expect(() => new ProductIndex(LIST.slice(1), 'code')).toThrow('no default product');
  });
});

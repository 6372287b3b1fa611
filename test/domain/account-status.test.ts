import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_CLOSURE_RULE,
  type AccountStatus,
  lastBillableDay,
  pricedState,
  SUSPENDED_STATE_RULE,
} from '../../src/domain/account-status.ts';
import { defaultServiceQuantity, SERVICE_QUANTITY_RULE } from '../../src/domain/service-quantity.ts';

describe(`lastBillableDay — ${ACCOUNT_CLOSURE_RULE}`, () => {
  it.each([
    { end: null, closed: null, last: null },
    { end: '2026-06-30', closed: null, last: '2026-06-30' },
    { end: null, closed: '2026-05-16', last: '2026-05-15' },
    { end: '2026-05-10', closed: '2026-05-16', last: '2026-05-10' },
    { end: '2026-06-30', closed: '2026-05-16', last: '2026-05-15' },
    { end: '2026-05-15', closed: '2026-05-16', last: '2026-05-15' },
    { end: null, closed: '2026-03-01', last: '2026-02-28' },
  ])('end $end, closed from $closed → $last', ({ end, closed, last }) => {
    expect(lastBillableDay(end, closed)).toBe(last);
  });
});

describe(`pricedState — ${SUSPENDED_STATE_RULE}`, () => {
  it.each<{ product: string; account: AccountStatus; state: string }>([
    { product: 'active', account: 'active', state: 'active' },
    { product: 'active', account: 'suspended', state: 'suspended' },
    { product: 'premium', account: 'suspended', state: 'suspended' },
    { product: 'premium', account: 'active', state: 'premium' },
    { product: 'active', account: 'closed', state: 'active' },
  ])('$product on a $account account → $state', ({ product, account, state }) => {
    expect(pricedState(product, account)).toBe(state);
  });
});

describe(`defaultServiceQuantity — ${SERVICE_QUANTITY_RULE}`, () => {
  it.each([
    { kind: 'recurring', product: '10', quantity: '10' },
    { kind: 'state_based', product: '2.5', quantity: '2.5' },
    { kind: 'one_time', product: '10', quantity: '1' },
    { kind: 'one_time', product: '0', quantity: '1' },
  ] as const)('$kind of a product × $product counts $quantity', ({ kind, product, quantity }) => {
    expect(defaultServiceQuantity(kind, product)).toBe(quantity);
  });
});

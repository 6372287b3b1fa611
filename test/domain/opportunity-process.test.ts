import { describe, expect, it } from 'vitest';
import {
  addsProducts,
  DEFAULT_OPPORTUNITY_PROCESSES,
  lineEffectiveDate,
  opportunityProcess,
  recordsPricePlan,
} from '../../src/domain/opportunity-process.ts';
import { orderedServiceQuantity } from '../../src/domain/service-quantity.ts';

describe('opportunityProcess — the Opportunity Type picks what a push does in billing (seed 001)', () => {
  it.each([
    [null, 'price_plan'],
    ['', 'price_plan'],
    ['  ', 'price_plan'],
    ['New Customer', 'price_plan'],
    ['Existing Customer - Upgrade', 'both'],
    ['Existing Customer - Replacement', 'both'],
    ['Existing Customer - Downgrade', 'both'],
    [' New Customer ', 'price_plan'],
    ['Renewal', undefined],
    ['new customer', undefined],
  ])('Type %j → %s', (type, process) => {
    expect(opportunityProcess(type)).toBe(process);
  });

  it('takes a mapping laid over the defaults', () => {
    const mapping = { ...DEFAULT_OPPORTUNITY_PROCESSES, Renewal: 'add_products' as const };
    expect(opportunityProcess('Renewal', mapping)).toBe('add_products');
    expect(opportunityProcess('New Customer', { Renewal: 'both' })).toBeUndefined();
  });

  it.each([
    ['price_plan', true, false],
    ['add_products', false, true],
    ['both', true, true],
  ] as const)('%s records a price plan: %s, adds products: %s', (process, plan, products) => {
    expect([recordsPricePlan(process), addsProducts(process)]).toEqual([plan, products]);
  });
});

describe('orderedServiceQuantity — line quantity × the service quantity on one unit of the line', () => {
  it.each([
    ['1', '1', '1'],
    ['10', '2', '20'],
    ['5', '0', '0'],
    ['2.5', '0.5', '1.25'],
    ['0.0001', '3', '0.0003'],
    ['1000000', '250', '250000000'],
  ])('%s × %s = %s, exactly', (line, service, ordered) => {
    expect(orderedServiceQuantity(line, service)).toBe(ordered);
  });
});

describe("lineEffectiveDate — the line's ServiceDate when set, else the opportunity's CloseDate", () => {
  it.each([
    [null, '2026-01-01', '2026-01-01'],
    ['2026-03-01', '2026-01-01', '2026-03-01'],
    ['2025-12-15', '2026-01-01', '2025-12-15'],
  ])('ServiceDate %s, CloseDate %s → %s', (serviceDate, closeDate, effective) => {
    expect(lineEffectiveDate(serviceDate, closeDate)).toBe(effective);
  });
});

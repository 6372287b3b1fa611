import { beforeAll, describe, expect, it } from 'vitest';
import { useCli } from '../billing/helpers.ts';

/**
 * The CLI shares the use-cases' parsers with the API: a 32-digit amount or quantity, a rate or quantity
 * finer than the store keeps, or the date 0000-01-31 is `error validation_failed: <flag> …` and exit 1,
 * never PostgreSQL's own text (`numeric field overflow`, `date/time field value out of range`).
 */
const DIGITS_32 = '1'.repeat(32);

describe('CLI input limits', () => {
  const run = useCli('t_inlim');
  let seats: string;
  let api: string;
  let product: string;

  beforeAll(async () => {
    await run(
      'catalog',
      'package',
      'create',
      '--code',
      'P',
      '--name',
      'P',
      '--currency',
      'USD',
      '--frequency',
      'monthly',
    );
    const add = async (code: string, kind: string) =>
      (await run('catalog', 'service', 'add', 'P', '--code', code, '--name', code, '--kind', kind, '--json')).json().id;
    seats = await add('SEATS', 'recurring');
    api = await add('API', 'usage');
    await run('catalog', 'price', 'set', seats, '--from', '2026-01-01', '--recurring', '10');
    await run('catalog', 'price', 'set', api, '--from', '2026-01-01', '--usage-rate', '0.01');
    await run('account', 'create', '--name', 'Acme', '--currency', 'USD', '--number', 'A-1');
    const ordered = await run('product', 'order', 'A-1', 'P', '--quantity', '1', '--start', '2026-01-01', '--json');
    product = ordered.json().id;
  });

  it.each([
    [
      'price set: year 0000',
      () => ['catalog', 'price', 'set', seats, '--from', '0000-01-31', '--recurring', '1'],
      '--from',
    ],
    [
      'price set: 32-digit amount',
      () => ['catalog', 'price', 'set', seats, '--from', '2026-02-01', '--recurring', DIGITS_32],
      '--recurring',
    ],
    [
      'price set: 11-decimal rate',
      () => ['catalog', 'price', 'set', api, '--from', '2026-02-01', '--usage-rate', '0.00000000001'],
      '--usage-rate',
    ],
    [
      'price plan: 32-digit overage',
      () => ['price-plan', 'set', 'A-1', api, '--from', '2026-02-01', '--overage', DIGITS_32],
      '--overage',
    ],
    [
      'price plan: 32-digit included',
      () => ['price-plan', 'set', 'A-1', api, '--from', '2026-02-01', '--included', DIGITS_32],
      '--included',
    ],
    [
      'order: 32-digit quantity',
      () => ['product', 'order', 'A-1', 'P', '--quantity', DIGITS_32, '--start', '2026-01-01'],
      '--quantity',
    ],
    ['order: year 0000', () => ['product', 'order', 'A-1', 'P', '--quantity', '1', '--start', '0000-01-31'], '--start'],
    ['quantity change: 0.00004', () => ['product', 'quantity', product, '0.00004'], '<quantity>'],
    [
      'usage: 0.00004',
      () => ['usage', 'record', 'A-1', api, '--quantity', '0.00004', '--on', '2026-01-05'],
      '--quantity',
    ],
    [
      'usage: 32 digits',
      () => ['usage', 'record', 'A-1', api, '--quantity', DIGITS_32, '--on', '2026-01-05'],
      '--quantity',
    ],
    ['usage: year 0000', () => ['usage', 'record', 'A-1', api, '--quantity', '1', '--on', '0000-01-31'], '--on'],
    [
      'payment: 32-digit amount',
      () => ['payment', 'record', 'A-1', '--amount', DIGITS_32, '--currency', 'USD', '--received-on', '2026-01-05'],
      '--amount',
    ],
    [
      'payment: year 0000',
      () => ['payment', 'record', 'A-1', '--amount', '1', '--currency', 'USD', '--received-on', '0000-01-31'],
      '--received-on',
    ],
    ['billing run: year 0000', () => ['billing', 'run', '--date', '0000-01-31'], '--date'],
    ['usage list: year 0000', () => ['usage', 'list', 'A-1', '--from', '0000-01-31'], '--from'],
    ['product list: year 0000', () => ['product', 'list', 'A-1', '--on', '0000-01-31'], '--on'],
  ])('%s: a coded validation_failed naming the field', async (_name, args, field) => {
    const result = await run(...args(), '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error validation_failed: .*${field.replace(/[-]/g, '\\-')}`));
    expect(result.json().error).toMatchObject({ code: 'validation_failed', details: { field } });
  });
});

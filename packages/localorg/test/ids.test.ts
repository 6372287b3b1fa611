import { describe, expect, it } from 'vitest';
import { makeId, normalizeId, to18 } from '../src/ids.ts';

describe('record ids', () => {
  it.each([
    ['001D000000IRFma', '001D000000IRFmaIAH'],
    ['00190000001pPvH', '00190000001pPvHAAU'],
  ])('checksum of %s is that of a real org (%s)', (id15, id18) => {
    expect(to18(id15)).toBe(id18);
  });

  it.each([
    ['001D000000IRFma', '001D000000IRFmaIAH'],
    ['001D000000IRFmaIAH', '001D000000IRFmaIAH'],
    ['001d000000irfmaiah', '001D000000IRFmaIAH'],
    ['001D000000IRFmaAAA', '001d000000irfmaAAA'],
    ['001D000000IRFmaZZZ', null],
    ['001D000000IRFm', null],
    ['001D000000IRF-a', null],
  ])('normalizeId(%s) = %s', (input, expected) => {
    expect(normalizeId(input)).toBe(expected);
  });

  it('issues 18-char ids with the key prefix whose checksum verifies', () => {
    const id = makeId('001', 123_456);
    expect(id).toHaveLength(18);
    expect(id.startsWith('001')).toBe(true);
    expect(normalizeId(id)).toBe(id);
    expect(makeId('001', 1)).not.toBe(makeId('001', 2));
  });
});

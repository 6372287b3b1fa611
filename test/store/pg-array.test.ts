import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { type ArrayElement, arrayLiteral, pgArray } from '../../src/store/pg-array.ts';

describe('pgArray', () => {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const roundTrip = async (values: ArrayElement[], type: string) =>
    (await client.query(`SELECT $1::${type}[] AS a`, [pgArray(values)])).rows[0].a as unknown[];

  it('reads back every text PostgreSQL must see quoted or escaped, with and without NULLs', async () => {
    const texts = [
      'plain',
      '',
      'NULL',
      'a,b',
      '{braces}',
      'say "hi"',
      'back\\slash',
      ' spaced ',
      'line\nbreak',
      'é ü 中',
    ];
    expect(await roundTrip(texts, 'text')).toEqual(texts);
    expect(await roundTrip([...texts, null], 'text')).toEqual([...texts, null]);
    expect(await roundTrip([null, undefined], 'text')).toEqual([null, null]);
  });

  it('writes numbers, bigints and booleans as they print', async () => {
    expect(await roundTrip([1n, null, 9007199254740993n], 'bigint')).toEqual(['1', null, '9007199254740993']);
    expect(await roundTrip([3, -4], 'int')).toEqual([3, -4]);
    expect(await roundTrip([true, false, null], 'boolean')).toEqual([true, false, null]);
    expect(await roundTrip([], 'text')).toEqual([]);
  });

  it('is the literal node-postgres would send for the same texts', () => {
    expect(arrayLiteral(['a', 'b"c'])).toBe('{"a","b\\"c"}');
    expect(arrayLiteral(['a', null, 1])).toBe('{"a",NULL,1}');
  });
});

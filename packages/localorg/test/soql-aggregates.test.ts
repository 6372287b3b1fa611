import { beforeAll, describe, expect, it } from 'vitest';
import { Org } from '../src/org.ts';
import { executeSoql, type SoqlResult } from '../src/soql/index.ts';
import type { SfRecord } from '../src/store/record-store.ts';
import { failure } from './org-fixture.ts';

let org: Org;
const AGG = { type: 'AggregateResult' };

beforeAll(() => {
  org = new Org();
  const acme = org.nextId('001');
  const beta = org.nextId('001');
  const opps: Array<[string, string, number | null, string, string]> = [
    ['o1', 'Prospecting', 100, '2026-01-10', acme],
    ['o2', 'Prospecting', 50, '2026-02-10', acme],
    ['o3', 'Closed Won', 0.1, '2026-03-10', beta],
    ['o4', 'Closed Won', 0.2, '2026-03-20', beta],
    ['o5', 'Closed Won', null, '2025-12-01', acme],
    ['o6', 'Closed Lost', 30, '2026-01-05', beta],
  ];
  org.transaction((tx) => {
    tx.put('Account', { Id: acme, Name: 'Acme' });
    tx.put('Account', { Id: beta, Name: 'Beta' });
    for (const [Name, StageName, Amount, CloseDate, AccountId] of opps) {
      tx.put('Opportunity', { Id: org.nextId('006'), Name, StageName, Amount, CloseDate, AccountId } as SfRecord);
    }
  });
});

function run(soql: string): SoqlResult {
  return executeSoql(org, soql, { includeDeleted: false, apiVersion: '62.0' });
}

function aggregate(soql: string): Record<string, unknown>[] {
  const r = run(soql);
  if (r.kind !== 'aggregate') throw new Error(`expected aggregate, got ${r.kind}`);
  expect(r.totalSize).toBe(r.records.length);
  return r.records;
}

describe('aggregate functions', () => {
  it('without GROUP BY returns one record keyed expr0, expr1… for unaliased aggregates', () => {
    expect(
      aggregate('SELECT COUNT(Id), COUNT(Amount) withAmount, SUM(Amount), COUNT_DISTINCT(AccountId) FROM Opportunity'),
    ).toEqual([{ attributes: AGG, expr0: 6, withAmount: 5, expr1: 180.3, expr2: 2 }]);
  });

  it('sums decimals without binary-float noise', () => {
    expect(aggregate("SELECT SUM(Amount) s FROM Opportunity WHERE StageName = 'Closed Won'")).toEqual([
      { attributes: AGG, s: 0.3 },
    ]);
  });

  it('returns one record with COUNT 0 and null SUM when nothing matches', () => {
    expect(aggregate('SELECT COUNT(Id), SUM(Amount) FROM Opportunity WHERE Amount > 1000000')).toEqual([
      { attributes: AGG, expr0: 0, expr1: null },
    ]);
    expect(aggregate('SELECT StageName, COUNT(Id) FROM Opportunity WHERE Amount > 1000000 GROUP BY StageName')).toEqual(
      [],
    );
  });

  it('groups by a field with MIN, MAX and AVG', () => {
    expect(
      aggregate(
        'SELECT StageName, COUNT(Id) n, AVG(Amount) avg, MIN(Amount), MAX(CloseDate) FROM Opportunity GROUP BY StageName ORDER BY StageName',
      ),
    ).toEqual([
      // A picklist sorts in its defined order: Prospecting … Closed Won, Closed Lost.
      { attributes: AGG, StageName: 'Prospecting', n: 2, avg: 75, expr0: 50, expr1: '2026-02-10' },
      { attributes: AGG, StageName: 'Closed Won', n: 3, avg: 0.15, expr0: 0.1, expr1: '2026-03-20' },
      { attributes: AGG, StageName: 'Closed Lost', n: 1, avg: 30, expr0: 30, expr1: '2026-01-05' },
    ]);
  });

  it('groups by a parent field (keyed by the field name) and by several fields', () => {
    expect(
      aggregate('SELECT Account.Name, SUM(Amount) total FROM Opportunity GROUP BY Account.Name ORDER BY Account.Name'),
    ).toEqual([
      { attributes: AGG, Name: 'Acme', total: 150 },
      { attributes: AGG, Name: 'Beta', total: 30.3 },
    ]);
    const rows = aggregate(
      'SELECT AccountId, StageName, COUNT(Id) FROM Opportunity GROUP BY AccountId, StageName ORDER BY COUNT(Id) DESC, StageName',
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ StageName: 'Prospecting', expr0: 2 });
  });

  it('filters groups with HAVING and sorts by aggregates with LIMIT/OFFSET', () => {
    expect(
      aggregate('SELECT StageName FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1 ORDER BY StageName'),
    ).toEqual([
      { attributes: AGG, StageName: 'Prospecting' },
      { attributes: AGG, StageName: 'Closed Won' },
    ]);
    expect(
      aggregate(
        "SELECT StageName, SUM(Amount) s FROM Opportunity GROUP BY StageName HAVING (SUM(Amount) >= 30 OR StageName = 'Closed Won') AND NOT MAX(Amount) < 1 ORDER BY SUM(Amount) DESC",
      ),
    ).toEqual([
      { attributes: AGG, StageName: 'Prospecting', s: 150 },
      { attributes: AGG, StageName: 'Closed Lost', s: 30 },
    ]);
    expect(
      aggregate(
        'SELECT StageName, SUM(Amount) s FROM Opportunity GROUP BY StageName ORDER BY SUM(Amount) DESC LIMIT 1 OFFSET 1',
      ),
    ).toEqual([{ attributes: AGG, StageName: 'Closed Lost', s: 30 }]);
  });

  it('COUNT() with GROUP BY counts groups', () => {
    expect(run('SELECT COUNT() FROM Opportunity GROUP BY StageName')).toEqual({ kind: 'count', totalSize: 3 });
  });
});

describe('aggregate errors', () => {
  it.each([
    ['SELECT Name, COUNT(Id) FROM Opportunity', 'MALFORMED_QUERY', 'Field must be grouped or aggregated: Name'],
    ['SELECT Id, COUNT() FROM Opportunity', 'MALFORMED_QUERY', 'COUNT() must be the only element in the SELECT list'],
    ['SELECT SUM(Name) FROM Opportunity', 'INVALID_FIELD', 'field Name does not support aggregate operator SUM'],
    [
      'SELECT Amount, COUNT(Id) FROM Opportunity GROUP BY Amount',
      'INVALID_FIELD',
      "field 'Amount' can not be grouped in a query call",
    ],
    [
      'SELECT StageName FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1 AND SUM(Amount) > 1 OR MAX(Amount) > 1',
      'MALFORMED_QUERY',
      "unexpected token: 'OR'",
    ],
    ['SELECT Name n FROM Opportunity', 'MALFORMED_QUERY', 'only aggregate expressions use field aliasing'],
  ])('%s', (soql, code, message) => {
    const error = failure(() => run(soql));
    expect(error.errorCode).toBe(code);
    expect(error.message.endsWith(`\n${message}`)).toBe(true);
  });
});

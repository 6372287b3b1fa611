import { describe, expect, it } from 'vitest';
import { useTestOrg } from './helpers.ts';

describe('SOQL text and picklist collation through jsforce', () => {
  const t = useTestOrg({ resetEach: true });

  const names = async (soql: string) =>
    ((await t.conn.query<{ Name: string }>(soql)).records as Array<{ Name: string }>).map((r) => r.Name);
  const create = (records: Array<Record<string, unknown>>) => t.conn.sobject('Account').create(records);

  it('ORDER BY a picklist follows the order its values are defined in, not the alphabet', async () => {
    await create([
      { Name: 'c', Rating: 'Cold' },
      { Name: 'h', Rating: 'Hot' },
      { Name: 'n' },
      { Name: 'w', Rating: 'warm' },
    ]);
    expect(await names('SELECT Name FROM Account ORDER BY Rating')).toEqual(['n', 'h', 'w', 'c']);
    expect(await names('SELECT Name FROM Account ORDER BY Rating DESC')).toEqual(['c', 'w', 'h', 'n']);
    const grouped = await t.conn.query('SELECT Rating, COUNT(Id) n FROM Account GROUP BY Rating ORDER BY Rating DESC');
    expect(grouped.records.map((r) => (r as { Rating: string | null }).Rating)).toEqual(['Cold', 'warm', 'Hot', null]);
  });

  it('picklist values outside the definition sort after the defined ones, by text', async () => {
    // Industry is not restricted: 'Other' is defined last, 'Aardvark' and 'Zoo' not at all.
    await create([
      { Name: 'other', Industry: 'Other' },
      { Name: 'zoo', Industry: 'Zoo' },
      { Name: 'tech', Industry: 'Technology' },
      { Name: 'aardvark', Industry: 'Aardvark' },
      { Name: 'agri', Industry: 'Agriculture' },
    ]);
    expect(await names('SELECT Name FROM Account ORDER BY Industry')).toEqual([
      'agri',
      'tech',
      'other',
      'aardvark',
      'zoo',
    ]);
  });

  it('text ORDER BY compares upper-cased values, so _ sorts after the letters', async () => {
    await create([{ Name: '_under' }, { Name: 'Zeta' }, { Name: 'alpha' }, { Name: 'Beta' }, { Name: '9lives' }]);
    expect(await names('SELECT Name FROM Account ORDER BY Name')).toEqual([
      '9lives',
      'alpha',
      'Beta',
      'Zeta',
      '_under',
    ]);
    expect(await names('SELECT Name FROM Account ORDER BY Name DESC')).toEqual([
      '_under',
      'Zeta',
      'Beta',
      'alpha',
      '9lives',
    ]);
    // Range comparisons fold the same way as ORDER BY.
    expect(await names("SELECT Name FROM Account WHERE Name > 'z' ORDER BY Name")).toEqual(['Zeta', '_under']);
  });

  it('= and IN fold case the same way, also for characters whose cases differ in length or script', async () => {
    const stored = ['Acme', 'Straße', '\u212Aelvin', 'ſtop', 'İzmir', 'ǅemal'];
    await create(stored.map((Name) => ({ Name })));
    const probes = ['ACME', 'acme', 'STRASSE', 'straße', 'kelvin', '\u212AELVIN', 'STOP', 'izmir', 'İZMİR', 'ǆemal'];
    for (const probe of probes) {
      const eq = await names(`SELECT Name FROM Account WHERE Name = '${probe}' ORDER BY Name`);
      const inList = await names(`SELECT Name FROM Account WHERE Name IN ('${probe}', 'nothing') ORDER BY Name`);
      const notEq = await names(`SELECT Name FROM Account WHERE Name != '${probe}' ORDER BY Name`);
      const notIn = await names(`SELECT Name FROM Account WHERE Name NOT IN ('${probe}') ORDER BY Name`);
      expect({ probe, rows: inList }).toEqual({ probe, rows: eq });
      expect({ probe, rows: notIn }).toEqual({ probe, rows: notEq });
      expect(eq.length + notEq.length).toBe(stored.length);
    }
    expect(await names("SELECT Name FROM Account WHERE Name = 'aCmE'")).toEqual(['Acme']);
    expect(await names("SELECT Name FROM Account WHERE Name IN ('STRASSE')")).toEqual(['Straße']);
  });
});

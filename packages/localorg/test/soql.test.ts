import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Org } from '../src/org.ts';
import { field, picklist } from '../src/schema/field.ts';
import { auditFields, idField } from '../src/schema/standard/common.ts';
import { executeSoql, type SoqlResult } from '../src/soql/index.ts';
import type { SfRecord } from '../src/store/record-store.ts';

const OPTS = { includeDeleted: false, apiVersion: '62.0' };

/** Account gets a few custom fields and there is one custom child object, to exercise `__c`/`__r` paths. */
function customOrg(): Org {
  return new Org({
    objects: [
      {
        name: 'Invoice__c',
        label: 'Invoice',
        labelPlural: 'Invoices',
        keyPrefix: 'a01',
        custom: true,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        validationRules: [],
        fields: [
          idField(),
          field({ name: 'Name', type: 'string', nameField: true }),
          field({
            name: 'Account__c',
            type: 'reference',
            referenceTo: ['Account'],
            relationshipName: 'Account__r',
            childRelationshipName: 'Invoices__r',
          }),
          field({ name: 'Amount__c', type: 'currency', scale: 2 }),
          field({ name: 'Status__c', type: 'picklist', picklistValues: picklist(['Draft', 'Posted']) }),
          ...auditFields(),
        ],
      },
    ],
    fields: {
      Account: [
        field({ name: 'Tags__c', type: 'multipicklist', picklistValues: picklist(['a', 'b', 'c']) }),
        field({ name: 'External_Key__c', type: 'string', externalId: true, unique: true }),
        field({ name: 'Code__c', type: 'string', caseSensitive: true }),
      ],
    },
    validationRules: {},
  });
}

const ids: Record<string, string> = {};
let org: Org;

function put(object: string, key: string, prefix: string, row: Record<string, unknown>, bin = false): void {
  ids[key] = org.nextId(prefix);
  org.transaction((tx) => tx.put(object, { Id: ids[key], IsDeleted: bin, ...row } as SfRecord, bin ? 'bin' : 'live'));
}

function seed(): void {
  org = customOrg();
  put('User', 'ursula', '005', { Name: 'Ursula Owner', LastName: 'Owner', Username: 'u@x.test' });
  put('User', 'victor', '005', { Name: 'Victor Vale', LastName: 'Vale', Username: 'v@x.test' });
  put('Account', 'acme', '001', {
    Name: 'Acme',
    Industry: 'Banking',
    AnnualRevenue: 100,
    NumberOfEmployees: 10,
    OwnerId: ids.ursula,
    Tags__c: 'a;b',
    External_Key__c: 'EXT-1',
    Code__c: 'AbC',
    Description: 'long text',
  });
  put('Account', 'beta', '001', {
    Name: 'Beta Corp',
    Industry: 'Retail',
    AnnualRevenue: 50,
    ParentId: ids.acme,
    OwnerId: ids.victor,
    Tags__c: 'c',
    External_Key__c: 'EXT-2',
  });
  put('Account', 'gamma', '001', { Name: 'gamma_x', ParentId: ids.beta, OwnerId: ids.ursula, Tags__c: 'a' });
  put('Account', 'pure', '001', { Name: '100% Pure', Industry: 'Banking', AnnualRevenue: 75, OwnerId: ids.victor });
  put('Account', 'obrien', '001', { Name: "O'Brien\\Sons", AnnualRevenue: 75, OwnerId: ids.victor });
  put('Account', 'zombie', '001', { Name: 'Zombie', Industry: 'Banking', OwnerId: ids.ursula }, true);
  put('Contact', 'smith', '003', { LastName: 'Smith', Name: 'Sam Smith', AccountId: ids.acme, Email: 's@acme.test' });
  put('Contact', 'jones', '003', { LastName: 'Jones', Name: 'Jo Jones', AccountId: ids.acme });
  put('Contact', 'brown', '003', { LastName: 'Brown', Name: 'Bo Brown', AccountId: ids.beta });
  put('Contact', 'orphan', '003', { LastName: 'Orphan', Name: 'Ollie Orphan' });
  put('Invoice__c', 'inv1', 'a01', { Name: 'INV-1', Account__c: ids.acme, Amount__c: 10.5, Status__c: 'Posted' });
  put('Invoice__c', 'inv2', 'a01', { Name: 'INV-2', Account__c: ids.acme, Amount__c: 20, Status__c: 'Draft' });
  put('Invoice__c', 'inv3', 'a01', { Name: 'INV-3', Account__c: ids.gamma, Amount__c: 5, Status__c: 'Posted' });
}

function run(soql: string, includeDeleted = false): SoqlResult {
  return executeSoql(org, soql, { ...OPTS, includeDeleted });
}

function records(soql: string, includeDeleted = false): Record<string, unknown>[] {
  const r = run(soql, includeDeleted);
  if (r.kind !== 'records') throw new Error(`expected records, got ${r.kind}`);
  return r.rows.map(r.project);
}

/** Names of matching accounts, sorted, so index and scan plans compare regardless of order. */
function names(where: string, includeDeleted = false): string[] {
  return records(`SELECT Name FROM Account ${where}`, includeDeleted)
    .map((r) => r.Name as string)
    .sort();
}

beforeAll(seed);

describe('WHERE operators', () => {
  it.each([
    ["WHERE Name = 'acme'", ['Acme']],
    ["WHERE Name != 'Acme'", ['100% Pure', 'Beta Corp', "O'Brien\\Sons", 'gamma_x']],
    ['WHERE Industry = null', ["O'Brien\\Sons", 'gamma_x']],
    ['WHERE Industry != null', ['100% Pure', 'Acme', 'Beta Corp']],
    ["WHERE Industry != 'Banking'", ['Beta Corp', "O'Brien\\Sons", 'gamma_x']],
    ["WHERE Industry = ''", ["O'Brien\\Sons", 'gamma_x']],
    ['WHERE AnnualRevenue > 50', ['100% Pure', 'Acme', "O'Brien\\Sons"]],
    ['WHERE AnnualRevenue >= 50', ['100% Pure', 'Acme', 'Beta Corp', "O'Brien\\Sons"]],
    ['WHERE AnnualRevenue < 75', ['Beta Corp']],
    ['WHERE AnnualRevenue <= 75', ['100% Pure', 'Beta Corp', "O'Brien\\Sons"]],
    ['WHERE AnnualRevenue = 75.0', ['100% Pure', "O'Brien\\Sons"]],
    ["WHERE Name > 'b'", ['Beta Corp', "O'Brien\\Sons", 'gamma_x']],
    ["WHERE Industry IN ('banking', 'Retail')", ['100% Pure', 'Acme', 'Beta Corp']],
    ["WHERE Industry IN ('Retail', null)", ['Beta Corp', "O'Brien\\Sons", 'gamma_x']],
    ["WHERE Industry NOT IN ('Banking')", ['Beta Corp', "O'Brien\\Sons", 'gamma_x']],
    ["WHERE Industry NOT IN ('Banking', null)", ['Beta Corp']],
    ['WHERE AnnualRevenue IN (50, 100)', ['Acme', 'Beta Corp']],
    ["WHERE Tags__c INCLUDES ('a')", ['Acme', 'gamma_x']],
    ["WHERE Tags__c INCLUDES ('a;b', 'c')", ['Acme', 'Beta Corp']],
    ["WHERE Tags__c EXCLUDES ('a')", ['100% Pure', 'Beta Corp', "O'Brien\\Sons"]],
    ["WHERE Tags__c = 'b;a'", ['Acme']],
    ["WHERE Code__c = 'AbC'", ['Acme']],
    ["WHERE Code__c = 'abc'", []],
  ])('%s', (where, expected) => {
    expect(names(where)).toEqual(expected);
  });

  it.each([
    ["WHERE Name LIKE 'a%'", ['Acme']],
    ["WHERE Name LIKE '%CORP'", ['Beta Corp']],
    ["WHERE Name LIKE '%e%'", ['100% Pure', 'Acme', 'Beta Corp', "O'Brien\\Sons"]],
    ["WHERE Name LIKE 'Acm_'", ['Acme']],
    ["WHERE Name LIKE 'Ac_'", []],
    ["WHERE Name LIKE '100\\% %'", ['100% Pure']],
    ["WHERE Name LIKE '100\\%'", []],
    ["WHERE Name LIKE 'gamma\\_x'", ['gamma_x']],
    ["WHERE Name LIKE 'gamma\\_%'", ['gamma_x']],
    ["WHERE Name LIKE '%\\'%'", ["O'Brien\\Sons"]],
    ["WHERE Name LIKE '%\\\\Sons'", ["O'Brien\\Sons"]],
    ["WHERE Name = 'O\\'Brien\\\\Sons'", ["O'Brien\\Sons"]],
    ["WHERE NOT Name LIKE 'a%'", ['100% Pure', 'Beta Corp', "O'Brien\\Sons", 'gamma_x']],
  ])('LIKE and escapes: %s', (where, expected) => {
    expect(names(where)).toEqual(expected);
  });

  it('treats a null checkbox as false', () => {
    expect(records('SELECT Name FROM Contact WHERE IsDeleted = false')).toHaveLength(4);
    expect(records('SELECT Name FROM Contact WHERE IsDeleted = null')).toHaveLength(4);
    expect(records('SELECT Name FROM Contact WHERE IsDeleted != null')).toHaveLength(0);
  });

  it('compares Id fields with 15- and 18-char ids', () => {
    expect(names(`WHERE Id = '${ids.acme}'`)).toEqual(['Acme']);
    expect(names(`WHERE Id = '${ids.acme.slice(0, 15)}'`)).toEqual(['Acme']);
    expect(names(`WHERE Id = '${ids.acme.toLowerCase()}'`)).toEqual(['Acme']);
    expect(names(`WHERE ParentId IN ('${ids.acme.slice(0, 15)}', '${ids.beta}')`)).toEqual(['Beta Corp', 'gamma_x']);
  });
});

describe('boolean logic', () => {
  it.each([
    ["WHERE Industry = 'Banking' AND (AnnualRevenue = 100 OR AnnualRevenue = 75)", ['100% Pure', 'Acme']],
    ["WHERE (Industry = 'Banking' AND AnnualRevenue = 100) OR AnnualRevenue = 50", ['Acme', 'Beta Corp']],
    ["WHERE Industry = 'Banking' AND AnnualRevenue = 100 AND Name = 'Acme'", ['Acme']],
    ["WHERE Name = 'Acme' OR Name = 'Beta Corp' OR Name = 'gamma_x'", ['Acme', 'Beta Corp', 'gamma_x']],
    ["WHERE NOT Industry = 'Banking' AND AnnualRevenue != null", ['Beta Corp', "O'Brien\\Sons"]],
    ["WHERE NOT (Industry = 'Banking' OR Industry = 'Retail')", ["O'Brien\\Sons", 'gamma_x']],
    ["WHERE (NOT Industry = 'Banking') AND Name LIKE 'B%'", ['Beta Corp']],
    ["WHERE ((Name = 'Acme' OR Name = 'gamma_x') AND Industry = null) OR AnnualRevenue = 50", ['Beta Corp', 'gamma_x']],
    ["WHERE (Name = 'Acme' OR Name = 'gamma_x') AND (Industry = null OR AnnualRevenue = 100)", ['Acme', 'gamma_x']],
    ["WHERE ((Name = 'Acme'))", ['Acme']],
  ])('%s', (where, expected) => {
    expect(names(where)).toEqual(expected);
  });
});

describe('relationships', () => {
  it('nests parent fields under their relationship, null when the lookup is empty', () => {
    const rows = records(
      `SELECT Id, Name, Parent.Name, Parent.Owner.Name, Owner.Name FROM Account WHERE Id IN ('${ids.acme}', '${ids.gamma}') ORDER BY Name`,
    );
    expect(rows[0]).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${ids.acme}` },
      Id: ids.acme,
      Name: 'Acme',
      Parent: null,
      Owner: {
        attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${ids.ursula}` },
        Name: 'Ursula Owner',
      },
    });
    expect(rows[1].Parent).toEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${ids.beta}` },
      Name: 'Beta Corp',
      Owner: {
        attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${ids.victor}` },
        Name: 'Victor Vale',
      },
    });
  });

  it('returns canonical names whatever the case in the query, in SELECT order', () => {
    const [row] = records("select NAME, parent.name, id from account where name = 'Beta Corp'");
    expect(Object.keys(row)).toEqual(['attributes', 'Name', 'Parent', 'Id']);
    expect(row.Parent).toMatchObject({ Name: 'Acme' });
  });

  it('accepts the object name or its alias as a qualifier', () => {
    expect(names("WHERE Account.Name = 'Acme'")).toEqual(['Acme']);
    expect(records("SELECT a.Name, a.Parent.Name FROM Account a WHERE a.Name = 'Beta Corp'")).toMatchObject([
      { Name: 'Beta Corp', Parent: { Name: 'Acme' } },
    ]);
  });

  it('follows custom __r relationships and reaches five levels', () => {
    const rows = records(
      "SELECT Name, Account__r.Name, Account__r.Parent.Parent.Owner.Name FROM Invoice__c WHERE Account__r.Name = 'gamma_x'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].Account__r).toMatchObject({
      Name: 'gamma_x',
      Parent: { Parent: { Owner: { Name: 'Ursula Owner' } } },
    });
  });

  it('filters and orders on parent fields; a missing parent reads as null', () => {
    const contacts = records('SELECT LastName FROM Contact WHERE Account.Name = null');
    expect(contacts.map((c) => c.LastName)).toEqual(['Orphan']);
    const ordered = records('SELECT LastName FROM Contact ORDER BY Account.Name DESC, LastName');
    expect(ordered.map((c) => c.LastName)).toEqual(['Brown', 'Jones', 'Smith', 'Orphan']);
    expect(names("WHERE Parent.Owner.Name LIKE 'Victor%'")).toEqual(['gamma_x']);
  });

  it('runs child subqueries with their own WHERE, ORDER BY and LIMIT; null when no children', () => {
    const rows = records(
      "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC LIMIT 1), (SELECT Name, Amount__c FROM Invoices__r WHERE Status__c = 'Posted') FROM Account ORDER BY Name",
    );
    const byName = Object.fromEntries(rows.map((r) => [r.Name, r]));
    expect(byName.Acme.Contacts).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${ids.smith}` },
          LastName: 'Smith',
        },
      ],
    });
    expect(byName.Acme.Invoices__r).toMatchObject({ totalSize: 1, records: [{ Name: 'INV-1', Amount__c: 10.5 }] });
    expect(byName['Beta Corp'].Invoices__r).toBeNull();
    expect(byName.gamma_x.Contacts).toBeNull();
    expect(byName.gamma_x.Invoices__r).toMatchObject({ totalSize: 1 });
  });
});

describe('semi-joins and anti-joins', () => {
  it.each([
    ['WHERE Id IN (SELECT AccountId FROM Contact)', ['Acme', 'Beta Corp']],
    ["WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Brown')", ['Beta Corp']],
    ['WHERE Id NOT IN (SELECT AccountId FROM Contact)', ['100% Pure', "O'Brien\\Sons", 'gamma_x']],
    ["WHERE Id IN (SELECT Account__c FROM Invoice__c WHERE Amount__c > 6) AND Industry = 'Banking'", ['Acme']],
    ["WHERE ParentId IN (SELECT Id FROM Account WHERE Industry = 'Banking')", ['Beta Corp']],
    [
      "WHERE ParentId NOT IN (SELECT Id FROM Account WHERE Industry = 'Banking')",
      ['100% Pure', 'Acme', "O'Brien\\Sons", 'gamma_x'],
    ],
  ])('%s', (where, expected) => {
    expect(names(where)).toEqual(expected);
  });
});

describe('ordering, limit and offset', () => {
  it('defaults to ASC NULLS FIRST and DESC NULLS LAST', () => {
    const asc = records('SELECT Name, AnnualRevenue FROM Account ORDER BY AnnualRevenue, Name');
    expect(asc.map((r) => r.Name)).toEqual(['gamma_x', 'Beta Corp', '100% Pure', "O'Brien\\Sons", 'Acme']);
    const desc = records('SELECT Name FROM Account ORDER BY AnnualRevenue DESC, Name DESC');
    expect(desc.map((r) => r.Name)).toEqual(['Acme', "O'Brien\\Sons", '100% Pure', 'Beta Corp', 'gamma_x']);
  });

  it('honours explicit NULLS FIRST / LAST', () => {
    const a = records('SELECT Name FROM Account ORDER BY Industry ASC NULLS LAST, Name');
    expect(a.map((r) => r.Name)).toEqual(['100% Pure', 'Acme', 'Beta Corp', 'gamma_x', "O'Brien\\Sons"]);
    const b = records('SELECT Name FROM Account ORDER BY Industry DESC NULLS FIRST, Name');
    expect(b.map((r) => r.Name)).toEqual(['gamma_x', "O'Brien\\Sons", 'Beta Corp', '100% Pure', 'Acme']);
  });

  it('orders text case-insensitively', () => {
    expect(records('SELECT Name FROM Account ORDER BY Name').map((r) => r.Name)).toEqual([
      '100% Pure',
      'Acme',
      'Beta Corp',
      'gamma_x',
      "O'Brien\\Sons",
    ]);
  });

  it('applies OFFSET then LIMIT and reports the returned count as totalSize', () => {
    const r = run('SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1');
    expect(r.kind === 'records' && r.rows.map((x) => x.Name)).toEqual(['Acme', 'Beta Corp']);
    expect(r.totalSize).toBe(2);
    expect(run('SELECT Name FROM Account LIMIT 0').totalSize).toBe(0);
    expect(run('SELECT Name FROM Account ORDER BY Name OFFSET 10').totalSize).toBe(0);
  });

  it('accepts FOR UPDATE / FOR VIEW and WITH SECURITY_ENFORCED', () => {
    expect(run("SELECT Id FROM Account WHERE Name = 'Acme' FOR UPDATE").totalSize).toBe(1);
    expect(run('SELECT Id FROM Account LIMIT 1 FOR VIEW').totalSize).toBe(1);
    expect(run("SELECT Id FROM Account WHERE Name = 'Acme' WITH SECURITY_ENFORCED").totalSize).toBe(1);
  });
});

describe('COUNT() and queryAll', () => {
  it('counts matching rows', () => {
    expect(run('SELECT COUNT() FROM Account')).toEqual({ kind: 'count', totalSize: 5 });
    expect(run("SELECT COUNT() FROM Account WHERE Industry = 'Banking'")).toEqual({ kind: 'count', totalSize: 2 });
    expect(run('SELECT COUNT() FROM Account LIMIT 3')).toEqual({ kind: 'count', totalSize: 3 });
  });

  it('includes recycle-bin rows only for queryAll', () => {
    expect(names("WHERE Industry = 'Banking'")).toEqual(['100% Pure', 'Acme']);
    expect(names("WHERE Industry = 'Banking'", true)).toEqual(['100% Pure', 'Acme', 'Zombie']);
    expect(names('WHERE IsDeleted = true', true)).toEqual(['Zombie']);
    expect(names(`WHERE Id = '${ids.zombie}'`)).toEqual([]);
    expect(names(`WHERE Id = '${ids.zombie}'`, true)).toEqual(['Zombie']);
    expect(run('SELECT COUNT() FROM Account', true).totalSize).toBe(6);
  });

  it('passes toLabel() and FORMAT() through, keyed by alias or field name', () => {
    expect(
      records("SELECT Name, toLabel(Industry) ind, FORMAT(AnnualRevenue) FROM Account WHERE Name = 'Acme'"),
    ).toMatchObject([{ Name: 'Acme', ind: 'Banking', AnnualRevenue: 100 }]);
  });

  it('expands FIELDS(STANDARD) and FIELDS(ALL)', () => {
    const [row] = records("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Acme'");
    expect(row).toMatchObject({ Id: ids.acme, Name: 'Acme', Industry: 'Banking', BillingAddress: null });
    expect(row).not.toHaveProperty('Tags__c');
    const [all] = records("SELECT FIELDS(ALL) FROM Account WHERE Name = 'Acme' LIMIT 1");
    expect(all).toMatchObject({ Tags__c: 'a;b', Name: 'Acme' });
  });
});

describe('index plans agree with scans', () => {
  const cases = [
    [`WHERE Id = '{acme}'`, `WHERE Id = '{acme}' OR Name = 'no such'`],
    [
      `WHERE Id IN ('{acme}', '{beta}', '{acme}') AND Industry != null`,
      `WHERE (Id = '{acme}' OR Id = '{beta}') AND Industry != null`,
    ],
    [`WHERE External_Key__c = 'ext-2'`, `WHERE External_Key__c = 'ext-2' OR Name = 'no such'`],
    [`WHERE ParentId = '{acme}'`, `WHERE ParentId = '{acme}' OR Name = 'no such'`],
    [
      `WHERE ParentId IN ('{acme}', '{beta}') AND Name LIKE '%a%'`,
      `WHERE (ParentId = '{acme}' OR ParentId = '{beta}') AND Name LIKE '%a%'`,
    ],
    [
      `WHERE Id IN (SELECT AccountId FROM Contact)`,
      `WHERE Name != 'x' AND (Id IN (SELECT AccountId FROM Contact) OR Name = 'x')`,
    ],
  ];
  it.each(cases)('%s', (indexed, scanned) => {
    const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => ids[k]);
    const a = names(fill(indexed));
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(names(fill(scanned)));
  });

  it('serves Id, unique-field and lookup equality without scanning the table', () => {
    const table = vi.spyOn(org.store, 'table');
    try {
      expect(names(`WHERE Id = '${ids.acme}'`)).toEqual(['Acme']);
      expect(names("WHERE External_Key__c = 'EXT-1' AND Name != null")).toEqual(['Acme']);
      expect(names(`WHERE ParentId = '${ids.acme}'`)).toEqual(['Beta Corp']);
      expect(table).not.toHaveBeenCalled();
      names("WHERE Name = 'Acme'");
      expect(table).toHaveBeenCalledWith('Account');
    } finally {
      table.mockRestore();
    }
  });

  it('a unique-index lookup respects queryAll (the index holds live rows only)', () => {
    expect(names("WHERE External_Key__c = 'EXT-1'", true)).toEqual(['Acme']);
  });
});

describe('projectFlat for Bulk 2.0', () => {
  it('writes dotted headers with raw values and null for empty lookups', () => {
    const r = run(
      `SELECT Id, Name, Parent.Name, Parent.Owner.Name FROM Account WHERE Id IN ('${ids.acme}', '${ids.beta}') ORDER BY Name`,
    );
    if (r.kind !== 'records') throw new Error('records expected');
    expect(r.objectName).toBe('Account');
    expect(r.rows.map(r.projectFlat)).toEqual([
      { Id: ids.acme, Name: 'Acme', 'Parent.Name': null, 'Parent.Owner.Name': null },
      { Id: ids.beta, Name: 'Beta Corp', 'Parent.Name': 'Acme', 'Parent.Owner.Name': 'Ursula Owner' },
    ]);
  });
});

describe('formula and compound fields', () => {
  it('reads formula fields through readField for filtering, ordering and output', () => {
    const o = new Org();
    o.transaction((tx) => {
      for (const [Name, Amount] of [
        ['small', 10],
        ['big', 100],
      ] as const) {
        tx.put('Opportunity', {
          Id: o.nextId('006'),
          Name,
          Amount,
          Probability: 50,
          StageName: 'x',
          CloseDate: '2026-01-01',
        });
      }
      tx.put('Account', { Id: o.nextId('001'), Name: 'Paris', BillingCity: 'Paris' });
    });
    const r = executeSoql(
      o,
      'SELECT Name, ExpectedRevenue FROM Opportunity WHERE ExpectedRevenue > 10 ORDER BY ExpectedRevenue',
      OPTS,
    );
    expect(r.kind === 'records' && r.rows.map(r.project)).toMatchObject([{ Name: 'big', ExpectedRevenue: 50 }]);
    const a = executeSoql(o, 'SELECT BillingAddress FROM Account', OPTS);
    expect(a.kind === 'records' && a.rows.map(a.project)).toMatchObject([
      { BillingAddress: { city: 'Paris', street: null } },
    ]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { SfError } from '../src/errors.ts';
import { Org } from '../src/org.ts';
import { assertBulkQueryable, executeSoql } from '../src/soql/index.ts';
import { failure } from './org-fixture.ts';

let org: Org;

beforeAll(() => {
  org = new Org();
  org.transaction((tx) => tx.put('Account', { Id: org.nextId('001'), Name: 'Acme' }));
});

const query = (soql: string) => failure(() => executeSoql(org, soql, { includeDeleted: false, apiVersion: '62.0' }));

const SUFFIX_FIELD =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const SUFFIX_REL =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

describe('error codes and message shapes', () => {
  it.each([
    [
      'SELECT Id FRM Account',
      'MALFORMED_QUERY',
      "\nSELECT Id FRM Account\n              ^\nERROR at Row:1:Column:15\nunexpected token: 'Account'",
    ],
    [
      'SELECT Foo FROM Account',
      'INVALID_FIELD',
      `\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Account'. ${SUFFIX_FIELD}`,
    ],
    [
      'SELECT Id\nFROM Account\nWHERE Nme = 1',
      'INVALID_FIELD',
      `\nWHERE Nme = 1\n      ^\nERROR at Row:3:Column:7\nNo such column 'Nme' on entity 'Account'. ${SUFFIX_FIELD}`,
    ],
    [
      'SELECT Owner.Foo FROM Account',
      'INVALID_FIELD',
      `\nSELECT Owner.Foo FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'User'. ${SUFFIX_FIELD}`,
    ],
    [
      'SELECT Foo.Name FROM Account',
      'INVALID_FIELD',
      `\nSELECT Foo.Name FROM Account\n       ^\nERROR at Row:1:Column:8\nDidn't understand relationship 'Foo' in field path. ${SUFFIX_REL}`,
    ],
    [
      'SELECT Id FROM Foo',
      'INVALID_TYPE',
      "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    ],
    [
      'SELECT Id, (SELECT Id FROM Foos) FROM Account',
      'INVALID_TYPE',
      `\nSELECT Id, (SELECT Id FROM Foos) FROM Account\n                           ^\nERROR at Row:1:Column:28\nDidn't understand relationship 'Foos' in FROM part of query call. ${SUFFIX_REL}`,
    ],
    [
      "SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'",
      'MALFORMED_QUERY',
      "\nSELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'\n                                                       ^\nERROR at Row:1:Column:56\nunexpected token: 'OR'",
    ],
    [
      "SELECT Id FROM Account WHERE Id = '001xyz'",
      'INVALID_QUERY_FILTER_OPERATOR',
      "\nSELECT Id FROM Account WHERE Id = '001xyz'\n                             ^\nERROR at Row:1:Column:30\ninvalid ID field: 001xyz",
    ],
    [
      "SELECT Id FROM Account WHERE Description = 'x'",
      'INVALID_FIELD',
      "\nSELECT Id FROM Account WHERE Description = 'x'\n                             ^\nERROR at Row:1:Column:30\nfield 'Description' can not be filtered in query call",
    ],
    [
      'SELECT Id FROM Account ORDER BY BillingAddress',
      'INVALID_FIELD',
      "\nSELECT Id FROM Account ORDER BY BillingAddress\n                                ^\nERROR at Row:1:Column:33\nfield 'BillingAddress' can not be sorted in a query call",
    ],
    [
      'SELECT Id FROM Account OFFSET 2001',
      'NUMBER_OUTSIDE_VALID_RANGE',
      '\nSELECT Id FROM Account OFFSET 2001\n                       ^\nERROR at Row:1:Column:24\nMaximum SOQL offset allowed is 2000',
    ],
  ])('%s', (soql, code, message) => {
    const error = query(soql);
    expect(error.errorCode).toBe(code);
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
  });

  it.each([
    ['SELECT Id, Name, name FROM Account', 'MALFORMED_QUERY', 'duplicate field selected: Name'],
    ['SELECT FIELDS(ALL) FROM Account', 'MALFORMED_QUERY', 'The SOQL FIELDS function must have a LIMIT of at most 200'],
    [
      'SELECT Id FROM Account WHERE Name = 5',
      'INVALID_FIELD',
      "value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes",
    ],
    [
      "SELECT Id FROM Account WHERE AnnualRevenue = '5'",
      'INVALID_FIELD',
      "value of filter criterion for field 'AnnualRevenue' must be of type double and should not be enclosed in quotes",
    ],
    [
      'SELECT Id FROM Account WHERE IsDeleted = 1',
      'INVALID_FIELD',
      "value of filter criterion for field 'IsDeleted' must be of type boolean and should not be enclosed in quotes",
    ],
    [
      "SELECT Id FROM Account WHERE Name INCLUDES ('a')",
      'INVALID_FIELD',
      'INCLUDES operator only valid on multipicklist field',
    ],
    [
      'SELECT Id FROM Account WHERE Name IN (SELECT Name FROM Contact)',
      'INVALID_FIELD',
      "Invalid field for semi/anti join: 'Name'. Only Id and reference fields can be used.",
    ],
    ["SELECT Id FROM Account WHERE Name = 'x", 'MALFORMED_QUERY', "unexpected token: '''"],
    ['SELECT Id FROM Account WHERE', 'MALFORMED_QUERY', "unexpected token: '<EOF>'"],
    ['SELECT Id FROM Account HAVING COUNT(Id) > 1', 'MALFORMED_QUERY', "unexpected token: 'HAVING'"],
  ])('%s', (soql, code, message) => {
    const error = query(soql);
    expect(error.errorCode).toBe(code);
    expect(error.message).toMatch(/^\n.*\n *\^\nERROR at Row:\d+:Column:\d+\n/);
    expect(error.message.endsWith(`\n${message}`)).toBe(true);
  });

  it('never lets a JS exception escape for any prefix of a valid query', () => {
    const soql =
      "SELECT Id, Name, Owner.Name, (SELECT LastName FROM Contacts WHERE LastName LIKE 'a%' ORDER BY LastName LIMIT 2) FROM Account WHERE (Name = 'x' OR Industry IN ('a', 'b')) AND CreatedDate = LAST_N_DAYS:3 AND Id NOT IN (SELECT AccountId FROM Contact) ORDER BY Name DESC NULLS LAST LIMIT 10 OFFSET 1";
    for (let end = 0; end <= soql.length; end++) {
      const text = soql.slice(0, end);
      try {
        executeSoql(org, text, { includeDeleted: false, apiVersion: '62.0' });
      } catch (error) {
        if (!(error instanceof SfError)) throw new Error(`${text}: ${String(error)}`, { cause: error });
      }
    }
  });
});

describe('assertBulkQueryable', () => {
  it('accepts flat queries with parent fields', () => {
    expect(() =>
      assertBulkQueryable("SELECT Id, Name, Owner.Name FROM Account WHERE Name LIKE 'A%' ORDER BY Name LIMIT 5"),
    ).not.toThrow();
  });

  it.each([
    'SELECT Id, (SELECT Id FROM Contacts) FROM Account',
    'SELECT COUNT() FROM Account',
    'SELECT COUNT(Id) FROM Account',
    'SELECT Industry FROM Account GROUP BY Industry',
    'SELECT Id FROM Account LIMIT 10 OFFSET 5',
    'SELECT TYPEOF Owner WHEN User THEN Name END FROM Account',
  ])('refuses %s', (soql) => {
    const error = failure(() => assertBulkQueryable(soql));
    expect(error.errorCode).toBe('FEATURENOTENABLED');
  });

  it('refuses compound fields when given the org, and reports syntax errors as MALFORMED_QUERY', () => {
    expect(failure(() => assertBulkQueryable('SELECT BillingAddress FROM Account', org)).message).toBe(
      'Selecting compound data not supported in Bulk Query',
    );
    expect(failure(() => assertBulkQueryable('SELECT Id FRM Account')).errorCode).toBe('MALFORMED_QUERY');
  });
});

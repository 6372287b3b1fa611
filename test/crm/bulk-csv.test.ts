import { describe, expect, it } from 'vitest';
import { csvObjects, parseCsv, toCsv } from '../../src/crm/salesforce/bulk-csv.ts';
import { bulkError } from '../../src/crm/salesforce/salesforce-bulk.ts';

describe('Bulk API 2.0 CSV', () => {
  it('writes a header and a line per record: absent fields empty, null as #N/A, quoting where needed', () => {
    const csv = toCsv(
      ['Id', 'Name', 'Flag__c', 'Amount__c'],
      [
        { Id: '001A', Name: 'Plain', Flag__c: true, Amount__c: 12.5 },
        { Id: '001B', Name: 'Comma, "quoted"\nline', Flag__c: null },
        { Id: '001C', Name: ' padded ' },
      ],
    );
    expect(csv).toBe(
      'Id,Name,Flag__c,Amount__c\n001A,Plain,true,12.5\n001B,"Comma, ""quoted""\nline",#N/A,\n001C," padded ",,\n',
    );
  });

  it('reads what it writes, and CRLF documents', () => {
    // An empty string is written as Bulk's null, as sObject Collections would clear the field.
    const records: Record<string, unknown>[] = [
      { A: 'x,y', B: 'say "no"' },
      { A: 'multi\nline', B: '' },
      { A: 'no B' },
    ];
    expect(csvObjects(toCsv(['A', 'B'], records))).toEqual([
      { A: 'x,y', B: 'say "no"' },
      { A: 'multi\nline', B: '#N/A' },
      { A: 'no B', B: '' },
    ]);
    expect(parseCsv('"sf__Id","sf__Created",Name\r\n"001","true","Acme"\r\n')).toEqual([
      ['sf__Id', 'sf__Created', 'Name'],
      ['001', 'true', 'Acme'],
    ]);
    expect(csvObjects('')).toEqual([]);
  });

  it('reads back whatever it writes: 2,000 records of awkward text, empty cells and a last line without newline', () => {
    const pieces = [
      '',
      'a',
      'Zürich',
      'x,y',
      '"',
      '""',
      'say "no"',
      'multi\nline',
      'cr\r\nlf',
      ' pad ',
      ',',
      '0010LO00000012eQBA',
    ];
    let seed = 7;
    const pick = () => pieces[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % pieces.length];
    const records = Array.from({ length: 2000 }, () => ({
      A: pick() + pick(),
      B: pick(),
      C: pick() + pick() + pick(),
    }));
    // Empty strings are written as Bulk's null; everything else comes back as it was.
    const expected = records.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? '#N/A' : v])),
    );
    const csv = toCsv(['A', 'B', 'C'], records);
    expect(csvObjects(csv)).toEqual(expected);
    expect(csvObjects(csv.slice(0, -1))).toEqual(expected);
    expect(parseCsv('a,\n,b\n"q"\n')).toEqual([['a', ''], ['', 'b'], ['q']]);
    expect(parseCsv('a,')).toEqual([['a', '']]);
  });

  it('reads a row error as Bulk writes it: code, message, fields', () => {
    expect(bulkError('REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --')).toEqual({
      code: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [Name]',
      fields: ['Name'],
    });
    expect(bulkError('INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--')).toEqual({
      code: 'INVALID_CROSS_REFERENCE_KEY',
      message: 'invalid cross reference id',
      fields: [],
    });
    expect(bulkError('odd')).toEqual({ code: 'UNKNOWN', message: 'odd', fields: [] });
  });
});

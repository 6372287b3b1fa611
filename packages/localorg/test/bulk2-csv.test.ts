import { describe, expect, it } from 'vitest';
import { CsvError, firstLineEnding, minimallyQuoted, parseCsv, quoted } from '../src/bulk2/csv.ts';

describe('Bulk CSV reading', () => {
  it.each([
    [
      'plain LF',
      'a,b\n1,2\n',
      ',',
      'LF',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no final line break',
      'a,b\n1,2',
      ',',
      'LF',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'empty cells and a trailing empty field',
      'a,b,c\n,x,\n',
      ',',
      'LF',
      [
        ['a', 'b', 'c'],
        ['', 'x', ''],
      ],
    ],
    [
      'quoted delimiter, doubled quote, embedded newline',
      'a,b\n"x,y","say ""hi""\nbye"\n',
      ',',
      'LF',
      [
        ['a', 'b'],
        ['x,y', 'say "hi"\nbye'],
      ],
    ],
    ['an empty quoted value is kept', 'a\n""\n', ',', 'LF', [['a'], ['']]],
    ['blank lines are skipped', 'a\n\n1\n\n', ',', 'LF', [['a'], ['1']]],
    ['a leading BOM is dropped', '\uFEFFName\nAcme\n', ',', 'LF', [['Name'], ['Acme']]],
    [
      'CRLF terminators; a bare LF is data',
      'a|b\r\nx\ny|z\r\n',
      '|',
      'CRLF',
      [
        ['a', 'b'],
        ['x\ny', 'z'],
      ],
    ],
    ['a quote inside an unquoted value is literal', 'a\n5" screen\n', ',', 'LF', [['a'], ['5" screen']]],
    [
      'tab delimiter',
      'a\tb\n1\t2\n',
      '\t',
      'LF',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
  ] as const)('%s', (_name, text, delimiter, ending, expected) => {
    expect(parseCsv(text, delimiter, ending)).toEqual(expected);
  });

  it('rejects an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsv('a\n"open\n', ',', 'LF')).toThrow(CsvError);
    expect(() => parseCsv('a\n"closed"junk\n', ',', 'LF')).toThrow(/after the closing quote on line 2/);
  });

  it('finds the line ending of the first line, ignoring line breaks inside quotes', () => {
    expect(firstLineEnding('"a\r\nb",c\n1,2\n')).toBe('LF');
    expect(firstLineEnding('a,b\r\n1,2\r\n')).toBe('CRLF');
    expect(firstLineEnding('a,b')).toBeNull();
  });

  it('writes values quoted, and header cells quoted only when they must be', () => {
    expect(quoted('say "hi"')).toBe('"say ""hi"""');
    expect(quoted('')).toBe('""');
    expect(minimallyQuoted('Name', ',')).toBe('Name');
    expect(minimallyQuoted('A,B', ',')).toBe('"A,B"');
    expect(minimallyQuoted('A,B', '|')).toBe('A,B');
  });

  it('parses 100,000 rows in one pass', () => {
    const text = `Name,Phone\n${Array.from({ length: 100_000 }, (_, i) => `"Account, ${i}",555-${i}`).join('\n')}\n`;
    const records = parseCsv(text, ',', 'LF');
    expect(records).toHaveLength(100_001);
    expect(records[100_000]).toEqual(['Account, 99999', '555-99999']);
  });
});

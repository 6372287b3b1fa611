import { describe, expect, it } from 'vitest';
import { compileFormula, FormulaError, type FormulaScope, formulaReferences } from '../src/formula/formula.ts';
import type { FieldType } from '../src/schema/types.ts';

type Row = Record<string, unknown>;

interface ScopeOptions {
  prior?: Row;
  now?: number;
  timeZone?: string;
  /** When given, the scope reports field types (text blanks as '', percents as fractions). */
  types?: Record<string, FieldType>;
}

const NOW = Date.UTC(2024, 4, 1, 2, 0, 0); // 2024-05-01T02:00Z: still April 30 in Los Angeles

function scope(row: Row = {}, opts: ScopeOptions = {}): FormulaScope {
  const find = (data: Row, path: string) => {
    const key = Object.keys(data).find((k) => k.toLowerCase() === path.toLowerCase());
    if (key === undefined) throw new Error(`no field ${path}`);
    return data[key];
  };
  const s: FormulaScope = {
    get: (path) => find(row, path),
    prior: (name) => (opts.prior ? find(opts.prior, name) : null),
    isNew: opts.prior === undefined,
    now: () => opts.now ?? NOW,
    timeZone: opts.timeZone ?? 'UTC',
  };
  const types = opts.types;
  if (types) s.fieldType = (path) => types[path];
  return s;
}

const ROW: Row = {
  Amount: 100,
  Price: 0.1,
  Tax: 0.2,
  Blank: null,
  Name: 'Acme Corp',
  Empty: '',
  Stage: 'Closed Won',
  Tags: 'Red;Green',
  CloseDate: '2024-05-15',
  Created: '2024-05-01T12:00:00.000+0000',
  Later: '2024-05-03T00:00:00.000+0000',
  IsActive: true,
  'Account.Name': 'Parent Inc',
  'Parent__r.Code__c': 'P-1',
};

function evaluate(text: string, type: FieldType | 'boolean' = 'double', row: Row = ROW, opts?: ScopeOptions) {
  return compileFormula(text, type, undefined)(scope(row, opts));
}

type Case = [formula: string, type: FieldType | 'boolean', expected: unknown];

const table = (cases: Case[]) =>
  it.each(cases)('%s → (%s) %j', (text, type, expected) => {
    expect(evaluate(text, type)).toEqual(expected);
  });

describe('literals, references and comments', () => {
  table([
    ['42', 'double', 42],
    ['3.25', 'double', 3.25],
    ['.5', 'double', 0.5],
    ["'single'", 'string', 'single'],
    ['"double"', 'string', 'double'],
    ["'it\\'s'", 'string', "it's"],
    ['"a\\"b\\\\c\\nd"', 'string', 'a"b\\c\nd'],
    ['"\\u0041"', 'string', 'A'],
    ['TRUE', 'boolean', true],
    ['false', 'boolean', false],
    ['NULL', 'double', null],
    ['Amount', 'double', 100],
    ['amount', 'double', 100],
    ['Account.Name', 'string', 'Parent Inc'],
    ['Parent__r.Code__c', 'string', 'P-1'],
    ['1 /* one */ + /* two */ 2', 'double', 3],
    ['/* leading */ Name', 'string', 'Acme Corp'],
  ]);

  it('passes dotted paths to the scope as written and lets its errors through', () => {
    expect(() => evaluate('Nope__c + 1')).toThrow('no field Nope__c');
  });
});

describe('operators and precedence', () => {
  table([
    ['1 + 2 * 3', 'double', 7],
    ['(1 + 2) * 3', 'double', 9],
    ['10 - 4 - 3', 'double', 3],
    ['12 / 2 / 3', 'double', 2],
    ['2 * 3 ^ 2', 'double', 18],
    ['2 ^ 3 ^ 2', 'double', 512],
    ['-2 ^ 2', 'double', -4],
    ['2 ^ -1', 'double', 0.5],
    ['4 ^ 0.5', 'double', 2],
    ['-Amount', 'double', -100],
    ['+Amount', 'double', 100],
    ['"a" & "b" = "ab"', 'boolean', true],
    ['"Total: " & Amount', 'string', 'Total: 100'],
    ['"a" + "b"', 'string', 'ab'],
    ['1 + 2 = 3 && 2 > 1', 'boolean', true],
    ['TRUE || FALSE && FALSE', 'boolean', true],
    ['(TRUE || FALSE) && FALSE', 'boolean', false],
    ['!FALSE', 'boolean', true],
    ['!(1 = 1)', 'boolean', false],
    ['1 == 1', 'boolean', true],
    ['1 != 2', 'boolean', true],
    ['1 <> 1', 'boolean', false],
    ['2 < 10', 'boolean', true],
    ['2 <= 2', 'boolean', true],
    ['3 > 2.5', 'boolean', true],
    ['3 >= 4', 'boolean', false],
    ['"abc" < "abd"', 'boolean', true],
    ['Name = "acme corp"', 'boolean', false],
    ['1.0 = 1', 'boolean', true],
    ['Later > Created', 'boolean', true],
    ['Created = "2024-05-01T12:00:00Z"', 'boolean', true],
  ]);
});

describe('exact decimal arithmetic', () => {
  table([
    ['0.1 + 0.2', 'currency', 0.3],
    ['0.1 + 0.2', 'double', 0.3],
    ['Price + Tax', 'double', 0.3],
    ['0.1 + 0.2 = 0.3', 'boolean', true],
    ['19.99 * 3', 'currency', 59.97],
    ['2.675', 'currency', 2.68],
    ['1.005 * 1', 'currency', 1.01],
    ['-2.675', 'currency', -2.68],
    ['1 / 3', 'currency', 0.33],
    ['2 / 3', 'currency', 0.67],
    ['1 / 3 * 3', 'double', 1],
    ['7 / 2', 'int', 4],
    ['1 / 4', 'percent', 0.25],
  ]);

  it('rounds currency results to the field scale when given', () => {
    expect(compileFormula('1 / 3', 'currency', 4)(scope())).toBe(0.3333);
    expect(compileFormula('1234.5', 'currency', 0)(scope())).toBe(1235);
    expect(compileFormula('1 / 8', 'double', 2)(scope())).toBe(0.13);
  });

  it('reports division by zero as a blank result (#Error! in Salesforce)', () => {
    expect(evaluate('Amount / 0')).toBeNull();
    expect(evaluate('MOD(5, 0)')).toBeNull();
    expect(evaluate('Amount / 0 > 1', 'boolean')).toBe(false);
  });
});

describe('blank handling (treat blanks as blanks)', () => {
  table([
    ['Blank + 1', 'double', null],
    ['Blank * 2', 'currency', null],
    ['-Blank', 'double', null],
    ['Blank > 5', 'boolean', false],
    ['Blank < 5', 'boolean', false],
    ['Blank = 5', 'boolean', false],
    ['Blank <> 5', 'boolean', false],
    ['NOT(Blank > 5)', 'boolean', false],
    ['Blank = NULL', 'boolean', true],
    ['NULL == Blank', 'boolean', true],
    ['Blank <> NULL', 'boolean', false],
    ['Amount != NULL', 'boolean', true],
    ['Empty = NULL', 'boolean', true],
    ['Empty = ""', 'boolean', true],
    ['Blank = ""', 'boolean', true],
    ['Blank = "x"', 'boolean', false],
    ['Blank & "x"', 'string', 'x'],
    ['Blank + "x"', 'string', 'x'],
    ['IF(Blank > 5, "big", "not big")', 'string', 'not big'],
    ['AND(TRUE, Blank > 1)', 'boolean', false],
    ['OR(Blank > 1, TRUE)', 'boolean', true],
    ['AND(Blank > 1, FALSE)', 'boolean', false],
    ['Blank > 1 || TRUE', 'boolean', true],
    ['Blank > 1 && FALSE', 'boolean', false],
    ['Blank', 'boolean', false],
    ['Empty', 'string', null],
    ['""', 'string', null],
    ['Blank', 'date', null],
  ]);

  it('reads blank text as "" and percents as fractions when the scope knows field types', () => {
    const types: Record<string, FieldType> = { Name: 'string', Discount: 'percent', Amount: 'currency' };
    const row = { Name: null, Discount: 15, Amount: 200 };
    const opts = { types };
    expect(evaluate('ISNULL(Name)', 'boolean', row, opts)).toBe(false);
    expect(evaluate('Name = ""', 'boolean', row, opts)).toBe(true);
    expect(evaluate('Amount * (1 - Discount)', 'currency', row, opts)).toBe(170);
    expect(evaluate('Discount * 2', 'percent', row, opts)).toBe(30);
    expect(evaluate('0.125', 'percent', row, opts)).toBe(12.5);
  });
});

describe('logical functions', () => {
  table([
    ['AND(TRUE, 1 < 2, IsActive)', 'boolean', true],
    ['and(TRUE, FALSE)', 'boolean', false],
    ['OR(FALSE, FALSE)', 'boolean', false],
    ['Or(FALSE, 1 = 1)', 'boolean', true],
    ['NOT(IsActive)', 'boolean', false],
    ['IF(Amount > 50, "high", "low")', 'string', 'high'],
    ['if(Amount > 500, 1, 2)', 'double', 2],
    ['IF(TRUE, 1, 1 / 0)', 'double', 1],
    ['CASE(Stage, "Prospecting", 1, "Closed Won", 2, 0)', 'double', 2],
    ['CASE(Stage, "Prospecting", 1, 0)', 'double', 0],
    ['CASE(Amount, 50, "half", 100, "full", "other")', 'string', 'full'],
    ['ISBLANK(Blank)', 'boolean', true],
    ['ISBLANK(Empty)', 'boolean', true],
    ['ISBLANK(Name)', 'boolean', false],
    ['ISBLANK(0)', 'boolean', false],
    ['ISNULL(Blank)', 'boolean', true],
    ['ISNULL(Amount)', 'boolean', false],
    ['BLANKVALUE(Empty, "default")', 'string', 'default'],
    ['BLANKVALUE(Name, "default")', 'string', 'Acme Corp'],
    ['NULLVALUE(Blank, 7)', 'double', 7],
    ['NULLVALUE(Amount, 7)', 'double', 100],
    ['ISPICKVAL(Stage, "Closed Won")', 'boolean', true],
    ['ISPICKVAL(Stage, "closed won")', 'boolean', false],
    ['ISPICKVAL(Blank, "")', 'boolean', true],
    ['INCLUDES(Tags, "Green")', 'boolean', true],
    ['INCLUDES(Tags, "Gre")', 'boolean', false],
    ['INCLUDES(Blank, "Red")', 'boolean', false],
  ]);
});

describe('text functions', () => {
  table([
    ['LEN(Name)', 'double', 9],
    ['LEN(Blank)', 'double', 0],
    ['TEXT(Amount)', 'string', '100'],
    ['TEXT(1.50)', 'string', '1.5'],
    ['TEXT(-0.25)', 'string', '-0.25'],
    ['TEXT(Stage)', 'string', 'Closed Won'],
    ['TEXT(CloseDate)', 'string', '2024-05-15'],
    ['TEXT(Created)', 'string', '2024-05-01 12:00:00Z'],
    ['TEXT(Blank)', 'string', null],
    ['VALUE("12.50") + 1', 'currency', 13.5],
    ['VALUE(" -3 ")', 'double', -3],
    ['VALUE("abc")', 'double', null],
    ['VALUE(Empty)', 'double', null],
    ['UPPER(Name)', 'string', 'ACME CORP'],
    ['LOWER(Name)', 'string', 'acme corp'],
    ['BEGINS(Name, "Acme")', 'boolean', true],
    ['BEGINS(Name, "acme")', 'boolean', false],
    ['CONTAINS(Name, "me C")', 'boolean', true],
    ['CONTAINS(Name, "corp")', 'boolean', false],
    ['LEFT(Name, 4)', 'string', 'Acme'],
    ['LEFT(Name, 0)', 'string', null],
    ['RIGHT(Name, 4)', 'string', 'Corp'],
    ['RIGHT(Name, 40)', 'string', 'Acme Corp'],
    ['MID(Name, 3, 4)', 'string', 'me C'],
    ['MID(Name, 0, 2)', 'string', 'Ac'],
    ['TRIM("  padded  ")', 'string', 'padded'],
    ['SUBSTITUTE(Name, " ", "_")', 'string', 'Acme_Corp'],
    ['SUBSTITUTE("a.b.c", ".", "")', 'string', 'abc'],
    ['REGEX("BA-000123", "BA-[0-9]{6}")', 'boolean', true],
    ['REGEX("xBA-000123", "BA-[0-9]{6}")', 'boolean', false],
    ['REGEX("BA-0001234", "BA-[0-9]{6}")', 'boolean', false],
    ['REGEX("a|b", "a|b")', 'boolean', false],
    ['REGEX("b", "a|b")', 'boolean', true],
  ]);
});

describe('date and time', () => {
  table([
    ['TODAY()', 'date', '2024-05-01'],
    ['NOW()', 'datetime', '2024-05-01T02:00:00.000+0000'],
    ['DATE(2024, 2, 28) + 1', 'date', '2024-02-29'],
    ['DATE(2023, 12, 31) + 1', 'date', '2024-01-01'],
    ['1 + DATE(2023, 12, 31)', 'date', '2024-01-01'],
    ['DATE(2024, 3, 1) - 1', 'date', '2024-02-29'],
    ['DATE(2024, 3, 1) - DATE(2024, 2, 1)', 'double', 29],
    ['CloseDate - TODAY()', 'double', 14],
    ['CloseDate > TODAY()', 'boolean', true],
    ['CloseDate = DATE(2024, 5, 15)', 'boolean', true],
    ['CloseDate + 30', 'date', '2024-06-14'],
    ['Created + 0.5', 'datetime', '2024-05-02T00:00:00.000+0000'],
    ['Created - 1', 'datetime', '2024-04-30T12:00:00.000+0000'],
    ['Later - Created', 'double', 1.5],
    ['DATE(2023, 2, 29)', 'date', null],
    ['DATE(2024, 13, 1)', 'date', null],
    ['DATEVALUE("2024-05-01")', 'date', '2024-05-01'],
    ['DATEVALUE("2024-05-01 23:59:59")', 'date', '2024-05-01'],
    ['DATEVALUE(Created)', 'date', '2024-05-01'],
    ['DATEVALUE("not a date")', 'date', null],
    ['Created', 'date', '2024-05-01'],
    ['CloseDate', 'datetime', '2024-05-15T00:00:00.000+0000'],
    ['YEAR(CloseDate)', 'double', 2024],
    ['MONTH(CloseDate)', 'double', 5],
    ['DAY(CloseDate)', 'double', 15],
    ['DAY(Created)', 'double', 1],
    ['YEAR(Blank)', 'double', null],
    ['ADDMONTHS(DATE(2024, 1, 15), 1)', 'date', '2024-02-15'],
    ['ADDMONTHS(DATE(2024, 1, 31), 1)', 'date', '2024-02-29'],
    ['ADDMONTHS(DATE(2023, 1, 30), 1)', 'date', '2023-02-28'],
    ['ADDMONTHS(DATE(2024, 2, 29), 1)', 'date', '2024-03-31'],
    ['ADDMONTHS(DATE(2024, 4, 30), 1)', 'date', '2024-05-31'],
    ['ADDMONTHS(DATE(2024, 1, 15), -2)', 'date', '2023-11-15'],
    ['ADDMONTHS(DATE(2024, 1, 15), 12)', 'date', '2025-01-15'],
    ['ADDMONTHS(Created, 1)', 'datetime', '2024-06-01T12:00:00.000+0000'],
  ]);

  it('takes TODAY() in the org time zone at the org clock', () => {
    const la = scope(ROW, { timeZone: 'America/Los_Angeles' });
    expect(compileFormula('TODAY()', 'date')(la)).toBe('2024-04-30');
    expect(compileFormula('CloseDate - TODAY()', 'double')(la)).toBe(15);
    const tokyo = scope(ROW, { timeZone: 'Asia/Tokyo', now: Date.UTC(2024, 3, 30, 16, 0) });
    expect(compileFormula('TODAY()', 'date')(tokyo)).toBe('2024-05-01');
    expect(compileFormula('NOW()', 'datetime')(tokyo)).toBe('2024-04-30T16:00:00.000+0000');
  });
});

describe('math functions', () => {
  table([
    ['ROUND(2.345, 2)', 'double', 2.35],
    ['ROUND(2.5, 0)', 'double', 3],
    ['ROUND(-2.5, 0)', 'double', -3],
    ['ROUND(1234.5678, -2)', 'double', 1200],
    ['ROUND(Blank, 2)', 'double', null],
    ['ABS(-3.5)', 'double', 3.5],
    ['MAX(1, 7, 3)', 'double', 7],
    ['MIN(4, -2, 3)', 'double', -2],
    ['MAX(1, Blank)', 'double', null],
    ['FLOOR(1.5)', 'double', 1],
    ['FLOOR(-1.5)', 'double', -2],
    ['CEILING(1.2)', 'double', 2],
    ['CEILING(-1.2)', 'double', -1],
    ['MOD(7, 3)', 'double', 1],
    ['MOD(-7, 3)', 'double', -1],
    ['MOD(5.5, 2)', 'double', 1.5],
  ]);
});

describe('save-time functions', () => {
  const before = { Amount: 100, Stage: 'Prospecting', Name: 'Acme Corp', Blank: null, Empty: null };
  const after = { Amount: 150, Stage: 'Prospecting', Name: 'Acme Corp', Blank: null, Empty: '' };

  it.each([
    ['ISCHANGED(Amount)', true],
    ['ISCHANGED(amount)', true],
    ['ISCHANGED(Stage)', false],
    ['ISCHANGED(Empty)', false],
    ['ISNEW()', false],
    ['PRIORVALUE(Amount) < Amount', true],
    ['PRIORVALUE(Amount) = 100', true],
    ['ISPICKVAL(PRIORVALUE(Stage), "Prospecting")', true],
  ])('on update: %s → %s', (text, expected) => {
    expect(compileFormula(text, 'boolean')(scope(after, { prior: before }))).toBe(expected);
  });

  it.each([
    ['ISCHANGED(Amount)', false],
    ['ISNEW()', true],
    // Salesforce returns the new value from PRIORVALUE on insert, not null.
    ['PRIORVALUE(Amount) = 150', true],
  ])('on insert: %s → %s', (text, expected) => {
    expect(compileFormula(text, 'boolean')(scope(after))).toBe(expected);
  });
});

describe('errors', () => {
  it.each([
    ['', /empty/],
    ['1 +', /Syntax error.*end of formula/],
    ['IF(TRUE, 1, 2', /expected '\)' to close IF\(/],
    ['(1 + 2', /expected '\)'/],
    ['1 2', /unexpected '2' at position 2/],
    ["'abc", /string starting at position 0 is not closed/],
    ['"\\q"', /invalid escape sequence/],
    ['1 /* open', /comment opened at position 2 is not closed/],
    ['1 # 2', /unexpected character '#'/],
    ['FOO(1)', /Unknown function FOO/],
    ['IF(TRUE, 1)', /Incorrect number of parameters for function 'IF\(\)'. Expected 3, received 2/],
    ['TODAY(1)', /Expected 0, received 1/],
    ['AND()', /Expected at least 1, received 0/],
    ['CASE(Stage, "a", 1, "b", 2)', /even number of arguments/],
    ['CASE(Stage, "a")', /Expected at least 4, received 2/],
    ['REGEX(Name, "[")', /invalid regular expression/],
    ['ISCHANGED(Amount + 1)', /ISCHANGED expects a field/],
    ['Account.Name(1)', /unexpected '\('/],
  ])('%j throws FormulaError %s', (text, message) => {
    const attempt = () => compileFormula(text, 'boolean');
    expect(attempt).toThrow(FormulaError);
    expect(attempt).toThrow(message);
  });

  it.each([
    ['"a" * 2', 'double', /'\*' expects a number, got text "a"/],
    ['IF(Amount, 1, 2)', 'double', /IF expects a boolean, got number 100/],
    ['Amount', 'boolean', /expected a boolean/],
    ['Name', 'currency', /expected a number/],
    ['Amount < "x"', 'boolean', /Cannot compare/],
    ['CloseDate + CloseDate', 'date', /Cannot add/],
  ])('%j as %s throws a type error when evaluated', (text, type, message) => {
    expect(() => evaluate(text, type as FieldType)).toThrow(message);
  });
});

describe('compilation', () => {
  it('caches compiled formulas by text and type', () => {
    expect(compileFormula('Amount * 2', 'currency')).toBe(compileFormula('Amount * 2', 'currency'));
    expect(compileFormula('Amount * 2', 'currency')).not.toBe(compileFormula('Amount * 2', 'double'));
  });

  it('lists referenced field paths once, in first-use order', () => {
    expect(
      formulaReferences('IF(ISBLANK(Amount), Account.Name, TEXT(amount) & Name) /* Ignored__c */ & "Quoted__c"'),
    ).toEqual(['Amount', 'Account.Name', 'Name']);
    expect(formulaReferences('TODAY() + 1')).toEqual([]);
    expect(() => formulaReferences('1 +')).toThrow(FormulaError);
  });
});

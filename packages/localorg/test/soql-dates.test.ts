import { beforeEach, describe, expect, it } from 'vitest';
import type { SfError } from '../src/errors.ts';
import { Org } from '../src/org.ts';
import { executeSoql } from '../src/soql/index.ts';
import type { SfRecord } from '../src/store/record-store.ts';

/** Sunday 2026-03-15, 10:00 UTC (06:00 in New York, a week after US daylight saving began). */
const NOW = Date.parse('2026-03-15T10:00:00Z');

const CREATED: Record<string, string | null> = {
  utcMidnight: '2026-03-15T00:00:00.000+0000',
  nyLateYesterday: '2026-03-15T03:59:59.000+0000',
  nyMidnight: '2026-03-15T04:00:00.000+0000',
  yesterday: '2026-03-14T23:00:00.000+0000',
  tomorrow: '2026-03-16T00:00:00.000+0000',
  newYear: '2026-01-01T00:00:00.000+0000',
  lastYear: '2025-12-31T23:59:59.999+0000',
  lastWeek: '2026-03-08T12:00:00.000+0000',
  beforeDst: '2026-03-08T04:30:00.000+0000',
  never: null,
};

const CLOSE: Record<string, string> = {
  today: '2026-03-15',
  yesterday: '2026-03-14',
  twoAgo: '2026-03-13',
  tomorrow: '2026-03-16',
  lastYear: '2025-12-31',
  nextMonth: '2026-04-02',
};

let org: Org;

beforeEach(() => {
  org = new Org();
  org.clock.set(NOW);
  org.transaction((tx) => {
    for (const [name, created] of Object.entries(CREATED)) {
      tx.put('Account', { Id: org.nextId('001'), Name: name, CreatedDate: created } as SfRecord);
    }
    for (const [name, close] of Object.entries(CLOSE)) {
      tx.put('Opportunity', {
        Id: org.nextId('006'),
        Name: name,
        StageName: 'Prospecting',
        CloseDate: close,
      } as SfRecord);
    }
  });
});

function names(soql: string): string[] {
  const r = executeSoql(org, soql, { includeDeleted: false, apiVersion: '62.0' });
  if (r.kind !== 'records') throw new Error('records expected');
  return r.rows.map((row) => row.Name as string).sort();
}

const accounts = (where: string) => names(`SELECT Name FROM Account WHERE ${where}`);
const opps = (where: string) => names(`SELECT Name FROM Opportunity WHERE ${where}`);

describe('date literals on a datetime field (UTC)', () => {
  it.each([
    ['CreatedDate = TODAY', ['nyLateYesterday', 'nyMidnight', 'utcMidnight']],
    ['CreatedDate = YESTERDAY', ['yesterday']],
    ['CreatedDate = TOMORROW', ['tomorrow']],
    ['CreatedDate > TODAY', ['tomorrow']],
    ['CreatedDate >= TODAY', ['nyLateYesterday', 'nyMidnight', 'tomorrow', 'utcMidnight']],
    ['CreatedDate < TODAY', ['beforeDst', 'lastWeek', 'lastYear', 'newYear', 'yesterday']],
    [
      'CreatedDate <= TODAY',
      ['beforeDst', 'lastWeek', 'lastYear', 'newYear', 'nyLateYesterday', 'nyMidnight', 'utcMidnight', 'yesterday'],
    ],
    ['CreatedDate != TODAY', ['beforeDst', 'lastWeek', 'lastYear', 'never', 'newYear', 'tomorrow', 'yesterday']],
    ['CreatedDate = THIS_WEEK', ['nyLateYesterday', 'nyMidnight', 'tomorrow', 'utcMidnight']],
    ['CreatedDate = LAST_WEEK', ['beforeDst', 'lastWeek', 'yesterday']],
    ['CreatedDate = LAST_N_DAYS:1', ['nyLateYesterday', 'nyMidnight', 'utcMidnight', 'yesterday']],
    ['CreatedDate = NEXT_N_DAYS:1', ['tomorrow']],
    ['CreatedDate = N_DAYS_AGO:7', ['beforeDst', 'lastWeek']],
    ['CreatedDate = LAST_YEAR', ['lastYear']],
    ['CreatedDate = LAST_QUARTER', ['lastYear']],
    ['CreatedDate = LAST_N_MONTHS:3', ['lastYear', 'newYear']],
    ['CreatedDate = N_MONTHS_AGO:2', ['newYear']],
    [
      'CreatedDate = THIS_FISCAL_YEAR',
      ['beforeDst', 'lastWeek', 'newYear', 'nyLateYesterday', 'nyMidnight', 'tomorrow', 'utcMidnight', 'yesterday'],
    ],
    ['CreatedDate IN (YESTERDAY, TOMORROW)', ['tomorrow', 'yesterday']],
  ])('%s', (where, expected) => {
    expect(accounts(where)).toEqual(expected);
  });
});

describe('datetime values', () => {
  it.each([
    ['CreatedDate = 2026-03-15T00:00:00Z', ['utcMidnight']],
    ['CreatedDate = 2026-03-15T00:00:00.000+0000', ['utcMidnight']],
    ['CreatedDate = 2026-03-15T06:00:00+02:00', ['nyMidnight']],
    ['CreatedDate = 2026-03-14T23:00:00-05:00', ['nyMidnight']],
    ['CreatedDate = 2025-12-31T23:59:59.999Z', ['lastYear']],
    ['CreatedDate > 2026-03-15T03:59:59.000+0000', ['nyMidnight', 'tomorrow']],
    ['CreatedDate < 2026-01-01T00:00:00Z', ['lastYear']],
    ['CreatedDate = null', ['never']],
  ])('%s', (where, expected) => {
    expect(accounts(where)).toEqual(expected);
  });
});

describe('date literals in a non-UTC time zone', () => {
  beforeEach(() => org.updateSettings({ timeZone: 'America/New_York' }));

  it.each([
    ['CreatedDate = TODAY', ['nyMidnight', 'tomorrow']],
    ['CreatedDate = YESTERDAY', ['nyLateYesterday', 'utcMidnight', 'yesterday']],
    // Local midnight on 8 March was still EST (05:00Z); 04:30Z that day belongs to the week before.
    ['CreatedDate = LAST_WEEK', ['lastWeek', 'nyLateYesterday', 'utcMidnight', 'yesterday']],
    ['CreatedDate = LAST_YEAR', ['lastYear', 'newYear']],
  ])('%s', (where, expected) => {
    expect(accounts(where)).toEqual(expected);
  });

  it('resolves TODAY on a date field to the local date', () => {
    expect(opps('CloseDate = TODAY')).toEqual(['today']);
    org.clock.set(Date.parse('2026-03-15T02:00:00Z'));
    expect(opps('CloseDate = TODAY')).toEqual(['yesterday']);
    expect(accounts('CreatedDate = TODAY')).toEqual(['nyLateYesterday', 'utcMidnight', 'yesterday']);
  });
});

describe('date literals and values on a date field', () => {
  it.each([
    ['CloseDate = TODAY', ['today']],
    ['CloseDate = 2026-03-15', ['today']],
    ['CloseDate > TODAY', ['nextMonth', 'tomorrow']],
    ['CloseDate <= YESTERDAY', ['lastYear', 'twoAgo', 'yesterday']],
    ['CloseDate = LAST_N_DAYS:2', ['today', 'twoAgo', 'yesterday']],
    ['CloseDate = NEXT_N_DAYS:0', []],
    ['CloseDate = NEXT_MONTH', ['nextMonth']],
    ['CloseDate = NEXT_N_WEEKS:1', []],
    ['CloseDate = THIS_WEEK', ['today', 'tomorrow']],
    ['CloseDate < 2026-01-01', ['lastYear']],
    ['CloseDate IN (2026-03-14, TOMORROW)', ['tomorrow', 'yesterday']],
  ])('%s', (where, expected) => {
    expect(opps(where)).toEqual(expected);
  });
});

describe('mismatched date values are errors, as in Salesforce', () => {
  it.each([
    ['SELECT Id FROM Account WHERE CreatedDate > 2026-01-01', 'dateTime'],
    ['SELECT Id FROM Opportunity WHERE CloseDate > 2026-01-01T00:00:00Z', 'date'],
    ["SELECT Id FROM Opportunity WHERE CloseDate = '2026-01-01'", 'date'],
  ])('%s', (soql, type) => {
    let error: SfError | undefined;
    try {
      executeSoql(org, soql, { includeDeleted: false, apiVersion: '62.0' });
    } catch (e) {
      error = e as SfError;
    }
    expect(error?.errorCode).toBe('INVALID_FIELD');
    expect(error?.message).toMatch(
      new RegExp(
        `ERROR at Row:1:Column:\\d+\\nvalue of filter criterion for field '\\w+' must be of type ${type} and should not be enclosed in quotes$`,
      ),
    );
  });
});

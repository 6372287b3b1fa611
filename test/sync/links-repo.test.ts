import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLinksBySalesforceId, saveLink } from '../../src/sync/links/links.repo.ts';
import { type TestDb, testDb } from '../db.ts';

describe('links', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(() => t.close());

  it('finds the links of 70,000 Salesforce ids in one statement (past PostgreSQL’s 65,535-parameter limit)', async () => {
    const at = new Date('2026-01-15T00:00:00Z');
    await t.db.insertInto('accounts').values({ account_number: 'L-1', name: 'Linked', currency: 'USD' }).execute();
    const account = await t.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
    await saveLink(t.db, {
      object: 'account',
      salesforceId: '001000000000042AAA',
      billingId: account.id,
      hash: 'h',
      mappingVersion: 1,
      at,
    });
    const ids = Array.from({ length: 70_000 }, (_, i) => `001${String(i).padStart(12, '0')}AAA`);
    const found = await findLinksBySalesforceId(t.db, 'account', ids);
    expect([...found.keys()]).toEqual(['001000000000042AAA']);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestOrg } from './helpers.ts';

interface SubResult {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

describe('composite and composite/tree through jsforce', () => {
  const t = useTestOrg({ resetEach: true });

  const v = '/services/data/v62.0';
  const accountCount = async () => (await t.conn.query('SELECT COUNT() FROM Account')).totalSize;

  it('chains subrequests with @{ref} and counts as one API call', async () => {
    const before = t.calls();
    const res = (await t.conn.requestPost('/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Parent Co' } },
        {
          method: 'POST',
          url: `${v}/sobjects/Account`,
          referenceId: 'child',
          body: { Name: 'Child Co', ParentId: '@{acct.id}' },
        },
        {
          method: 'GET',
          url: `${v}/query?q=SELECT+Id,Parent.Name+FROM+Account+WHERE+Id='@{child.id}'`,
          referenceId: 'q',
        },
      ],
    })) as { compositeResponse: SubResult[] };
    expect(t.calls() - before).toBe(1);
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201, 200]);
    const query = res.compositeResponse[2].body as { records: Array<{ Parent: { Name: string } }> };
    expect(query.records[0].Parent.Name).toBe('Parent Co');
  });

  it('allOrNone: a failure rolls back earlier subrequests and halts later ones', async () => {
    const res = (await t.conn.requestPost('/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'ok1', body: { Name: 'Kept?' } },
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'bad', body: { Phone: '1' } },
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'ok2', body: { Name: 'Never' } },
      ],
    })) as { compositeResponse: SubResult[] };
    const [first, failed, last] = res.compositeResponse;
    expect(failed.httpStatusCode).toBe(400);
    expect((failed.body as Array<{ errorCode: string }>)[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    for (const r of [first, last]) {
      expect(r.httpStatusCode).toBe(400);
      expect((r.body as Array<{ errorCode: string }>)[0].errorCode).toBe('PROCESSING_HALTED');
    }
    expect(await accountCount()).toBe(0);
  });

  it('without allOrNone, successes stay and a reference to a failed subrequest is halted', async () => {
    const res = (await t.conn.requestPost('/composite', {
      allOrNone: false,
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'good', body: { Name: 'Stays' } },
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'bad', body: {} },
        { method: 'PATCH', url: `${v}/sobjects/Account/@{bad.id}`, referenceId: 'dependent', body: { Name: 'x' } },
      ],
    })) as { compositeResponse: SubResult[] };
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 400, 400]);
    expect((res.compositeResponse[2].body as Array<{ errorCode: string }>)[0].errorCode).toBe('PROCESSING_HALTED');
    expect(await accountCount()).toBe(1);
  });

  it('composite/tree inserts parents with children, all or nothing', async () => {
    const ok = (await t.conn.requestPost('/composite/tree/Account', {
      records: [
        {
          attributes: { type: 'Account', referenceId: 'a1' },
          Name: 'Tree Co',
          Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'c1' }, LastName: 'Leaf' }] },
        },
      ],
    })) as { hasErrors: boolean; results: Array<{ referenceId: string; id: string }> };
    expect(ok.hasErrors).toBe(false);
    expect(ok.results.map((r) => r.referenceId)).toEqual(['a1', 'c1']);
    const contact = (await t.conn.sobject('Contact').retrieve(ok.results[1].id)) as { AccountId: string };
    expect(contact.AccountId).toBe(ok.results[0].id);

    const res = await t.http(
      'POST',
      `${v}/composite/tree/Account`,
      {
        records: [
          {
            attributes: { type: 'Account', referenceId: 'a2' },
            Name: 'Half Co',
            Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'c2' }, FirstName: 'No last name' }] },
          },
        ],
      },
      { Authorization: `Bearer ${t.conn.accessToken}` },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      hasErrors: true,
      results: [
        {
          referenceId: 'c2',
          errors: [
            {
              statusCode: 'REQUIRED_FIELD_MISSING',
              message: 'Required fields are missing: [LastName]',
              fields: ['LastName'],
            },
          ],
        },
      ],
    });
    expect(await accountCount()).toBe(1);
  });
});

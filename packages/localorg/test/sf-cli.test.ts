import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import type { ColumnMetadata, QueryColumns } from '../src/soql/index.ts';
import { API_VERSION, failure, useTestOrg } from './helpers.ts';

/**
 * The requests the Salesforce CLI (`sf`, through @salesforce/core and jsforce) sends, replayed with
 * jsforce and fetch: the CLI itself needs a newer Node and is not run here.
 */
describe('sf CLI request shapes', () => {
  const t = useTestOrg({ resetEach: true });
  const bearer = () => ({ Authorization: `Bearer ${t.conn.accessToken}` });

  /** A connection whose instance URL ends in '/', as sf may store it: jsforce then sends `//services/…`. */
  const slashConnection = () =>
    new Connection({ instanceUrl: `${t.url}/`, accessToken: t.conn.accessToken!, version: API_VERSION });

  it('serves //services/… as /services/…', async () => {
    await t.conn.sobject('Account').create({ Name: 'Slashed' });
    const versions = await t.http('GET', '//services/data');
    expect(versions.status).toBe(200);
    expect((await versions.json()) as unknown[]).toContainEqual(expect.objectContaining({ version: API_VERSION }));
    const query = await t.http(
      'GET',
      `//services/data/v${API_VERSION}/query?q=SELECT+Name+FROM+Account`,
      undefined,
      bearer(),
    );
    expect(query.status).toBe(200);
    expect(await query.json()).toMatchObject({ totalSize: 1, records: [{ Name: 'Slashed' }] });
    const userinfo = await t.http('GET', '//services/oauth2/userinfo', undefined, bearer());
    expect(userinfo.status).toBe(200);

    const conn = slashConnection();
    const before = t.calls();
    const result = await conn.query<{ Name: string }>('SELECT Name FROM Account');
    expect(result.records.map((r) => r.Name)).toEqual(['Slashed']);
    expect(t.app.log.since(before).map((e) => e.path)).toEqual([
      `/services/data/v${API_VERSION}/query?q=SELECT%20Name%20FROM%20Account`,
    ]);
  });

  it('sf org login access-token: userinfo, the user record, the Dev Hub probe and the Organization query', async () => {
    // @salesforce/core AuthInfo: `${new SfdcUrl(instanceUrl)}services/…` (the URL ends in '/'), API v51.0.
    const base = `${t.url}/`;
    const userinfo = await fetch(`${base}services/oauth2/userinfo`, { headers: bearer() });
    expect(userinfo.status).toBe(200);
    const info = (await userinfo.json()) as { user_id: string; organization_id: string };
    expect(info.organization_id).toBe(t.app.org.orgId);
    const user = await fetch(`${base}services/data/v51.0/sobjects/User/${info.user_id}`, { headers: bearer() });
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({ Username: t.app.credentials.username });
    // Not a Dev Hub: any status >= 400 tells sf so.
    const devHub = await fetch(`${base}services/data/v51.0/query?q=SELECT%20Id%20FROM%20ScratchOrgInfo%20limit%201`, {
      headers: bearer(),
    });
    expect(devHub.status).toBe(400);
    const versions = (await (await fetch(`${t.url}/services/data`)).json()) as Array<{ version: string }>;
    expect(versions.at(-1)!.version).toBe('66.0');
  });

  it('answers the Organization query sf runs after every login, and the user and profile lookups', async () => {
    const org = await t.conn.query(
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
    );
    expect(org.records).toEqual([
      {
        attributes: {
          type: 'Organization',
          url: `/services/data/v${API_VERSION}/sobjects/Organization/${t.app.org.orgId}`,
        },
        Name: 'localorg',
        InstanceName: 'LOCAL',
        IsSandbox: false,
        TrialExpirationDate: null,
        NamespacePrefix: null,
        OrganizationType: 'Developer Edition',
      },
    ]);
    const [locale] = (
      await t.conn.query('SELECT Id, DefaultLocaleSidKey, TimeZoneSidKey, LanguageLocaleKey FROM Organization')
    ).records;
    expect(locale).toMatchObject({
      Id: t.app.org.orgId,
      DefaultLocaleSidKey: 'en_US',
      TimeZoneSidKey: 'GMT',
      LanguageLocaleKey: 'en_US',
    });
    await t.http('PATCH', '/__localorg/settings', { timeZone: 'Europe/Berlin' });
    const [moved] = (await t.conn.query('SELECT TimeZoneSidKey FROM Organization')).records;
    expect(moved).toMatchObject({ TimeZoneSidKey: 'Europe/Berlin' });

    // @salesforce/core's user lookup (sf org display user, sf org create user) and profile lookup.
    const username = t.app.credentials.username;
    const [user] = (
      await t.conn.query(
        `SELECT Id, Username, LastName, Alias, TimeZoneSidKey, LocaleSidKey, EmailEncodingKey, ProfileId, LanguageLocaleKey, Email, Profile.Name FROM User WHERE Username='${username}'`,
      )
    ).records;
    for (const key of ['TimeZoneSidKey', 'LocaleSidKey', 'EmailEncodingKey', 'LanguageLocaleKey', 'ProfileId']) {
      expect(typeof (user as Record<string, unknown>)[key]).toBe('string');
    }
    expect(user).toMatchObject({ Profile: { Name: 'System Administrator' } });
    const admin = await t.conn.query<{ Id: string }>("SELECT Id FROM Profile WHERE name='System Administrator'");
    expect(admin.records.map((r) => r.Id)).toEqual([(user as { ProfileId: string }).ProfileId]);
    const profiles = await t.conn.query<{ Name: string }>('SELECT Name FROM Profile ORDER BY Name');
    expect(profiles.records.map((r) => r.Name)).toEqual([
      'Minimum Access - Salesforce',
      'Read Only',
      'Standard User',
      'System Administrator',
    ]);
    expect(admin.records[0].Id).toMatch(/^00e/);
  });

  it('Organization and Profile are read-only: describe says so and writes are refused', async () => {
    const global = await t.conn.describeGlobal();
    for (const name of ['Organization', 'Profile']) {
      expect(global.sobjects.find((s) => s.name === name)).toMatchObject({
        queryable: true,
        createable: false,
        updateable: false,
        deletable: false,
      });
    }
    expect((await failure(t.conn.sobject('Profile').create({ Name: 'Mine' }))).errorCode).toBe('INVALID_TYPE');
    const err = await failure(t.conn.sobject('Organization').update({ Id: t.app.org.orgId, Name: 'Renamed' }));
    expect(err.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect((await failure(t.conn.sobject('Organization').destroy(t.app.org.orgId))).errorCode).toBe('INVALID_TYPE');
  });

  /** What `sf data query` requests after the records: `${conn._baseUrl()}/query?q=…&columns=true`. */
  const columnsOf = async (soql: string) => {
    const conn = slashConnection();
    const url = `${conn._baseUrl()}/query?q=${encodeURIComponent(soql)}&columns=true`;
    expect(url).toContain('//services/');
    return conn.request<QueryColumns>(url);
  };

  /** The column names sf's `retrieveColumns` derives from the metadata (plugin-data's algorithm). */
  const sfFieldNames = (columns: ColumnMetadata[]): unknown[] =>
    columns.flatMap((c): unknown[] => {
      if (c.joinColumns.length > 0) {
        if (c.aggregate) return [{ subquery: c.columnName, fields: sfFieldNames(c.joinColumns) }];
        const paths = (col: ColumnMetadata): string[] =>
          col.joinColumns.length
            ? col.joinColumns.flatMap((j) => paths(j).map((p) => `${col.columnName}.${p}`))
            : [col.columnName];
        return paths(c);
      }
      if (c.aggregate) return [{ fn: c.displayName, alias: /^expr\d+$/.test(c.columnName) ? undefined : c.columnName }];
      return [c.columnName];
    });

  it('columns=true answers the column metadata of a record query, not its records', async () => {
    const meta = await columnsOf(
      'SELECT id, Name, Owner.Name, Owner.Email, Parent.Owner.Alias, (SELECT LastName, Email FROM Contacts), AnnualRevenue, IsDeleted FROM Account',
    );
    expect(Object.keys(meta)).toEqual(['columnMetadata', 'entityName', 'groupBy', 'idSelected', 'keyPrefix']);
    expect(meta).toMatchObject({ entityName: 'Account', groupBy: false, idSelected: true, keyPrefix: '001' });
    expect(Object.keys(meta.columnMetadata[0])).toEqual([
      'aggregate',
      'apexType',
      'booleanType',
      'columnName',
      'custom',
      'displayName',
      'foreignKeyName',
      'insertable',
      'joinColumns',
      'numberType',
      'textType',
      'updatable',
    ]);
    expect(meta.columnMetadata[0]).toMatchObject({
      aggregate: false,
      apexType: 'Id',
      columnName: 'Id',
      insertable: false,
      updatable: false,
      textType: false,
    });
    expect(meta.columnMetadata[1]).toMatchObject({
      apexType: 'String',
      columnName: 'Name',
      textType: true,
      insertable: true,
      updatable: true,
      foreignKeyName: null,
    });
    expect(meta.columnMetadata.find((c) => c.columnName === 'AnnualRevenue')).toMatchObject({
      apexType: 'Decimal',
      numberType: true,
    });
    expect(meta.columnMetadata.find((c) => c.columnName === 'IsDeleted')).toMatchObject({
      apexType: 'Boolean',
      booleanType: true,
    });
    expect(sfFieldNames(meta.columnMetadata)).toEqual([
      'Id',
      'Name',
      'Owner.Name',
      'Owner.Email',
      'Parent.Owner.Alias',
      { subquery: 'Contacts', fields: ['LastName', 'Email'] },
      'AnnualRevenue',
      'IsDeleted',
    ]);
  });

  it('columns=true on an aggregate query marks groupBy and names aggregates by alias or exprN', async () => {
    const meta = await columnsOf('SELECT Industry, COUNT(Id) n, SUM(AnnualRevenue) FROM Account GROUP BY Industry');
    expect(meta).toMatchObject({ entityName: 'Account', groupBy: true, idSelected: false });
    expect(meta.columnMetadata.map((c) => [c.columnName, c.displayName, c.aggregate, c.apexType])).toEqual([
      ['Industry', 'Industry', false, 'String'],
      ['n', 'COUNT(Id)', true, 'Integer'],
      ['expr0', 'SUM(AnnualRevenue)', true, 'Double'],
    ]);
    expect(sfFieldNames(meta.columnMetadata)).toEqual([
      'Industry',
      { fn: 'COUNT(Id)', alias: 'n' },
      { fn: 'SUM(AnnualRevenue)', alias: undefined },
    ]);
  });

  it('columns=true fails a bad query the way the query itself fails', async () => {
    const err = await failure(columnsOf('SELECT Nope FROM Account'));
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect((await failure(columnsOf('SELECT Id FROM Nope__c'))).errorCode).toBe('INVALID_TYPE');
  });
});

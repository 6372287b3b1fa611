import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { demoCounts } from '../src/seed/demo.ts';
import { API_VERSION, failure, startTestOrg, useTestOrg } from './helpers.ts';

const XML = { 'Content-Type': 'text/xml', SOAPAction: '""' };
const envelope = (sessionId: string, operation = 'getUserInfo') =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  `<soapenv:Header xmlns="urn:partner.soap.sforce.com"><SessionHeader><sessionId>${sessionId}</sessionId></SessionHeader></soapenv:Header>` +
  `<soapenv:Body xmlns="urn:partner.soap.sforce.com"><${operation}></${operation}></soapenv:Body></soapenv:Envelope>`;

const NO_COLUMN = (field: string, object: string) =>
  `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;

describe('a single-currency org', () => {
  const t = useTestOrg({ seed: 'demo', singleCurrency: true, currency: 'EUR' });

  it('no object has CurrencyIsoCode, and there is no CurrencyType', async () => {
    for (const object of [
      'Account',
      'Contact',
      'Opportunity',
      'OpportunityLineItem',
      'PricebookEntry',
      'Product2',
      'User',
    ]) {
      const described = await t.conn.describe(object);
      expect(
        described.fields.map((f) => f.name),
        object,
      ).not.toContain('CurrencyIsoCode');
    }
    const global = await t.conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).not.toContain('CurrencyType');
    const err = await failure(t.conn.query('SELECT IsoCode FROM CurrencyType'));
    expect(err.errorCode).toBe('INVALID_TYPE');
  });

  it('selecting CurrencyIsoCode is INVALID_FIELD, with the caret and message Salesforce prints', async () => {
    const err = await failure(t.conn.query('SELECT Id, CurrencyIsoCode FROM Account'));
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toBe(
      `\nSELECT Id, CurrencyIsoCode FROM Account\n           ^\nERROR at Row:1:Column:12\n${NO_COLUMN('CurrencyIsoCode', 'Account')}`,
    );
  });

  it('writing CurrencyIsoCode is INVALID_FIELD, on create and on update', async () => {
    const created = await failure(t.conn.sobject('Account').create({ Name: 'Euro GmbH', CurrencyIsoCode: 'EUR' }));
    expect(created.errorCode).toBe('INVALID_FIELD');
    expect(created.message).toBe("No such column 'CurrencyIsoCode' on sobject of type Account");
    const { records } = await t.conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1');
    const updated = await failure(t.conn.sobject('Account').update({ Id: records[0].Id, CurrencyIsoCode: 'EUR' }));
    expect(updated.errorCode).toBe('INVALID_FIELD');
  });

  it('Organization has no currency field, in this kind of org as in the other', async () => {
    const err = await failure(t.conn.query('SELECT DefaultCurrencyIsoCode FROM Organization'));
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toContain(NO_COLUMN('DefaultCurrencyIsoCode', 'Organization'));
  });

  it("getUserInfo (partner SOAP API) reports the org's currency, and counts as an API request", async () => {
    const before = t.app.apiUsage().used;
    const info = await t.conn.soap.getUserInfo();
    expect(info).toMatchObject({
      organizationMultiCurrency: false,
      orgDefaultCurrencyIsoCode: 'EUR',
      currencySymbol: '€',
      orgDefaultCurrencyLocale: 'de_DE',
      userDefaultCurrencyIsoCode: null,
      organizationId: t.app.org.orgId,
      userId: t.app.org.integrationUserId,
      userName: t.app.credentials.username,
      organizationName: 'localorg',
    });
    expect(t.app.apiUsage().used).toBe(before + 1);
  });

  it('the demo company is seeded in the org currency: one price per product and book', async () => {
    const counts = demoCounts({ multiCurrency: false });
    const entries = await t.conn.query<{ UnitPrice: number }>('SELECT UnitPrice FROM PricebookEntry');
    expect(entries.totalSize).toBe(counts.PricebookEntry);
    const lines = await t.conn.query('SELECT Id FROM OpportunityLineItem');
    expect(lines.totalSize).toBe(counts.OpportunityLineItem);
  });

  it('SOAP calls take injected faults: an outage stays a 503, the spent allowance is a SOAP fault', async () => {
    await t.http('POST', '/__localorg/faults', { kind: 'unavailable', pathContains: '/Soap/', times: 1 });
    const down = await t.http('POST', `/services/Soap/u/${API_VERSION}`, envelope(t.conn.accessToken!), XML);
    expect(down.status).toBe(503);
    expect(await down.text()).toContain('<faultcode>sf:SERVER_UNAVAILABLE</faultcode>');
    await t.http('POST', '/__localorg/faults', { kind: 'request-limit', pathContains: '/Soap/', times: 1 });
    const err = await failure(t.conn.soap.getUserInfo());
    expect(err.errorCode).toBe('sf:REQUEST_LIMIT_EXCEEDED');
    await t.http('DELETE', '/__localorg/faults');
  });

  it('an operation other than getUserInfo is the fault for an unknown operation', async () => {
    const res = await t.http('POST', `/services/Soap/u/${API_VERSION}`, envelope(t.conn.accessToken!, 'login'), XML);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain(
      '<faultcode>soapenv:Client</faultcode><faultstring>No operation available for request {urn:partner.soap.sforce.com}login',
    );
  });

  it('a SOAP call without a valid session is the INVALID_SESSION_ID fault', async () => {
    const stale = new Connection({ version: API_VERSION, instanceUrl: t.url, accessToken: 'not-a-session' });
    const err = await failure(stale.soap.getUserInfo());
    expect(err.errorCode).toBe('sf:INVALID_SESSION_ID');
  });
});

describe('a multi-currency org', () => {
  const t = useTestOrg({ seed: 'demo', currency: 'EUR' });

  it('getUserInfo says multi-currency and gives the user currency, not an org currency', async () => {
    const info = await t.conn.soap.getUserInfo();
    expect(info).toMatchObject({
      organizationMultiCurrency: true,
      orgDefaultCurrencyIsoCode: null,
      currencySymbol: null,
      userDefaultCurrencyIsoCode: 'EUR',
    });
  });

  it('CurrencyType holds the active currencies, the corporate one flagged', async () => {
    const corporate = await t.conn.query<{ IsoCode: string }>(
      'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true',
    );
    expect(corporate.records.map((r) => r.IsoCode)).toEqual(['EUR']);
    const all = await t.conn.query<{ IsoCode: string; IsActive: boolean; DecimalPlaces: number }>(
      'SELECT IsoCode, IsActive, DecimalPlaces, ConversionRate FROM CurrencyType ORDER BY IsoCode',
    );
    expect(all.records.map((r) => [r.IsoCode, r.IsActive, r.DecimalPlaces])).toEqual([
      ['EUR', true, 2],
      ['USD', true, 2],
    ]);
  });

  it('a currency added to the settings gets its row; one dropped stays, inactive', async () => {
    await t.http('PATCH', '/__localorg/settings', { currencies: ['EUR', 'JPY'] });
    const rows = await t.conn.query<{
      IsoCode: string;
      IsActive: boolean;
      IsCorporate: boolean;
      DecimalPlaces: number;
    }>('SELECT IsoCode, IsActive, IsCorporate, DecimalPlaces FROM CurrencyType ORDER BY IsoCode');
    expect(rows.records.map((r) => [r.IsoCode, r.IsActive, r.IsCorporate, r.DecimalPlaces])).toEqual([
      ['EUR', true, true, 2],
      ['JPY', true, false, 0],
      ['USD', false, false, 2],
    ]);
  });

  it('conversion rates come from the settings: the corporate currency is 1, a bad rate is refused', async () => {
    await t.http('PATCH', '/__localorg/settings', { conversionRates: { USD: '1.082500', EUR: '3' } });
    const rows = await t.conn.query<{ IsoCode: string; ConversionRate: number }>(
      'SELECT IsoCode, ConversionRate FROM CurrencyType ORDER BY IsoCode',
    );
    expect(rows.records.map((r) => [r.IsoCode, r.ConversionRate])).toEqual([
      ['EUR', 1],
      ['JPY', 1],
      ['USD', 1.0825],
    ]);
    const refused = await t.http('PATCH', '/__localorg/settings', { conversionRates: { USD: '-1' } });
    expect(refused.status).toBe(400);
  });

  it('Organization has no DefaultCurrencyIsoCode here either', async () => {
    const err = await failure(t.conn.query('SELECT DefaultCurrencyIsoCode FROM Organization'));
    expect(err.errorCode).toBe('INVALID_FIELD');
  });
});

describe('currency options', () => {
  it('a single-currency demo needs a currency the demo catalog has prices in', async () => {
    await expect(startTestOrg({ seed: 'demo', singleCurrency: true, currency: 'GBP' })).rejects.toThrow(
      'the demo catalog has prices in USD and EUR only, not in GBP',
    );
  });

  it('an empty single-currency org may use any currency', async () => {
    const t = await startTestOrg({ seed: 'empty', singleCurrency: true, currency: 'GBP' });
    try {
      expect((await t.conn.soap.getUserInfo()).orgDefaultCurrencyIsoCode).toBe('GBP');
    } finally {
      await t.close();
    }
  });

  it('a data dir keeps the currency rows across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'localorg-'));
    try {
      const first = await startTestOrg({ dataDir: dir, seed: 'demo', currency: 'EUR' });
      await first.close();
      const second = await startTestOrg({ dataDir: dir, seed: 'demo' });
      const rows = await second.conn.query<{ IsoCode: string }>(
        'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true',
      );
      expect(rows.records.map((r) => r.IsoCode)).toEqual(['EUR']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reset keeps the currency mode the org was started with', async () => {
    const t = await startTestOrg({ seed: 'demo', singleCurrency: true });
    try {
      await t.http('POST', '/__localorg/reset', { seed: 'demo' });
      const account = await t.conn.describe('Account');
      expect(account.fields.map((f) => f.name)).not.toContain('CurrencyIsoCode');
      expect((await t.conn.soap.getUserInfo()).orgDefaultCurrencyIsoCode).toBe('USD');
    } finally {
      await t.close();
    }
  });

  it('npx localorg serve --single-currency --currency EUR starts a single-currency org', async () => {
    const bin = fileURLToPath(new URL('../bin/localorg.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--single-currency', '--currency', 'EUR'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('  data ')) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`localorg exited with ${code}: ${text}`)));
      });
      expect(out).toContain('  currency       EUR (single-currency)');
      const url = /localorg ready at (\S+)/.exec(out)![1];
      const conn = new Connection({
        version: API_VERSION,
        oauth2: { loginUrl: url, clientId: 'localorg-client-id', clientSecret: 'localorg-client-secret' },
      });
      await conn.authorize({ grant_type: 'client_credentials' });
      expect((await conn.describe('Account')).fields.map((f) => f.name)).not.toContain('CurrencyIsoCode');
      expect((await conn.query('SELECT Id FROM Account')).totalSize).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);

  it('--currency must be an ISO 4217 code', async () => {
    const bin = fileURLToPath(new URL('../bin/localorg.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--currency', 'euro'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--currency must be an ISO 4217 code such as USD, got "euro"');
  }, 30_000);
});

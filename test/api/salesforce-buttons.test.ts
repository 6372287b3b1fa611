import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, buildApi } from '../../src/api/build-api.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { salesforceId18 } from '../../src/domain/salesforce-id.ts';
import { pullCatalog } from '../../src/sync/flows/catalog-pull/pull-catalog.ts';
import { seedSmallCatalog } from '../billing/helpers.ts';
import { quoteOpportunity } from '../sync/opportunity-helpers.ts';
import { countRows, useSyncContext } from '../sync/sync-helpers.ts';

/**
 * The "Sync to billing" and "Link billing account" buttons: their Salesforce metadata, the pages they open
 * on the hub, the operator routes those pages call (against the local org), and the pages' own script, run
 * against the hub on a stand-in document (no browser is installed here).
 */

const DEFAULT = fileURLToPath(new URL('../../salesforce/force-app/main/default', import.meta.url));
const ACTIONS = ['sync-account', 'link-account', 'push-opportunity'] as const;
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const h = useSyncContext({ seed: 'empty' });
let app: ApiApp;
const keys = { viewer: '', operator: '' };

beforeAll(async () => {
  await fetch(`${h.org.url}/__localorg/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ multiCurrency: true, currencies: ['USD', 'EUR'] }),
  });
  app = buildApi(h.ctx);
  await app.ready();
  keys.viewer = (await createApiKey(h.ctx, { name: 'viewer', role: 'viewer' })).secret;
  keys.operator = (await createApiKey(h.ctx, { name: 'buttons', role: 'operator' })).secret;
});
afterAll(async () => {
  await app?.close();
});

const sfAccount = async (fields: Record<string, unknown>) =>
  (
    (await h.sf.sobject('Account').create({ CurrencyIsoCode: 'USD', BillingCountry: 'US', ...fields })) as {
      id: string;
    }
  ).id;

async function post(url: string, body: unknown, key: string) {
  const res = await app.inject({
    method: 'POST',
    url,
    payload: body as object,
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: res.statusCode, body: res.json() };
}

function inlineText(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}

describe('the pages the Account and Opportunity buttons open', () => {
  it('serves each page without a key, as HTML whose only script and style the CSP allows by hash', async () => {
    for (const action of ACTIONS) {
      const res = await app.inject({ method: 'GET', url: `/salesforce/buttons/${action}?id=001000000000001` });
      expect([action, res.statusCode]).toEqual([action, 200]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = res.body;
      // The 15-character id Salesforce merges into the URL arrives as the 18-character one the API compares.
      expect(html).toContain(`data-action="${action}" data-salesforce-id="${salesforceId18('001000000000001')}"`);
      const [script, ...moreScripts] = inlineText(html, 'script');
      const [style, ...moreStyles] = inlineText(html, 'style');
      expect([moreScripts, moreStyles]).toEqual([[], []]);
      const csp = Object.fromEntries(
        String(res.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values.join(' ')]),
      );
      expect(csp).toEqual({
        'default-src': "'none'",
        'script-src': sha256(script),
        'style-src': sha256(style),
        'connect-src': "'self'",
        'base-uri': "'none'",
        'form-action': "'none'",
        'frame-ancestors': "'none'",
      });
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      // Self-contained: nothing loaded from anywhere, no inline handlers, nothing written as HTML by the script.
      expect(html).not.toMatch(/\s(src|href|on[a-z]+)=|https?:\/\/|<link|@import/i);
      expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
  });

  it('refuses an id that is not a Salesforce id with a coded 400, as JSON that never echoes it', async () => {
    const bad = [
      '<script>alert(1)</script>',
      '001000000000001"><img src=x onerror=alert(1)>',
      '00100000000000',
      '0010000000000011',
      '001000000000001AAA1',
      '001000000000001%00',
      '',
    ];
    for (const action of ACTIONS) {
      for (const id of [...bad.map((b) => `?id=${encodeURIComponent(b)}`), '']) {
        const res = await app.inject({ method: 'GET', url: `/salesforce/buttons/${action}${id}` });
        expect([action, id, res.statusCode]).toEqual([action, id, 400]);
        expect(res.headers['content-type']).toContain('application/json');
        expect(res.json().error).toMatchObject({
          code: 'validation_failed',
          details: { issues: [expect.objectContaining({ path: 'querystring.id' })] },
        });
        expect(res.body).not.toMatch(/<script|<img/);
      }
    }
  });

  it('the buttons in salesforce/force-app open these pages at the URL the custom label holds', async () => {
    const labels = readFileSync(`${DEFAULT}/labels/CustomLabels.labels-meta.xml`, 'utf8');
    const hubUrl = /<fullName>Revbridge_Hub_Url<\/fullName>[\s\S]*?<value>([^<]+)<\/value>/.exec(labels)?.[1];
    // The hub's defaults: HOST 127.0.0.1, PORT 3000.
    expect(hubUrl).toBe('http://127.0.0.1:3000');
    for (const [object, file, action] of [
      ['Account', 'Sync_To_Billing', 'sync-account'],
      ['Account', 'Link_Billing_Account', 'link-account'],
      ['Opportunity', 'Push_To_Billing', 'push-opportunity'],
    ]) {
      const xml = readFileSync(`${DEFAULT}/objects/${object}/webLinks/${file}.webLink-meta.xml`, 'utf8');
      const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
      expect([tag('fullName'), tag('displayType'), tag('linkType'), tag('openType')]).toEqual([
        file,
        'button',
        'url',
        'newWindow',
      ]);
      expect(tag('url')).toBe(`{!$Label.Revbridge_Hub_Url}/salesforce/buttons/${action}?id={!${object}.Id}`);
      // What a click opens, with the label and the record merged in as Salesforce does.
      const opened = new URL(
        tag('url')!.replace('{!$Label.Revbridge_Hub_Url}', hubUrl!).replace(`{!${object}.Id}`, '001000000000001'),
      );
      const res = await app.inject({ method: 'GET', url: `${opened.pathname}${opened.search}` });
      expect([file, res.statusCode]).toEqual([file, 200]);
    }
  });
});

describe('POST /sync/accounts with salesforceIds, against the local org', () => {
  it('syncs just the named account, flagged or not, and writes its billing number back', async () => {
    const named = await sfAccount({ Name: 'Named Ltd', Billing_Primary_Email__c: 'ap@named.example.com' });
    const other = await sfAccount({ Name: 'Flagged but not named', Billing_Sync__c: true });
    const res = await post('/sync/accounts', { salesforceIds: [named.slice(0, 15)] }, keys.operator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', objects: { Account: { created: 1 } } });
    expect(res.body.records.filter((r: { object: string }) => r.object === 'account')).toEqual([
      expect.objectContaining({
        salesforceId: named,
        outcome: 'created',
        label: 'Named Ltd',
        billingId: expect.any(String),
      }),
    ]);
    expect(await countRows(h.ctx.db, 'accounts')).toBe(1);
    const rows = await h.sf.query<{
      Id: string;
      Billing_Account_Number__c: string | null;
      Billing_Sync_Status__c: string | null;
    }>(
      `SELECT Id, Billing_Account_Number__c, Billing_Sync_Status__c FROM Account WHERE Id IN ('${named}', '${other}')`,
    );
    const byId = new Map(rows.records.map((r) => [r.Id, r]));
    expect(byId.get(named)).toMatchObject({
      Billing_Account_Number__c: expect.any(String),
      Billing_Sync_Status__c: 'Synced',
    });
    expect(byId.get(other)).toMatchObject({ Billing_Account_Number__c: null });
  });

  it('refuses an empty list, a bad id (by its place), more than 200 ids, and a viewer key', async () => {
    const before = await countRows(h.ctx.db, 'accounts');
    const empty = await post('/sync/accounts', { salesforceIds: [] }, keys.operator);
    expect([empty.status, empty.body.error.details.issues[0].path]).toEqual([400, 'body.salesforceIds']);
    const wrong = await post(
      '/sync/accounts',
      { salesforceIds: ['001000000000001', "001' OR Name != '"] },
      keys.operator,
    );
    expect([wrong.status, wrong.body.error.details.issues[0].path]).toEqual([400, 'body.salesforceIds.1']);
    const many = Array.from({ length: 201 }, (_, i) => `001${String(i).padStart(12, '0')}`);
    expect((await post('/sync/accounts', { salesforceIds: many }, keys.operator)).status).toBe(400);
    expect(
      (await post('/sync/accounts', { salesforceIds: many.slice(0, 200), dryRun: true }, keys.operator)).status,
    ).toBe(200);
    const viewer = await post('/sync/accounts', { salesforceIds: ['001000000000001'] }, keys.viewer);
    expect([viewer.status, viewer.body.error.code]).toEqual([403, 'forbidden']);
    expect(await countRows(h.ctx.db, 'accounts')).toBe(before);
  });
});

/** The few DOM features the page's script uses; setting innerHTML throws, so the script cannot have used it. */
class StandInElement {
  hidden = false;
  textContent = '';
  className = '';
  value = '';
  disabled = false;
  children: StandInElement[] = [];
  listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  constructor(readonly tag: string) {}
  set innerHTML(_html: string) {
    throw new Error('the page script wrote HTML');
  }
  appendChild(child: StandInElement) {
    this.children.push(child);
    return child;
  }
  replaceChildren() {
    this.children = [];
  }
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void) {
    this.listeners.set(type, listener);
  }
  focus() {}
  fire(type: string) {
    this.listeners.get(type)?.({ preventDefault() {} });
  }
  /** Its text and its children's, one line per element that has some. */
  get text(): string {
    return [this.textContent, ...this.children.map((c) => c.text)].filter(Boolean).join('\n');
  }
}

interface PageRun {
  el: (id: string) => StandInElement;
  storage: Map<string, string>;
  requests: Array<{ path: string; authorization: string; body: unknown }>;
  /** Resolves once the request the page is making has been answered and shown. */
  settled(): Promise<void>;
}

/** Loads a page from the hub and runs its script on a stand-in document, its requests sent to the same hub. */
async function openPage(action: (typeof ACTIONS)[number], id: string, storedKey?: string): Promise<PageRun> {
  const html = (await app.inject({ method: 'GET', url: `/salesforce/buttons/${action}?id=${id}` })).body;
  const elements = new Map<string, StandInElement>();
  for (const m of html.matchAll(/<(\w+) id="([^"]+)"([^>]*)>/g)) {
    const element = new StandInElement(m[1]);
    element.hidden = /\shidden\b/.test(m[3]);
    elements.set(m[2], element);
  }
  const data = /<body data-action="([^"]+)" data-salesforce-id="([^"]+)">/.exec(html)!;
  const storage = new Map<string, string>(storedKey ? [['revbridge.apiKey', storedKey]] : []);
  const requests: PageRun['requests'] = [];
  let pending: Promise<unknown> = Promise.resolve();
  const document = {
    body: { dataset: { action: data[1], salesforceId: data[2] } },
    getElementById: (elementId: string) => elements.get(elementId) ?? null,
    createElement: (tag: string) => new StandInElement(tag),
    querySelectorAll: (selector: string) => [...elements.values()].filter((e) => e.tag === selector),
  };
  const sessionStorage = {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  };
  const fetchFromPage = (path: string, init: { method: string; headers: Record<string, string>; body: string }) => {
    requests.push({ path, authorization: init.headers.authorization, body: JSON.parse(init.body) });
    const answer = app.inject({ method: init.method as 'POST', url: path, headers: init.headers, payload: init.body });
    pending = answer.then(() => new Promise((resolve) => setTimeout(resolve, 20)));
    return answer.then((res) => ({
      status: res.statusCode,
      ok: res.statusCode >= 200 && res.statusCode < 300,
      json: async () => res.json(),
    }));
  };
  runInNewContext(inlineText(html, 'script')[0], { document, sessionStorage, fetch: fetchFromPage });
  return {
    el: (elementId) => elements.get(elementId)!,
    storage,
    requests,
    settled: async () => {
      await pending;
    },
  };
}

describe('the page script, against the hub and the local org', () => {
  it('sync: asks for the key once, keeps it in the tab, and shows the run and the record’s error as text', async () => {
    const id = await sfAccount({ Name: 'Evil <img src=x onerror=alert(1)> Ltd', BillingCountry: 'Atlantis' });
    const page = await openPage('sync-account', id);
    expect(page.el('key-form').hidden).toBe(false);
    expect(page.requests).toEqual([]);

    page.el('key').value = ` ${keys.operator} `;
    page.el('key-form').fire('submit');
    expect(page.el('key').value).toBe('');
    expect(page.storage.get('revbridge.apiKey')).toBe(keys.operator);
    await page.settled();
    expect(page.requests).toEqual([
      {
        path: '/sync/accounts',
        authorization: `Bearer ${keys.operator}`,
        body: { salesforceIds: [id], trigger: 'button' },
      },
    ]);
    expect(page.el('key-form').hidden).toBe(true);
    // The history says where the run came from.
    const [run] = await h.ctx.db.selectFrom('sync_runs').select('trigger').orderBy('id', 'desc').limit(1).execute();
    expect(run.trigger).toBe('button');
    expect(page.el('status').text).toMatch(/^Run \d+: failed \(\d+ Salesforce API calls\)\.$/);
    const shown = page.el('result').text;
    expect(shown).toContain('account Evil <img src=x onerror=alert(1)> Ltd: failed');
    expect(shown).toMatch(/unknown_country: .*Atlantis/);
    expect(page.el('again').hidden).toBe(false);

    // "Sync again" reuses the key.
    page.el('again').fire('click');
    await page.settled();
    expect(page.requests.map((r) => r.authorization)).toEqual([`Bearer ${keys.operator}`, `Bearer ${keys.operator}`]);
  });

  it('a key the hub refuses is forgotten, and the page says so and asks again', async () => {
    const page = await openPage('sync-account', '001000000000001', 'rb_revoked-or-never-issued-0123456789abcdef');
    await page.settled();
    expect(page.requests).toHaveLength(1);
    expect(page.storage.has('revbridge.apiKey')).toBe(false);
    expect(page.el('key-form').hidden).toBe(false);
    expect(page.el('status').text).toMatch(/^The hub refused the API key: .* It has been forgotten/);

    const viewerPage = await openPage('sync-account', '001000000000001', keys.viewer);
    await viewerPage.settled();
    expect(viewerPage.storage.has('revbridge.apiKey')).toBe(false);
    expect(viewerPage.el('status').text).toMatch(/^The API key may not do this: .*needs the operator role/);
  });

  it('link: asks for the billing account number, links, and shows the outcome', async () => {
    const billing = await createAccount(h.ctx, {
      name: 'Initech (billing)',
      accountNumber: 'INITECH',
      currency: 'USD',
      address: { country: 'US' },
    });
    const id = await sfAccount({ Name: 'Initech Labs' });
    const page = await openPage('link-account', id, keys.operator);
    expect([page.el('key-form').hidden, page.el('link-form').hidden]).toEqual([true, false]);
    expect(page.requests).toEqual([]);

    page.el('account').value = 'NOPE-1';
    page.el('link-form').fire('submit');
    await page.settled();
    expect(page.el('status').text).toMatch(/^account_not_found: /);
    expect(page.el('link-form').hidden).toBe(false);

    page.el('account').value = 'INITECH';
    page.el('link-form').fire('submit');
    await page.settled();
    expect(page.requests.at(-1)).toEqual({
      path: '/sync/link',
      authorization: `Bearer ${keys.operator}`,
      body: { salesforceId: id, account: 'INITECH' },
    });
    expect(page.el('status').text).toMatch(/^Run \d+: succeeded/);
    const shown = page.el('result').text;
    expect(shown).toContain(`account Initech Labs: updated\nBilling account id ${billing.id}`);
    // Billing has no primary email for it: said on the record, not a failure.
    expect(shown).toContain('warning: No Billing Primary Email');
    expect(page.el('link-form').hidden).toBe(true);
  });

  it("push: the Opportunity button pushes that opportunity, recorded as the button's, and shows its price plan", async () => {
    await seedSmallCatalog(h.ctx);
    expect((await pullCatalog(h.ctx, { trigger: 'test' })).status).toBe('succeeded');
    const accountId = await sfAccount({ Name: 'Pushy Ltd', Billing_Primary_Email__c: 'ap@pushy.example.com' });
    const { opportunityId } = await quoteOpportunity(h, { AccountId: accountId, Name: 'Pushy - platform' });
    const page = await openPage('push-opportunity', opportunityId.slice(0, 15), keys.operator);
    await page.settled();
    expect(page.requests).toEqual([
      {
        path: `/opportunities/${opportunityId}/push`,
        authorization: `Bearer ${keys.operator}`,
        body: { trigger: 'button' },
      },
    ]);
    expect(page.el('status').text).toMatch(/^Run \d+: succeeded/);
    const shown = page.el('result').text;
    expect(shown).toMatch(/^Price plan \d+ on billing account A-\d+/);
    expect(shown).toMatch(/opportunity Pushy - platform: created\nBilling price plan id \d+/);
    const [run] = await h.ctx.db
      .selectFrom('sync_runs')
      .select(['trigger', 'flow'])
      .where('flow', '=', 'opportunity_push')
      .execute();
    expect(run.trigger).toBe('button');
    expect(page.el('again').hidden).toBe(false);

    // A refused push shows its code and sentence; "Push again" tries once more with the same key.
    await h.sf.sobject('Opportunity').update({ Id: opportunityId, StageName: 'Prospecting' });
    page.el('again').fire('click');
    await page.settled();
    expect(page.el('status').text).toMatch(/^opportunity_not_won: "Pushy - platform" is at stage Prospecting/);
  });
});

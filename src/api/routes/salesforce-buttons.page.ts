import { createHash } from 'node:crypto';

/**
 * The page the Account buttons "Sync to billing" and "Link billing account" and the Opportunity button "Push to
 * billing" open in a new window. It holds no
 * data, so it is served without a key; its script asks for an operator key once per browser tab (sessionStorage)
 * and calls the operator routes with `Authorization: Bearer`, like any other client. No cookie is involved, so
 * another site cannot make the browser act on the hub's behalf (no CSRF), and everything the hub answers is shown
 * with textContent, never parsed as HTML. Script and style are constant: the Content-Security-Policy allows
 * exactly them (by hash) and requests to this origin, nothing else.
 */
export type ButtonAction = 'sync-account' | 'link-account' | 'push-opportunity';

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f4f6f8; }
main { max-width: 42rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border-radius: 8px; }
h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
h2 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
code { font-size: .95em; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input { font: inherit; width: 100%; box-sizing: border-box; padding: .4rem .5rem; }
button { font: inherit; margin-top: .75rem; padding: .4rem 1rem; cursor: pointer; }
button:disabled { cursor: progress; }
table { border-collapse: collapse; margin-top: .5rem; }
th, td { padding: .2rem .6rem; text-align: right; border-bottom: 1px solid #dde1e5; }
th:first-child, td:first-child { text-align: left; }
ul { padding-left: 1.25rem; }
.hint { color: #57606a; font-size: .9rem; }
.ok { color: #1a7f37; }
.warn { color: #9a6700; }
.error { color: #cf222e; }
.pending { color: #57606a; }
`;

/** Runs in the browser: plain JavaScript, no imports. Every value the hub sends goes through textContent. */
const SCRIPT = `
'use strict';
(() => {
  const KEY_ITEM = 'revbridge.apiKey';
  const action = document.body.dataset.action;
  const salesforceId = document.body.dataset.salesforceId;
  const byId = (id) => document.getElementById(id);
  const keyForm = byId('key-form');
  const keyInput = byId('key');
  const linkForm = byId('link-form');
  const accountInput = byId('account');
  const again = byId('again');
  const statusLine = byId('status');
  const result = byId('result');

  // sessionStorage can be switched off; the key then lasts as long as the page.
  let key = null;
  try { key = sessionStorage.getItem(KEY_ITEM); } catch { key = null; }
  const storeKey = (value) => { key = value; try { sessionStorage.setItem(KEY_ITEM, value); } catch { /* page only */ } };
  const forgetKey = () => { key = null; try { sessionStorage.removeItem(KEY_ITEM); } catch { /* page only */ } };

  const say = (text, kind) => { statusLine.textContent = text; statusLine.className = kind || ''; };
  const add = (parent, tag, text, kind) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (kind) node.className = kind;
    parent.appendChild(node);
    return node;
  };
  const sameRecord = (id) => typeof id === 'string' && id.slice(0, 15) === salesforceId.slice(0, 15);
  // Sync and push can be run again from the page; linking is asked for once.
  const repeatable = action !== 'link-account';

  function askKey(reason, kind) {
    keyForm.hidden = false;
    linkForm.hidden = true;
    again.hidden = true;
    say(reason, kind);
    keyInput.focus();
  }

  function start() {
    keyForm.hidden = true;
    if (action === 'sync-account') {
      sync();
    } else if (action === 'push-opportunity') {
      push();
    } else {
      linkForm.hidden = false;
      accountInput.focus();
    }
  }

  const sync = () => send('/sync/accounts', { salesforceIds: [salesforceId], trigger: 'button' }, 'Syncing with billing…');
  const push = () => send('/opportunities/' + salesforceId + '/push', { trigger: 'button' }, 'Pushing to billing…');

  let busy = false;
  async function send(path, payload, pending) {
    if (busy) return;
    busy = true;
    for (const button of document.querySelectorAll('button')) button.disabled = true;
    result.replaceChildren();
    say(pending, 'pending');
    try {
      let response;
      try {
        response = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key },
          body: JSON.stringify(payload),
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (error) {
        say('The hub did not answer (' + error.message + '). Try again.', 'error');
        again.hidden = !repeatable;
        return;
      }
      const body = await response.json().catch(() => null);
      const error = body && body.error ? body.error : null;
      if (response.status === 401 || response.status === 403) {
        forgetKey();
        const refused = response.status === 401 ? 'The hub refused the API key' : 'The API key may not do this';
        askKey(refused + (error ? ': ' + error.message : '.') + ' It has been forgotten: enter a key with the operator or admin role.', 'error');
        return;
      }
      if (!response.ok || body === null) {
        say(error ? error.code + ': ' + error.message : 'The hub answered ' + response.status + '.', 'error');
        again.hidden = !repeatable;
        return;
      }
      show(body);
      again.hidden = !repeatable;
      linkForm.hidden = true;
    } finally {
      busy = false;
      for (const button of document.querySelectorAll('button')) button.disabled = false;
    }
  }

  function show(run) {
    const kind = run.status === 'succeeded' ? 'ok' : run.status === 'failed' ? 'error' : 'warn';
    say('Run ' + run.runId + ': ' + run.status + ' (' + run.apiCalls + ' Salesforce API calls).', kind);
    if (run.error) add(result, 'p', run.error.code + ': ' + run.error.message, 'error');
    if (run.pricePlanId) add(result, 'p', 'Price plan ' + run.pricePlanId + ' on billing account ' + run.billingAccount, 'ok');
    const mine = run.records.filter((r) => sameRecord(r.salesforceId));
    if (mine.length === 0 && !run.error) {
      add(result, 'p', 'Salesforce returned no record with this id: it may have been deleted, or it is of another kind.', 'warn');
    }
    for (const record of mine) showRecord(result, record);
    const others = run.records.filter((r) => !mine.includes(r) && r.outcome !== 'unchanged');
    if (others.length > 0) {
      add(result, 'h2', 'Other records of this run');
      const list = add(result, 'ul');
      for (const record of others) showRecord(add(list, 'li'), record);
    }
    const objects = Object.keys(run.objects || {});
    if (objects.length > 0) {
      add(result, 'h2', 'Counts');
      const table = add(result, 'table');
      const columns = ['created', 'updated', 'unchanged', 'skipped', 'failed', 'deferred'];
      const head = add(table, 'tr');
      add(head, 'th', '');
      for (const column of columns) add(head, 'th', column);
      for (const object of objects) {
        const row = add(table, 'tr');
        add(row, 'td', object);
        for (const column of columns) add(row, 'td', String(run.objects[object][column]));
      }
    }
  }

  function showRecord(parent, record) {
    const name = record.label || record.salesforceId || '';
    const kind = record.outcome === 'failed' ? 'error' : record.outcome === 'deferred' ? 'warn' : 'ok';
    add(parent, 'p', record.object + ' ' + name + ': ' + record.outcome, kind);
    const billingName = record.object === 'opportunity' ? 'Billing price plan id ' : record.object === 'account' ? 'Billing account id ' : 'Billing id ';
    if (record.billingId) add(parent, 'p', billingName + record.billingId);
    if (record.errorCode) add(parent, 'p', record.errorCode + ': ' + (record.errorMessage || ''), 'error');
    if (record.warnings && record.warnings.length > 0) {
      const list = add(parent, 'ul');
      for (const warning of record.warnings) add(list, 'li', 'warning: ' + warning, 'warn');
    }
  }

  keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = keyInput.value.trim();
    keyInput.value = '';
    if (value === '') return;
    storeKey(value);
    say('', '');
    start();
  });
  linkForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const account = accountInput.value.trim();
    if (account !== '') send('/sync/link', { salesforceId, account }, 'Linking…');
  });
  again.addEventListener('click', () => (action === 'push-opportunity' ? push() : sync()));

  if (key) start();
  else askKey('This page needs an API key with the operator or admin role (revbridge apikey create).', '');
})();
`;

const TEXT: Record<ButtonAction, { title: string; intro: string }> = {
  'sync-account': {
    title: 'Sync to billing',
    intro:
      'Sends this account (and its parents) to billing now, flagged for billing or not, and writes the billing ' +
      'number and sync status back onto the Salesforce record.',
  },
  'push-opportunity': {
    title: 'Push to billing',
    intro:
      'Sends this Closed-Won opportunity to billing now: its account comes along if billing does not have it, and ' +
      "the negotiated service prices become the account's price plan (with an order of the products when the " +
      'Opportunity Type says so). The outcome is written back onto the opportunity.',
  },
  'link-account': {
    title: 'Link billing account',
    intro:
      'Links this account to a billing account that already exists, instead of creating a second one. ' +
      "Billing's primary email, billing cycle and account category then overwrite the Salesforce values.",
  },
};

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Allows this page's own script and style and requests to the hub, nothing else; no framing, no form posts. */
export const BUTTON_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  // The forms are handled by the script; without it, a key must never travel in a URL.
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page for one button and one Salesforce id (already checked: letters and digits only). */
export function buttonPage(action: ButtonAction, salesforceId: string): string {
  const { title, intro } = TEXT[action];
  const id = escapeHtml(salesforceId);
  const linkForm =
    action === 'link-account'
      ? `
<form id="link-form" hidden>
<label for="account">Billing account number or id</label>
<input id="account" name="account" maxlength="40" autocomplete="off" spellcheck="false" required>
<button type="submit">Link</button>
</form>`
      : '<form id="link-form" hidden></form>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · revbridge</title>
<style>${STYLE}</style>
</head>
<body data-action="${action}" data-salesforce-id="${id}">
<main>
<h1>${escapeHtml(title)}</h1>
<p>Salesforce ${action === 'push-opportunity' ? 'opportunity' : 'account'} <code>${id}</code></p>
<p class="hint">${escapeHtml(intro)}</p>
<form id="key-form" hidden>
<label for="key">API key (operator or admin role)</label>
<input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required>
<button type="submit">Use this key</button>
<p class="hint">Kept in this browser tab only (sessionStorage) and sent to this hub as Authorization: Bearer.</p>
</form>${linkForm}
<button id="again" type="button" hidden>${action === 'push-opportunity' ? 'Push again' : 'Sync again'}</button>
<p id="status" role="status" aria-live="polite"></p>
<div id="result"></div>
<noscript><p class="error">This page needs JavaScript.</p></noscript>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

import { formatDate } from '../clock.ts';
import type { Org } from '../org.ts';
import { systemUpdate } from '../records/system-update.ts';
import { insertRecord, type WriteContext, writeContext } from '../records/write.ts';
import { DEMO_ACCOUNTS } from './demo/accounts.ts';
import { DEMO_CURRENCIES, DEMO_PRICEBOOK_NAME, DEMO_PRODUCTS, type DemoCurrency } from './demo/catalog.ts';
import { DEMO_CONTACTS, DEMO_SHARED_CONTACTS } from './demo/contacts.ts';
import { DEMO_OPPORTUNITIES } from './demo/opportunities.ts';

/**
 * The demo org: a small, deterministic company to click through and sync against. Everything is
 * inserted through the write pipeline, so every platform rule (derived fields, roll-ups, relations)
 * applies exactly as it would to API writes. Runs after `seedStandardRecords`. No randomness and no
 * wall clock: CloseDates are relative to the org clock, and two orgs seeded at the same instant hold
 * identical rows. Account.Billing_Account_Number__c, when the schema has it, is left empty: revbridge
 * assigns it.
 */

/** Rows `seedDemo` creates, per object (the standard price book and the user are not counted). */
export function demoCounts(options: DemoOptions = {}) {
  const currencies = (options.multiCurrency ?? true) ? DEMO_CURRENCIES.length : 1;
  return {
    Account: DEMO_ACCOUNTS.length,
    Contact: DEMO_CONTACTS.length,
    // One direct relation per contact (created by the platform) plus the shared ones.
    AccountContactRelation: DEMO_CONTACTS.length + DEMO_SHARED_CONTACTS.length,
    Product2: DEMO_PRODUCTS.length,
    Pricebook2: 1,
    // Standard and revbridge Price Book entries, in each currency.
    PricebookEntry: DEMO_PRODUCTS.length * currencies * 2,
    Opportunity: DEMO_OPPORTUNITIES.length,
    OpportunityLineItem: DEMO_OPPORTUNITIES.reduce((n, o) => n + o.lines.length, 0),
  } as const;
}

/** The rows of the multi-currency demo org (the default). */
export const DEMO_COUNTS = demoCounts();

export interface DemoOptions {
  /**
   * Turn multi-currency on, with the org's currency as corporate currency and USD and EUR active (the
   * default). Off, the org stays single-currency: every record is in the org's currency, which must be
   * USD or EUR (the currencies the demo catalog has prices in).
   */
  multiCurrency?: boolean;
}

const DAY_MS = 86_400_000;

type Ids = Map<string, string>;

export function seedDemo(org: Org, options: DemoOptions = {}): void {
  const multiCurrency = options.multiCurrency ?? true;
  const corporate = org.settings.currencies[0];
  if (multiCurrency) {
    org.updateSettings({
      multiCurrency: true,
      currencies: [corporate, ...DEMO_CURRENCIES.filter((c) => c !== corporate)],
    });
  } else if (org.settings.multiCurrency) {
    throw new Error('a single-currency demo needs an org without multi-currency (it cannot be turned off)');
  } else if (!isDemoCurrency(corporate)) {
    throw new Error(`the demo catalog has prices in ${DEMO_CURRENCIES.join(' and ')} only, not in ${corporate}`);
  }
  org.transaction((tx) => {
    const ctx = writeContext(org, tx);
    if (multiCurrency) adoptCorporateCurrency(ctx);
    // In a single-currency org no record has CurrencyIsoCode: everything is in the org's currency.
    const currencyOf = (wanted: DemoCurrency) => (multiCurrency ? wanted : (corporate as DemoCurrency));
    const accounts = seedAccounts(ctx, multiCurrency);
    seedContacts(ctx, accounts, multiCurrency);
    const catalog = seedCatalog(ctx, multiCurrency ? DEMO_CURRENCIES : [corporate as DemoCurrency], multiCurrency);
    seedOpportunities(ctx, accounts, catalog, currencyOf, multiCurrency);
  });
}

/** The integration user existed before multi-currency was on; it works in the corporate currency. */
function adoptCorporateCurrency(ctx: WriteContext): void {
  const corporate = ctx.org.settings.currencies[0];
  systemUpdate(ctx, 'User', ctx.org.integrationUserId, {
    CurrencyIsoCode: corporate,
    DefaultCurrencyIsoCode: corporate,
  });
}

function isDemoCurrency(code: string): code is DemoCurrency {
  return (DEMO_CURRENCIES as readonly string[]).includes(code);
}

/** `CurrencyIsoCode: code` where the org has the field, nothing where it does not. */
function currencyField(multiCurrency: boolean, code: string | undefined): Record<string, unknown> {
  return multiCurrency ? { CurrencyIsoCode: code } : {};
}

function seedAccounts(ctx: WriteContext, multiCurrency: boolean): Ids {
  const ids: Ids = new Map();
  // Parents come before their children in DEMO_ACCOUNTS.
  for (const a of DEMO_ACCOUNTS) {
    const id = insertRecord(ctx, 'Account', {
      Name: a.name,
      ParentId: a.parent ? ids.get(a.parent) : null,
      Type: a.type,
      Industry: a.industry,
      ...currencyField(multiCurrency, a.currency),
      NumberOfEmployees: a.employees,
      Phone: a.phone,
      Website: a.website,
      BillingStreet: a.billing.street,
      BillingCity: a.billing.city,
      BillingState: a.billing.state ?? null,
      BillingPostalCode: a.billing.postalCode,
      BillingCountry: a.billing.country,
    });
    ids.set(a.key, id);
  }
  return ids;
}

function seedContacts(ctx: WriteContext, accounts: Ids, multiCurrency: boolean): void {
  const contacts: Ids = new Map();
  const currencyOf = new Map(DEMO_ACCOUNTS.map((a) => [a.key, a.currency]));
  for (const c of DEMO_CONTACTS) {
    // The platform adds the direct AccountContactRelation.
    const id = insertRecord(ctx, 'Contact', {
      AccountId: accounts.get(c.account),
      FirstName: c.firstName,
      LastName: c.lastName,
      Title: c.title,
      Email: c.email,
      Phone: c.phone,
      ...currencyField(multiCurrency, currencyOf.get(c.account)),
    });
    contacts.set(c.key, id);
  }
  for (const s of DEMO_SHARED_CONTACTS) {
    insertRecord(ctx, 'AccountContactRelation', {
      AccountId: accounts.get(s.account),
      ContactId: contacts.get(s.contact),
      Roles: s.roles,
      IsActive: true,
    });
  }
}

interface Catalog {
  pricebookId: string;
  /** Entry ids of the revbridge Price Book, keyed `<product code>/<currency>`. */
  entries: Ids;
}

function seedCatalog(ctx: WriteContext, currencies: readonly DemoCurrency[], multiCurrency: boolean): Catalog {
  const standardBook = [...ctx.org.store.scan('Pricebook2')].find((b) => b.IsStandard === true);
  if (!standardBook) throw new Error('seedDemo runs after seedStandardRecords: no standard price book');
  const book = insertRecord(ctx, 'Pricebook2', {
    Name: DEMO_PRICEBOOK_NAME,
    Description: 'Prices sales quotes from; standard prices stay the catalog reference.',
    IsActive: true,
  });
  const entries: Ids = new Map();
  for (const p of DEMO_PRODUCTS) {
    const product = insertRecord(ctx, 'Product2', {
      Name: p.name,
      ProductCode: p.code,
      Family: p.family,
      QuantityUnitOfMeasure: p.unit,
      Description: p.description,
      IsActive: true,
    });
    for (const currency of currencies) {
      const entry = (pricebookId: string, price: Record<string, unknown>) =>
        insertRecord(ctx, 'PricebookEntry', {
          Pricebook2Id: pricebookId,
          Product2Id: product,
          ...currencyField(multiCurrency, currency),
          IsActive: true,
          ...price,
        });
      entry(standardBook.Id, { UnitPrice: p.standard[currency] });
      const listPrice = p.list === 'standard' ? { UseStandardPrice: true } : { UnitPrice: p.list[currency] };
      entries.set(`${p.code}/${currency}`, entry(book, listPrice));
    }
  }
  return { pricebookId: book, entries };
}

function seedOpportunities(
  ctx: WriteContext,
  accounts: Ids,
  { pricebookId, entries }: Catalog,
  inOrg: (currency: DemoCurrency) => DemoCurrency,
  multiCurrency: boolean,
): void {
  const currencyOf = new Map<string, DemoCurrency>(DEMO_ACCOUNTS.map((a) => [a.key, a.currency]));
  for (const o of DEMO_OPPORTUNITIES) {
    const currency = inOrg(currencyOf.get(o.account) ?? DEMO_CURRENCIES[0]);
    // Stage-derived fields (IsWon, IsClosed, Probability, ForecastCategoryName) come from the rules.
    const opportunityId = insertRecord(ctx, 'Opportunity', {
      AccountId: accounts.get(o.account),
      Name: o.name,
      StageName: o.stage,
      CloseDate: formatDate(ctx.now + o.closeInDays * DAY_MS),
      Type: o.type,
      LeadSource: o.leadSource,
      Pricebook2Id: pricebookId,
      ...currencyField(multiCurrency, currency),
    });
    // Amount and HasOpportunityLineItem follow from the lines.
    o.lines.forEach((line, i) => {
      insertRecord(ctx, 'OpportunityLineItem', {
        OpportunityId: opportunityId,
        PricebookEntryId: entries.get(`${line.product}/${currency}`),
        Quantity: line.quantity,
        UnitPrice: line.unitPrice ?? null,
        Discount: line.discount ?? null,
        Description: line.description ?? null,
        SortOrder: i + 1,
      });
    });
  }
}

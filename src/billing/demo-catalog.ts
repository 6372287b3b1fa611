import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import type { CurrencyCode } from '../domain/currency.ts';
import type { Db } from '../store/db.ts';
import {
  findPackage,
  findPriceBook,
  findPriceVersion,
  findServiceByCode,
  insertPackage,
  insertPriceBook,
  insertPriceBookPackage,
  insertPriceVersion,
  insertService,
} from './catalog/catalog.repo.ts';
import type { Frequency } from './input/frequency-input.ts';
import { type PriceInput, parsePriceInput, type ServiceKind } from './catalog/price-input.ts';
import { listTaxRates } from './tax/list-tax-rates.ts';
import { setTaxRate } from './tax/set-tax-rate.ts';

interface DemoService {
  code: string;
  name: string;
  kind: ServiceKind;
  unit: string;
  price: PriceInput;
}

interface DemoPackage {
  code: string;
  name: string;
  frequency: Frequency;
  services: DemoService[];
}

/** List prices of the demo start from this day, so any later demo date finds a price. */
export const DEMO_PRICES_FROM = '2025-01-01';

/** The same three packages in each currency, with prices set per currency (not converted). */
function demoPackages(currency: CurrencyCode): DemoPackage[] {
  const usd = currency === 'USD';
  const suffix = `-${currency}`;
  return [
    {
      code: `PLATFORM${suffix}`,
      name: 'Platform Subscription',
      frequency: 'monthly',
      services: [
        {
          code: 'BASE',
          name: 'Platform base fee',
          kind: 'recurring',
          unit: 'subscription',
          price: { recurring: usd ? '499.00' : '459.00' },
        },
        {
          code: 'SEATS',
          name: 'User seats',
          kind: 'recurring',
          unit: 'seat',
          price: { recurring: usd ? '25.00' : '23.00' },
        },
        {
          code: 'ONBOARDING',
          name: 'Onboarding',
          kind: 'one_time',
          unit: 'engagement',
          price: { oneTime: usd ? '1500.00' : '1400.00' },
        },
      ],
    },
    {
      code: `API${suffix}`,
      name: 'API Usage',
      frequency: 'monthly',
      services: [
        {
          code: 'API-CALLS',
          name: 'API calls',
          kind: 'usage',
          unit: 'call',
          price: {
            usageRate: usd ? '0.002' : '0.0018',
            includedQuantity: '100000',
            overageRate: usd ? '0.0015' : '0.0014',
          },
        },
      ],
    },
    {
      code: `STORAGE${suffix}`,
      name: 'Storage',
      frequency: 'monthly',
      services: [
        {
          code: 'VOLUME',
          name: 'Storage volume',
          kind: 'state_based',
          unit: 'volume',
          price: {
            statePrices: usd ? { active: '50.00', suspended: '10.00' } : { active: '45.00', suspended: '9.00' },
          },
        },
      ],
    },
  ];
}

/**
 * Flat rates per jurisdiction (see TAX_RULE), in force from DEMO_PRICES_FROM: enough to show tax on demo
 * invoices, not tax advice. The US has no federal sales tax, so "US" alone is 0 and states carry their own rate.
 */
export const DEMO_TAX_RATES: Readonly<Record<string, string>> = {
  US: '0',
  'US-CA': '0.0725',
  'US-NY': '0.04',
  'US-TX': '0.0625',
  CA: '0.05',
  'CA-ON': '0.13',
  DE: '0.19',
  FR: '0.20',
  NL: '0.21',
  GB: '0.20',
};

export interface DemoCatalogResult {
  created: { packages: number; services: number; prices: number; priceBooks: number; taxRates: number };
}

/**
 * Puts a realistic demo catalog in place: USD and EUR packages (a platform subscription with recurring
 * and one-time services, API usage with an included quantity and overage, storage priced by state), a
 * price book per currency and tax rates. Everything is found by code first, so running it again (every
 * `npm start`) changes nothing and a catalog someone edited keeps their edits.
 */
export async function seedDemoCatalog(ctx: AppContext): Promise<DemoCatalogResult> {
  const created = { packages: 0, services: 0, prices: 0, priceBooks: 0, taxRates: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    // Two hubs starting together must not both insert the same codes.
    await sql`SELECT pg_advisory_xact_lock(hashtext('revbridge.demo_catalog'))`.execute(trx);
    for (const currency of ['USD', 'EUR'] as const) {
      let book = await findPriceBook(trx, `LIST-${currency}`);
      if (!book) {
        book = await insertPriceBook(trx, { code: `LIST-${currency}`, name: `List prices (${currency})`, currency });
        created.priceBooks++;
      }
      for (const demo of demoPackages(currency)) {
        const packageId = await ensurePackage(trx, demo, currency, created);
        await insertPriceBookPackage(trx, book.id, packageId);
      }
    }
  });
  // Through the use-case, as an operator would, and only for jurisdictions nobody has set a rate for:
  // a jurisdiction someone manages keeps exactly their versions.
  const managed = new Set((await listTaxRates(ctx)).map((r) => r.jurisdiction));
  for (const [jurisdiction, rate] of Object.entries(DEMO_TAX_RATES)) {
    if (managed.has(jurisdiction)) continue;
    const result = await setTaxRate(ctx, { jurisdiction, rate, effectiveFrom: DEMO_PRICES_FROM });
    if (result.created) created.taxRates++;
  }
  return { created };
}

async function ensurePackage(
  db: Db,
  demo: DemoPackage,
  currency: CurrencyCode,
  created: DemoCatalogResult['created'],
): Promise<bigint> {
  let pkg = await findPackage(db, demo.code);
  if (!pkg) {
    pkg = await insertPackage(db, { code: demo.code, name: demo.name, currency, frequency: demo.frequency });
    created.packages++;
  }
  for (const s of demo.services) {
    let service = await findServiceByCode(db, pkg.id, s.code);
    if (!service) {
      service = await insertService(db, { package_id: pkg.id, code: s.code, name: s.name, kind: s.kind, unit: s.unit });
      created.services++;
    }
    if (!(await findPriceVersion(db, service.id, DEMO_PRICES_FROM))) {
      const values = parsePriceInput(s.price, s.kind, currency);
      await insertPriceVersion(db, { service_id: service.id, effective_from: DEMO_PRICES_FROM, ...values });
      created.prices++;
    }
  }
  return pkg.id;
}

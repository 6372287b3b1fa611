/**
 * The demo catalog: what a small B2B software company sells — subscriptions, metered usage and
 * one-time services — with list prices in both currencies. The standard price book carries the
 * standard prices; "revbridge Price Book" carries the prices sales actually quotes.
 */
export interface DemoProduct {
  code: string;
  name: string;
  family: 'Subscription' | 'Usage' | 'Professional Services';
  unit: 'User' | 'Each' | 'GB' | 'Hour';
  description: string;
  /** Standard price book, per currency. */
  standard: { USD: number; EUR: number };
  /** revbridge Price Book, per currency; 'standard' uses the standard price (UseStandardPrice). */
  list: { USD: number; EUR: number } | 'standard';
}

export const DEMO_CURRENCIES = ['USD', 'EUR'] as const;
export type DemoCurrency = (typeof DEMO_CURRENCIES)[number];

export const DEMO_PRICEBOOK_NAME = 'revbridge Price Book';

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    code: 'RB-PLAT-SUB',
    name: 'Platform Subscription',
    family: 'Subscription',
    unit: 'User',
    description: 'Core platform, billed per user per year.',
    standard: { USD: 120, EUR: 110 },
    list: { USD: 100, EUR: 95 },
  },
  {
    code: 'RB-ANL-SUB',
    name: 'Analytics Add-on',
    family: 'Subscription',
    unit: 'User',
    description: 'Dashboards and revenue analytics, billed per user per year.',
    standard: { USD: 40, EUR: 36 },
    list: { USD: 35, EUR: 32 },
  },
  {
    code: 'RB-API-USG',
    name: 'API Calls (per 1,000)',
    family: 'Usage',
    unit: 'Each',
    description: 'Metered API usage, billed monthly in arrears per 1,000 calls.',
    standard: { USD: 0.5, EUR: 0.45 },
    list: 'standard',
  },
  {
    code: 'RB-STO-USG',
    name: 'Storage (per GB)',
    family: 'Usage',
    unit: 'GB',
    description: 'Document storage above the included quota, billed monthly per GB.',
    standard: { USD: 0.25, EUR: 0.23 },
    list: { USD: 0.2, EUR: 0.19 },
  },
  {
    code: 'RB-ONB-SVC',
    name: 'Onboarding Package',
    family: 'Professional Services',
    unit: 'Each',
    description: 'One-time implementation and data migration.',
    standard: { USD: 5000, EUR: 4600 },
    list: { USD: 4500, EUR: 4200 },
  },
  {
    code: 'RB-CON-SVC',
    name: 'Consulting Hour',
    family: 'Professional Services',
    unit: 'Hour',
    description: 'Solution consulting, billed per hour.',
    standard: { USD: 200, EUR: 185 },
    list: { USD: 180, EUR: 170 },
  },
];

/**
 * Demo deals, all priced from the revbridge Price Book in the account's currency. CloseDates are
 * days relative to the org clock's current date, so "last 30 days" and "next quarter" queries always
 * find something. Some lines carry a negotiated UnitPrice below list price, some a discount; a line
 * without UnitPrice is sold at list price.
 */
export interface DemoLine {
  product: string;
  quantity: number;
  unitPrice?: number;
  discount?: number;
  description?: string;
}

export interface DemoOpportunity {
  key: string;
  account: string;
  name: string;
  stage: 'Qualification' | 'Proposal/Price Quote' | 'Negotiation/Review' | 'Closed Won' | 'Closed Lost';
  closeInDays: number;
  type: 'New Customer' | 'Existing Customer - Upgrade';
  leadSource: 'Web' | 'Phone Inquiry' | 'Partner Referral' | 'Other';
  lines: DemoLine[];
}

export const DEMO_OPPORTUNITIES: DemoOpportunity[] = [
  {
    key: 'acme-platform',
    account: 'acme',
    name: 'Acme Holdings - Platform rollout',
    stage: 'Closed Won',
    closeInDays: -20,
    type: 'New Customer',
    leadSource: 'Partner Referral',
    lines: [
      { product: 'RB-PLAT-SUB', quantity: 250, unitPrice: 92, description: 'Negotiated group rate' },
      { product: 'RB-ANL-SUB', quantity: 250 },
      { product: 'RB-ONB-SVC', quantity: 1 },
    ],
  },
  {
    key: 'acme-na-usage',
    account: 'acme-na',
    name: 'Acme North America - Usage expansion',
    stage: 'Closed Won',
    closeInDays: -5,
    type: 'Existing Customer - Upgrade',
    leadSource: 'Other',
    lines: [
      { product: 'RB-API-USG', quantity: 2000 },
      { product: 'RB-STO-USG', quantity: 500, discount: 10 },
    ],
  },
  {
    key: 'acme-latam-onboarding',
    account: 'acme-latam',
    name: 'Acme Latin America - Onboarding',
    stage: 'Proposal/Price Quote',
    closeInDays: 30,
    type: 'Existing Customer - Upgrade',
    leadSource: 'Other',
    lines: [
      { product: 'RB-ONB-SVC', quantity: 1, unitPrice: 4000 },
      { product: 'RB-CON-SVC', quantity: 40, discount: 12.5 },
    ],
  },
  {
    key: 'globex-pilot',
    account: 'globex',
    name: 'Globex Retail - Platform pilot',
    stage: 'Closed Lost',
    closeInDays: -45,
    type: 'New Customer',
    leadSource: 'Web',
    lines: [{ product: 'RB-PLAT-SUB', quantity: 50 }],
  },
  {
    key: 'initech-evaluation',
    account: 'initech',
    name: 'Initech Labs - Evaluation',
    stage: 'Qualification',
    closeInDays: 60,
    type: 'New Customer',
    leadSource: 'Phone Inquiry',
    lines: [{ product: 'RB-PLAT-SUB', quantity: 25 }],
  },
  {
    key: 'nordwind-enterprise',
    account: 'nordwind',
    name: 'Nordwind Gruppe - Enterprise platform',
    stage: 'Closed Won',
    closeInDays: -12,
    type: 'New Customer',
    leadSource: 'Partner Referral',
    lines: [
      { product: 'RB-PLAT-SUB', quantity: 400, unitPrice: 89, description: 'Konzernrabatt' },
      { product: 'RB-ANL-SUB', quantity: 400, unitPrice: 30 },
      { product: 'RB-ONB-SVC', quantity: 2 },
      { product: 'RB-CON-SVC', quantity: 80, discount: 5 },
    ],
  },
  {
    key: 'nordwind-fr-storage',
    account: 'nordwind-fr',
    name: 'Nordwind France - Storage and API add-on',
    stage: 'Negotiation/Review',
    closeInDays: 14,
    type: 'Existing Customer - Upgrade',
    leadSource: 'Other',
    lines: [
      { product: 'RB-STO-USG', quantity: 2000 },
      { product: 'RB-API-USG', quantity: 10000, unitPrice: 0.41 },
    ],
  },
  {
    key: 'vandijk-platform',
    account: 'vandijk',
    name: 'Van Dijk Logistiek - Platform',
    stage: 'Closed Lost',
    closeInDays: -75,
    type: 'New Customer',
    leadSource: 'Web',
    lines: [{ product: 'RB-PLAT-SUB', quantity: 30 }],
  },
];

import type { DemoCurrency } from './catalog.ts';

/**
 * Demo customers: two three-level hierarchies (a US group billed in USD, a German group billed in EUR)
 * and a few standalone accounts, one of them a prospect. Addresses use real cities; phone numbers and
 * web sites use reserved ranges and example.com domains.
 */
export interface DemoAccount {
  key: string;
  name: string;
  parent?: string;
  type: 'Prospect' | 'Customer - Direct' | 'Customer - Channel';
  industry: string;
  currency: DemoCurrency;
  employees: number;
  phone: string;
  website: string;
  billing: { street: string; city: string; state?: string; postalCode: string; country: string };
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  // USD group: holding → regional subsidiaries → branches.
  {
    key: 'acme',
    name: 'Acme Holdings Inc.',
    type: 'Customer - Direct',
    industry: 'Manufacturing',
    currency: 'USD',
    employees: 5200,
    phone: '+1 212 555 0100',
    website: 'https://acme.example.com',
    billing: {
      street: '350 Fifth Avenue',
      city: 'New York',
      state: 'NY',
      postalCode: '10118',
      country: 'United States',
    },
  },
  {
    key: 'acme-na',
    name: 'Acme North America LLC',
    parent: 'acme',
    type: 'Customer - Direct',
    industry: 'Manufacturing',
    currency: 'USD',
    employees: 2100,
    phone: '+1 312 555 0110',
    website: 'https://na.acme.example.com',
    billing: {
      street: '233 S Wacker Drive',
      city: 'Chicago',
      state: 'IL',
      postalCode: '60606',
      country: 'United States',
    },
  },
  {
    key: 'acme-chicago',
    name: 'Acme Chicago Branch',
    parent: 'acme-na',
    type: 'Customer - Direct',
    industry: 'Manufacturing',
    currency: 'USD',
    employees: 640,
    phone: '+1 312 555 0120',
    website: 'https://chicago.acme.example.com',
    billing: {
      street: '1200 W Fulton Market',
      city: 'Chicago',
      state: 'IL',
      postalCode: '60607',
      country: 'United States',
    },
  },
  {
    key: 'acme-toronto',
    name: 'Acme Toronto Branch',
    parent: 'acme-na',
    type: 'Customer - Direct',
    industry: 'Manufacturing',
    currency: 'USD',
    employees: 310,
    phone: '+1 416 555 0130',
    website: 'https://toronto.acme.example.com',
    billing: { street: '100 King Street West', city: 'Toronto', state: 'ON', postalCode: 'M5X 1A9', country: 'Canada' },
  },
  {
    key: 'acme-latam',
    name: 'Acme Latin America S.A. de C.V.',
    parent: 'acme',
    type: 'Customer - Direct',
    industry: 'Manufacturing',
    currency: 'USD',
    employees: 880,
    phone: '+52 55 5555 0140',
    website: 'https://latam.acme.example.com',
    billing: {
      street: 'Paseo de la Reforma 505',
      city: 'Ciudad de México',
      state: 'CDMX',
      postalCode: '06500',
      country: 'Mexico',
    },
  },
  {
    key: 'acme-monterrey',
    name: 'Acme Monterrey Branch',
    parent: 'acme-latam',
    type: 'Customer - Direct',
    industry: 'Manufacturing',
    currency: 'USD',
    employees: 260,
    phone: '+52 81 5555 0150',
    website: 'https://monterrey.acme.example.com',
    billing: {
      street: 'Av. Constitución 2050',
      city: 'Monterrey',
      state: 'NL',
      postalCode: '64000',
      country: 'Mexico',
    },
  },
  // EUR group: holding → country companies → branches.
  {
    key: 'nordwind',
    name: 'Nordwind Gruppe AG',
    type: 'Customer - Direct',
    industry: 'Transportation',
    currency: 'EUR',
    employees: 3900,
    phone: '+49 40 5555 0200',
    website: 'https://nordwind.example.com',
    billing: { street: 'Am Sandtorkai 50', city: 'Hamburg', postalCode: '20457', country: 'Germany' },
  },
  {
    key: 'nordwind-de',
    name: 'Nordwind Deutschland GmbH',
    parent: 'nordwind',
    type: 'Customer - Direct',
    industry: 'Transportation',
    currency: 'EUR',
    employees: 1700,
    phone: '+49 89 5555 0210',
    website: 'https://de.nordwind.example.com',
    billing: { street: 'Leopoldstraße 180', city: 'München', state: 'Bayern', postalCode: '80804', country: 'Germany' },
  },
  {
    key: 'nordwind-berlin',
    name: 'Nordwind Niederlassung Berlin',
    parent: 'nordwind-de',
    type: 'Customer - Direct',
    industry: 'Transportation',
    currency: 'EUR',
    employees: 420,
    phone: '+49 30 5555 0220',
    website: 'https://berlin.nordwind.example.com',
    billing: { street: 'Friedrichstraße 68', city: 'Berlin', postalCode: '10117', country: 'Germany' },
  },
  {
    key: 'nordwind-fr',
    name: 'Nordwind France SAS',
    parent: 'nordwind',
    type: 'Customer - Direct',
    industry: 'Transportation',
    currency: 'EUR',
    employees: 950,
    phone: '+33 1 55 55 02 30',
    website: 'https://fr.nordwind.example.com',
    billing: { street: '25 Rue de la Paix', city: 'Paris', postalCode: '75002', country: 'France' },
  },
  {
    key: 'nordwind-lyon',
    name: 'Nordwind Agence Lyon',
    parent: 'nordwind-fr',
    type: 'Customer - Direct',
    industry: 'Transportation',
    currency: 'EUR',
    employees: 180,
    phone: '+33 4 55 55 02 40',
    website: 'https://lyon.nordwind.example.com',
    billing: { street: '10 Place Bellecour', city: 'Lyon', postalCode: '69002', country: 'France' },
  },
  // Standalone accounts.
  {
    key: 'globex',
    name: 'Globex Retail Corp.',
    type: 'Customer - Channel',
    industry: 'Retail',
    currency: 'USD',
    employees: 1200,
    phone: '+1 415 555 0300',
    website: 'https://globex.example.com',
    billing: {
      street: '1 Market Street',
      city: 'San Francisco',
      state: 'CA',
      postalCode: '94105',
      country: 'United States',
    },
  },
  {
    key: 'initech',
    name: 'Initech Labs',
    type: 'Prospect',
    industry: 'Technology',
    currency: 'USD',
    employees: 85,
    phone: '+1 512 555 0310',
    website: 'https://initech.example.com',
    billing: { street: '500 W 2nd Street', city: 'Austin', state: 'TX', postalCode: '78701', country: 'United States' },
  },
  {
    key: 'vandijk',
    name: 'Van Dijk Logistiek B.V.',
    type: 'Customer - Direct',
    industry: 'Transportation',
    currency: 'EUR',
    employees: 240,
    phone: '+31 10 555 0320',
    website: 'https://vandijk.example.com',
    billing: { street: 'Wilhelminakade 123', city: 'Rotterdam', postalCode: '3072 AP', country: 'Netherlands' },
  },
];

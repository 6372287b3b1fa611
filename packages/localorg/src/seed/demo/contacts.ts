/**
 * Demo contacts: people on every demo account, with their work e-mail (example.com domains). One of
 * them is shared with a second account through an indirect AccountContactRelation.
 */
export interface DemoContact {
  key: string;
  account: string;
  firstName: string;
  lastName: string;
  title: string;
  email: string;
  phone: string;
}

export const DEMO_CONTACTS: DemoContact[] = [
  {
    key: 'dana',
    account: 'acme',
    firstName: 'Dana',
    lastName: 'Whitfield',
    title: 'Chief Financial Officer',
    email: 'dana.whitfield@acme.example.com',
    phone: '+1 212 555 0101',
  },
  {
    key: 'marcus',
    account: 'acme',
    firstName: 'Marcus',
    lastName: 'Lee',
    title: 'VP Information Technology',
    email: 'marcus.lee@acme.example.com',
    phone: '+1 212 555 0102',
  },
  {
    key: 'priya',
    account: 'acme-na',
    firstName: 'Priya',
    lastName: 'Raman',
    title: 'Regional Controller',
    email: 'priya.raman@acme.example.com',
    phone: '+1 312 555 0111',
  },
  {
    key: 'kevin',
    account: 'acme-chicago',
    firstName: 'Kevin',
    lastName: "O'Brien",
    title: 'Office Manager',
    email: 'kevin.obrien@acme.example.com',
    phone: '+1 312 555 0121',
  },
  {
    key: 'emilie',
    account: 'acme-toronto',
    firstName: 'Émilie',
    lastName: 'Tremblay',
    title: 'Branch Manager',
    email: 'emilie.tremblay@acme.example.com',
    phone: '+1 416 555 0131',
  },
  {
    key: 'sofia',
    account: 'acme-latam',
    firstName: 'Sofía',
    lastName: 'Herrera',
    title: 'Finance Manager',
    email: 'sofia.herrera@acme.example.com',
    phone: '+52 55 5555 0141',
  },
  {
    key: 'diego',
    account: 'acme-monterrey',
    firstName: 'Diego',
    lastName: 'Garza',
    title: 'Operations Lead',
    email: 'diego.garza@acme.example.com',
    phone: '+52 81 5555 0151',
  },
  {
    key: 'jonas',
    account: 'nordwind',
    firstName: 'Jonas',
    lastName: 'Becker',
    title: 'Finanzvorstand',
    email: 'jonas.becker@nordwind.example.com',
    phone: '+49 40 5555 0201',
  },
  {
    key: 'lena',
    account: 'nordwind-de',
    firstName: 'Lena',
    lastName: 'Vogel',
    title: 'Leiterin Buchhaltung',
    email: 'lena.vogel@nordwind.example.com',
    phone: '+49 89 5555 0211',
  },
  {
    key: 'felix',
    account: 'nordwind-berlin',
    firstName: 'Felix',
    lastName: 'Schmidt',
    title: 'Niederlassungsleiter',
    email: 'felix.schmidt@nordwind.example.com',
    phone: '+49 30 5555 0221',
  },
  {
    key: 'camille',
    account: 'nordwind-fr',
    firstName: 'Camille',
    lastName: 'Durand',
    title: 'Directrice financière',
    email: 'camille.durand@nordwind.example.com',
    phone: '+33 1 55 55 02 31',
  },
  {
    key: 'julien',
    account: 'nordwind-lyon',
    firstName: 'Julien',
    lastName: 'Moreau',
    title: "Responsable d'agence",
    email: 'julien.moreau@nordwind.example.com',
    phone: '+33 4 55 55 02 41',
  },
  {
    key: 'rachel',
    account: 'globex',
    firstName: 'Rachel',
    lastName: 'Kim',
    title: 'Procurement Director',
    email: 'rachel.kim@globex.example.com',
    phone: '+1 415 555 0301',
  },
  {
    key: 'tom',
    account: 'initech',
    firstName: 'Tom',
    lastName: 'Alvarez',
    title: 'Head of Operations',
    email: 'tom.alvarez@initech.example.com',
    phone: '+1 512 555 0311',
  },
  {
    key: 'sanne',
    account: 'vandijk',
    firstName: 'Sanne',
    lastName: 'de Vries',
    title: 'Financieel Manager',
    email: 'sanne.devries@vandijk.example.com',
    phone: '+31 10 555 0321',
  },
];

/** Contacts shared with a second account (indirect AccountContactRelations). */
export const DEMO_SHARED_CONTACTS: Array<{ contact: string; account: string; roles: string }> = [
  // The North America controller also receives the Toronto branch's invoices.
  { contact: 'priya', account: 'acme-toronto', roles: 'Billing Contact' },
];

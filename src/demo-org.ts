import type { CrmConnection } from './crm/crm.port.ts';

/** Demo accounts that buy (every one but the prospect), by name. */
const CUSTOMERS = [
  'Acme Holdings Inc.',
  'Acme North America LLC',
  'Acme Chicago Branch',
  'Acme Toronto Branch',
  'Acme Latin America S.A. de C.V.',
  'Acme Monterrey Branch',
  'Nordwind Gruppe AG',
  'Nordwind Deutschland GmbH',
  'Nordwind Niederlassung Berlin',
  'Nordwind France SAS',
  'Nordwind Agence Lyon',
  'Globex Retail Corp.',
  'Van Dijk Logistiek B.V.',
];

/** Billing settings the tops of the demo hierarchies carry; their children inherit them. */
const ROOT_SETTINGS: Record<string, Record<string, string>> = {
  'Acme Holdings Inc.': {
    Billing_Primary_Email__c: 'accounts.payable@acme.example.com',
    AR_Term__c: 'Net 30',
    Billing_Cycle__c: 'Monthly',
    Billing_Account_Category__c: 'Business',
  },
  'Nordwind Gruppe AG': {
    Billing_Primary_Email__c: 'rechnungen@nordwind.example.com',
    AR_Term__c: 'Net 45',
    Billing_Cycle__c: 'Quarterly',
    Billing_Account_Category__c: 'Business',
  },
  'Van Dijk Logistiek B.V.': { Billing_Primary_Email__c: 'facturen@vandijk.example.com' },
};

/** The deliberate mistake: Globex names an Acme account as its invoicer, outside its own hierarchy. */
const MISTAKE = { account: 'Globex Retail Corp.', invoicer: 'Acme Holdings Inc.' };

/**
 * Makes the local org's demo company ready to meet billing, as an admin and reps would: the customers are
 * flagged for billing (the prospect is not), the tops of the hierarchies carry billing settings, every
 * contact of a customer is flagged (one of them is shared by two accounts), and one account has a
 * deliberate mistake so the first poll shows how an error reaches the Salesforce record. Writes only
 * what differs, so a restart changes nothing.
 */
export async function prepareDemoOrg(crm: CrmConnection): Promise<{ accounts: number; contacts: number }> {
  const accounts = new Map<string, Record<string, unknown>>();
  const fields = [
    'Id',
    'Name',
    'Billing_Sync__c',
    'Subscription_Invoicer__c',
    ...new Set(Object.values(ROOT_SETTINGS).flatMap(Object.keys)),
  ];
  for await (const page of crm.queryPages(`SELECT ${fields.join(', ')} FROM Account`)) {
    for (const a of page) accounts.set(a.Name as string, a);
  }
  const idOf = (name: string) => accounts.get(name)?.Id as string | undefined;
  const accountWrites: Record<string, unknown>[] = [];
  for (const name of CUSTOMERS) {
    const current = accounts.get(name);
    if (!current) continue;
    const wanted: Record<string, unknown> = { Billing_Sync__c: true, ...ROOT_SETTINGS[name] };
    if (name === MISTAKE.account && idOf(MISTAKE.invoicer)) wanted.Subscription_Invoicer__c = idOf(MISTAKE.invoicer);
    const changes = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => current[k] !== v));
    if (Object.keys(changes).length > 0) accountWrites.push({ Id: current.Id, ...changes });
  }
  const customerIds = CUSTOMERS.map(idOf).filter((id): id is string => !!id);
  const contactWrites: Record<string, unknown>[] = [];
  if (customerIds.length > 0) {
    const list = customerIds.map((id) => `'${id}'`).join(', ');
    for await (const page of crm.queryPages(`SELECT Id, Billing_Sync__c FROM Contact WHERE AccountId IN (${list})`)) {
      for (const c of page) if (c.Billing_Sync__c !== true) contactWrites.push({ Id: c.Id, Billing_Sync__c: true });
    }
  }
  if (accountWrites.length > 0) await crm.update('Account', accountWrites);
  if (contactWrites.length > 0) await crm.update('Contact', contactWrites);
  return { accounts: accountWrites.length, contacts: contactWrites.length };
}

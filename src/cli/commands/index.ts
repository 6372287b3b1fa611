import type { Command } from 'commander';
import type { CliRunner } from '../cli-runner.ts';

type Register = (program: Command, run: CliRunner) => void;

/**
 * A top-level command: its name and one-line description (what `revbridge --help` lists), and how to load
 * the files that define it. Loading is deferred because a command file pulls in its use-cases and, through
 * them, the store, kysely, pg and zod: about 0.4 s of module loading that `--help`, `--version` and every
 * other command would otherwise pay for all of them.
 */
interface TopCommand {
  name: string;
  description: string;
  load: () => Promise<Register[]>;
}

/**
 * Every command of `revbridge`. One file per resource, `<resource>.command.ts`, exporting
 * `register<Resource>Command(program, run)`; add an entry here with the same description as the file gives
 * its command (a test checks they agree).
 */
export const TOP_COMMANDS: readonly TopCommand[] = [
  {
    name: 'db',
    description: 'the PostgreSQL store: migrations and schema',
    load: async () => [(await import('./db.command.ts')).registerDbCommand],
  },
  {
    name: 'catalog',
    description: 'packages, services, list prices and price books',
    load: async () => [(await import('./catalog.command.ts')).registerCatalogCommand],
  },
  {
    name: 'account',
    description: 'billing accounts and their hierarchy',
    // `account summary` reads invoices, so invoices.command.ts adds it to the account command.
    load: async () => [
      (await import('./accounts.command.ts')).registerAccountsCommand,
      (await import('./invoices.command.ts')).registerInvoicesCommand,
    ],
  },
  {
    name: 'contact',
    description: 'contacts and their accounts',
    load: async () => [(await import('./contacts.command.ts')).registerContactsCommand],
  },
  {
    name: 'price-plan',
    description: "an account's negotiated prices",
    load: async () => [(await import('./price-plans.command.ts')).registerPricePlansCommand],
  },
  {
    name: 'product',
    description: "an account's products (orders/subscriptions)",
    load: async () => [(await import('./products.command.ts')).registerProductsCommand],
  },
  {
    name: 'usage',
    description: 'usage of usage-priced services',
    load: async () => [(await import('./usage.command.ts')).registerUsageCommand],
  },
  {
    name: 'tax-rate',
    description: 'flat tax rates per jurisdiction (country "US" or country-region "US-CA"), by effective date',
    load: async () => [(await import('./tax-rates.command.ts')).registerTaxRatesCommand],
  },
  {
    name: 'bill-group',
    description: "bill groups billing defines (an account's --bill-group; Salesforce's Bill Group picklist)",
    load: async () => [(await import('./reference-lists.command.ts')).registerBillGroupsCommand],
  },
  {
    name: 'ar-term',
    description: 'named AR terms, e.g. "Net 30" = 30 days (Salesforce\'s AR Term picklist)',
    load: async () => [(await import('./reference-lists.command.ts')).registerArTermsCommand],
  },
  {
    name: 'account-category',
    description:
      "account categories billing defines (an account's --category; Salesforce's Billing Account Category picklist)",
    load: async () => [(await import('./reference-lists.command.ts')).registerAccountCategoriesCommand],
  },
  {
    name: 'billing',
    description: 'the billing run',
    load: async () => [(await import('./billing.command.ts')).registerBillingCommand],
  },
  {
    name: 'invoice',
    description: 'issued invoices (never edited: voided, or credited with `credit-note issue`)',
    load: async () => [(await import('./invoices.command.ts')).registerInvoicesCommand],
  },
  {
    name: 'payment',
    description: 'payments received',
    load: async () => [(await import('./payments.command.ts')).registerPaymentsCommand],
  },
  {
    name: 'credit-note',
    description: 'credit notes: corrections of issued invoices',
    load: async () => [(await import('./credit-notes.command.ts')).registerCreditNotesCommand],
  },
  {
    name: 'salesforce',
    description: 'what a Salesforce org needs from billing',
    load: async () => [(await import('./salesforce.command.ts')).registerSalesforceCommand],
  },
  {
    name: 'worker',
    description: 'run queued jobs until stopped (Ctrl-C); start as many as you like on one database',
    load: async () => [(await import('./worker.command.ts')).registerWorkerCommand],
  },
  {
    name: 'jobs',
    description: 'jobs in the queue: queued, running, retrying or failed (finished jobs leave it)',
    load: async () => [(await import('./jobs.command.ts')).registerJobsCommand],
  },
  {
    name: 'apikey',
    description: 'API keys: who may call the HTTP API, with which role',
    load: async () => [(await import('./apikey.command.ts')).registerApiKeyCommand],
  },
  {
    name: 'sync',
    description: 'sync Salesforce and billing now (the buttons, from a terminal)',
    load: async () => [(await import('./sync.command.ts')).registerSyncCommand],
  },
  {
    name: 'opportunity',
    description: "a Salesforce opportunity's Product Services: read and re-price them",
    load: async () => [(await import('./opportunity.command.ts')).registerOpportunityCommand],
  },
  {
    name: 'push',
    description: 'push a Salesforce record into billing now (the buttons, from a terminal)',
    load: async () => [(await import('./push.command.ts')).registerPushCommand],
  },
  {
    name: 'revenue',
    description: 'revenue management: contracts from Salesforce opportunities, ARR/MRR, renewals, churn',
    load: async () => [(await import('./revenue.command.ts')).registerRevenueCommand],
  },
  {
    name: 'link',
    description: 'link an existing Salesforce record to an existing billing record instead of creating another',
    load: async () => [(await import('./link.command.ts')).registerLinkCommand],
  },
  {
    name: 'history',
    description: 'the integration history: sync runs and what happened to each record',
    load: async () => [(await import('./history.command.ts')).registerHistoryCommand],
  },
  {
    name: 'retry',
    description: 'sync again a failed record (its Salesforce id) or a run (its id: the failed and deferred records)',
    load: async () => [(await import('./retry.command.ts')).registerRetryCommand],
  },
  {
    name: 'mappings',
    description: 'the field mappings between Salesforce and billing',
    load: async () => [(await import('./mappings.command.ts')).registerMappingsCommand],
  },
];

/**
 * Registers what `args` need: the full definition of the top-level command they name (so its subcommands,
 * options and help are all there), and for anything else (`--help`, `--version`, a typo) only the names and
 * descriptions of every command, which is enough for the help listing and "Did you mean …?".
 */
export async function registerCommands(program: Command, run: CliRunner, args: readonly string[]): Promise<void> {
  const words = args.filter((a) => !a.startsWith('-'));
  // `revbridge help account` asks for the help of `account`.
  const named = words[0] === 'help' ? words[1] : words[0];
  const wanted = TOP_COMMANDS.find((c) => c.name === named);
  if (wanted) {
    for (const register of await wanted.load()) register(program, run);
    return;
  }
  for (const c of TOP_COMMANDS) program.command(c.name).description(c.description);
}

/** Every command fully defined (tests, and tools that walk the whole command tree). */
export async function registerAllCommands(program: Command, run: CliRunner): Promise<void> {
  const seen = new Set<Register>();
  for (const c of TOP_COMMANDS) {
    for (const register of await c.load()) {
      if (!seen.has(register)) register(program, run);
      seen.add(register);
    }
  }
}

import type { Command } from 'commander';
import type { CliRunner } from '../cli-runner.ts';
import { registerAccountsCommand } from './accounts.command.ts';
import { registerApiKeyCommand } from './apikey.command.ts';
import { registerBillingCommand } from './billing.command.ts';
import { registerCatalogCommand } from './catalog.command.ts';
import { registerContactsCommand } from './contacts.command.ts';
import { registerCreditNotesCommand } from './credit-notes.command.ts';
import { registerDbCommand } from './db.command.ts';
import { registerInvoicesCommand } from './invoices.command.ts';
import { registerPaymentsCommand } from './payments.command.ts';
import { registerPricePlansCommand } from './price-plans.command.ts';
import { registerProductsCommand } from './products.command.ts';
import { registerTaxRatesCommand } from './tax-rates.command.ts';
import { registerUsageCommand } from './usage.command.ts';

/**
 * Every command of `revbridge`. One file per resource, `<resource>.command.ts`, exporting
 * `register<Resource>Command(program, run)`; add the call here.
 */
export function registerCommands(program: Command, run: CliRunner): void {
  registerDbCommand(program, run);
  registerCatalogCommand(program, run);
  registerAccountsCommand(program, run);
  registerContactsCommand(program, run);
  registerPricePlansCommand(program, run);
  registerProductsCommand(program, run);
  registerUsageCommand(program, run);
  registerTaxRatesCommand(program, run);
  registerBillingCommand(program, run);
  registerInvoicesCommand(program, run);
  registerPaymentsCommand(program, run);
  registerCreditNotesCommand(program, run);
  registerApiKeyCommand(program, run);
}

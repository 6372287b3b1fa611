import type { AppContext } from '../../app-context.ts';
import type { ApiApp } from '../api-app.ts';
import { registerAccountsRoutes } from './accounts.route.ts';
import { registerBillingRoutes } from './billing.route.ts';
import { registerCatalogRoutes } from './catalog.route.ts';
import { registerContactsRoutes } from './contacts.route.ts';
import { registerCreditNotesRoutes } from './credit-notes.route.ts';
import { registerHealthRoutes } from './health.route.ts';
import { registerInvoicesRoutes } from './invoices.route.ts';
import { registerJobsRoutes } from './jobs.route.ts';
import { registerOpenApiRoutes } from './openapi.route.ts';
import { registerOpportunitiesRoutes } from './opportunities.route.ts';
import { registerPaymentsRoutes } from './payments.route.ts';
import { registerPricePlansRoutes } from './price-plans.route.ts';
import { registerProductsRoutes } from './products.route.ts';
import { registerReferenceListsRoutes } from './reference-lists.route.ts';
import { registerRevenuePushRoutes } from './revenue-push.route.ts';
import { registerRevenueRoutes } from './revenue.route.ts';
import { registerSalesforceButtonsRoutes } from './salesforce-buttons.route.ts';
import { registerSalesforceRoutes } from './salesforce.route.ts';
import { registerSyncRoutes } from './sync.route.ts';
import { registerTaxRatesRoutes } from './tax-rates.route.ts';
import { registerUsageRoutes } from './usage.route.ts';

/**
 * Every route of the API. One file per resource, `<resource>.route.ts`, exporting
 * `register<Resource>Routes(app, ctx)`; add the call here. A route that operators or the public may call
 * says so in `config: { access }` (see ../route-access.ts); otherwise reads need `viewer`, writes `admin`.
 */
export function registerRoutes(app: ApiApp, ctx: AppContext): void {
  registerHealthRoutes(app, ctx);
  registerOpenApiRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerAccountsRoutes(app, ctx);
  registerContactsRoutes(app, ctx);
  registerPricePlansRoutes(app, ctx);
  registerProductsRoutes(app, ctx);
  registerUsageRoutes(app, ctx);
  registerTaxRatesRoutes(app, ctx);
  registerReferenceListsRoutes(app, ctx);
  registerSalesforceRoutes(app, ctx);
  registerSalesforceButtonsRoutes(app, ctx);
  registerBillingRoutes(app, ctx);
  registerInvoicesRoutes(app, ctx);
  registerPaymentsRoutes(app, ctx);
  registerCreditNotesRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerOpportunitiesRoutes(app, ctx);
  registerRevenueRoutes(app, ctx);
  registerRevenuePushRoutes(app, ctx);
  registerJobsRoutes(app, ctx);
}

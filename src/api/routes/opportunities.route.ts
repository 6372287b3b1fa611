import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { failedRunError } from '../../sync/engine/recorded-run.ts';
import { pushOpportunities } from '../../sync/flows/opportunity-push/push-opportunities.ts';
import { pushOpportunity } from '../../sync/flows/opportunity-push/push-opportunity.ts';
import { priceOpportunityServices } from '../../sync/flows/opportunity-services/price-opportunity-services.ts';
import { showOpportunityServices } from '../../sync/flows/opportunity-services/show-opportunity-services.ts';
import type { ApiApp } from '../api-app.ts';
import { decimalSchema, quantitySchema, salesforceIdSchema } from '../schemas.ts';
import { priceInputSchema, priceInputToUseCase } from './billing.schemas.ts';
import { syncRunSchema, syncRunJson } from './sync.route.ts';

const tags = ['opportunities'];

/** Changes one request may carry: every service of a large opportunity (a pricing screen saves them together). */
const MAX_CHANGES = 200;

const pricesView = {
  quantity: decimalSchema,
  recurring: decimalSchema.nullable(),
  oneTime: decimalSchema.nullable(),
  usageRate: decimalSchema.nullable(),
  includedQuantity: decimalSchema.nullable(),
  overageRate: decimalSchema.nullable(),
  statePrices: z.record(z.string(), decimalSchema).nullable(),
};

const servicesViewSchema = z.object({
  opportunityId: z.string(),
  name: z.string(),
  stage: z.string(),
  isWon: z.boolean(),
  type: z.string().nullable(),
  closeDate: z.string(),
  accountId: z.string().nullable(),
  currency: z.string(),
  lines: z.array(
    z.object({
      lineItemId: z.string(),
      productCode: z.string(),
      productName: z.string(),
      packageId: z.string(),
      quantity: decimalSchema,
      serviceDate: z.string().nullable(),
      salesPrice: decimalSchema.nullable().meta({ description: 'UnitPrice as Salesforce holds it' }),
      servicesPrice: decimalSchema.meta({ description: 'Σ over the services of quantity × (recurring + one-time)' }),
      matchesServices: z.boolean(),
      services: z.array(
        z.object({
          serviceId: z.string(),
          serviceCode: z.string(),
          serviceName: z.string(),
          kind: z.enum(['recurring', 'one_time', 'usage', 'state_based']),
          active: z.boolean(),
          recordId: z
            .string()
            .nullable()
            .meta({ description: 'Opportunity_Product_Service__c id; null at the default' }),
          ...pricesView,
          list: z.object(pricesView),
        }),
      ),
    }),
  ),
});

/** One service's new prices (money in the opportunity's currency); what is left out keeps its value. */
const changeSchema = priceInputSchema.extend({
  line: salesforceIdSchema.optional().meta({ description: 'OpportunityLineItem id; optional when there is one line' }),
  service: z
    .string()
    .min(1)
    .max(80)
    .meta({ description: "The service's code in its package, or its billing id", examples: ['SEATS'] }),
  quantity: quantitySchema.optional(),
});

const opportunityParam = z.object({ id: salesforceIdSchema });

/** An opportunity's Product Services: read them, re-price them (the pricing screen and the Salesforce button). */
export function registerOpportunitiesRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/opportunities/:id/services',
    {
      schema: {
        summary: "An opportunity's lines with the services of each, as negotiated or at billing's list price",
        tags,
        params: opportunityParam,
        response: { 200: servicesViewSchema },
      },
    },
    async (request) => showOpportunityServices(ctx, request.params.id),
  );

  app.post(
    '/opportunities/:id/services',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Re-price services of an opportunity's lines; each line's sales price becomes its services' sum",
        description:
          'Money in the opportunity currency, rates and quantities as decimal strings; what a change leaves out keeps its value. ' +
          'With no changes, every line gets its service records and its sales price is set to their sum. All changes ' +
          'are checked before anything is written. `dryRun` shows the outcome and writes nothing.',
        tags,
        params: opportunityParam,
        body: z
          .strictObject({
            changes: z.array(changeSchema).max(MAX_CHANGES).optional(),
            dryRun: z.boolean().optional(),
          })
          .optional(),
        response: { 200: syncRunSchema.extend({ opportunity: servicesViewSchema.optional() }) },
      },
    },
    async (request) => {
      const changes = (request.body?.changes ?? []).map(({ line, service, quantity, ...prices }) => ({
        line,
        service,
        quantity,
        ...priceInputToUseCase(prices),
      }));
      const result = await priceOpportunityServices(ctx, request.params.id, changes, {
        dryRun: request.body?.dryRun,
        trigger: 'api',
      });
      const error = failedRunError(result);
      if (error) throw error;
      return { ...syncRunJson(result), opportunity: result.opportunity };
    },
  );

  app.post(
    '/opportunities/:id/push',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Push a Closed-Won opportunity into billing (the Push to billing button, or a Flow)',
        description:
          "The account comes along if billing does not have it; the negotiated service prices become the account's " +
          "price plan, from each line's ServiceDate (else the CloseDate). Pushing again without a change writes " +
          'nothing. A refused push answers with its code and writes its error onto the opportunity. `dryRun` checks ' +
          'and shows what would be recorded.',
        tags,
        params: opportunityParam,
        body: z
          .strictObject({
            dryRun: z.boolean().optional(),
            trigger: z.enum(['api', 'button']).optional().meta({
              description: 'What the history records as the trigger: `button` from the Opportunity page (default api)',
            }),
          })
          .optional(),
        response: {
          200: syncRunSchema.extend({
            pricePlanId: z.string().nullable(),
            billingAccount: z.string().nullable(),
            process: z.enum(['price_plan', 'add_products', 'both']).nullable(),
          }),
        },
      },
    },
    async (request) => {
      const result = await pushOpportunity(ctx, request.params.id, {
        dryRun: request.body?.dryRun,
        trigger: request.body?.trigger ?? 'api',
      });
      const error = failedRunError(result);
      if (error) throw error;
      return {
        ...syncRunJson(result),
        pricePlanId: result.pricePlanId ?? null,
        billingAccount: result.billingAccount ?? null,
        process: result.process ?? null,
      };
    },
  );

  app.post(
    '/opportunities/push',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Push every Closed-Won opportunity on the integrated price book that is not pushed yet, in one run',
        description:
          'Read in three queries whatever their number; each pushed by the same rules as one pushed by name, a ' +
          'refused one a failed record of the run (and its error on the opportunity) while the others go on.',
        tags,
        body: z.strictObject({ dryRun: z.boolean().optional() }).optional(),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => syncRunJson(await pushOpportunities(ctx, { dryRun: request.body?.dryRun, trigger: 'api' })),
  );
}

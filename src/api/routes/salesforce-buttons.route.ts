import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { salesforceId18 } from '../../domain/salesforce-id.ts';
import type { ApiApp } from '../api-app.ts';
import { salesforceIdSchema } from '../schemas.ts';
import { BUTTON_PAGE_CSP, type ButtonAction, buttonPage } from './salesforce-buttons.page.ts';

const ACTIONS: Array<{ action: ButtonAction; summary: string }> = [
  {
    action: 'sync-account',
    summary: 'The page the "Sync to billing" Account button opens: it calls POST /sync/accounts for that account',
  },
  {
    action: 'push-opportunity',
    summary: 'The page the "Push to billing" Opportunity button opens: it calls POST /opportunities/{id}/push',
  },
  {
    action: 'link-account',
    summary: 'The page the "Link billing account" Account button opens: it asks for the number, then POST /sync/link',
  },
];

/** The pages behind the Salesforce buttons (salesforce/force-app/main/default/objects/{Account,Opportunity}/webLinks). */
export function registerSalesforceButtonsRoutes(app: ApiApp, _ctx: AppContext): void {
  for (const { action, summary } of ACTIONS) {
    app.get(
      `/salesforce/buttons/${action}`,
      {
        // The page carries no data (only the id it was given); its script sends an operator key to the routes
        // it calls. A browser opening it from Salesforce has no key to send with the page request itself.
        config: { access: 'public' },
        schema: {
          summary,
          description: 'An HTML page with its own script; the key it asks for is kept in the browser tab only.',
          tags: ['salesforce'],
          querystring: z.object({
            id: salesforceIdSchema.meta({ description: 'The record id ({!Account.Id} or {!Opportunity.Id})' }),
          }),
          response: { 200: z.string().meta({ description: 'The page', contentMediaType: 'text/html' }) },
        },
      },
      async (request, reply) =>
        reply
          .header('content-security-policy', BUTTON_PAGE_CSP)
          .header('x-frame-options', 'DENY')
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(buttonPage(action, salesforceId18(request.query.id) ?? request.query.id)),
    );
  }
}

import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { listSalesforceValueSets } from '../../billing/reference-lists/list-salesforce-value-sets.ts';
import type { ApiApp } from '../api-app.ts';
import { valueSetSchema } from './reference-lists.schemas.ts';

/** What a Salesforce org needs from billing. */
export function registerSalesforceRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/salesforce/value-sets',
    {
      schema: {
        summary:
          'The global value sets behind the Account picklists, from billing’s lists (what `revbridge salesforce metadata` writes)',
        tags: ['salesforce'],
        response: { 200: z.array(valueSetSchema) },
      },
    },
    async () => listSalesforceValueSets(ctx),
  );
}

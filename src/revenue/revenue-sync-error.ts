import type { AppContext } from '../app-context.ts';
import type { CrmConnection, CrmWrite } from '../crm/crm.port.ts';

/** What an opportunity's Revenue_Sync_Error__c says of a refusal: `code: sentence`, cut to the field's 255 characters. */
export function revenueSyncError(refusal: { code: string; message: string } | undefined): string | null {
  return refusal ? `${refusal.code}: ${refusal.message}`.slice(0, 255) : null;
}

/**
 * Revenue_Sync_Error__c values (set or cleared) onto their opportunities, a collection call per 200. A refusal to
 * write one (a validation rule on the Opportunity) is logged: the contracts stay as the run left them.
 */
export async function writeRevenueSyncErrors(ctx: AppContext, crm: CrmConnection, states: CrmWrite[]): Promise<void> {
  if (states.length === 0) return;
  const results = await crm.update('Opportunity', states);
  const refused = results.filter((r) => !r.success);
  if (refused.length > 0) {
    ctx.logger.warn(
      { refused: refused.length, first: refused[0].errors[0] },
      'Salesforce refused some Revenue_Sync_Error__c updates',
    );
  }
}

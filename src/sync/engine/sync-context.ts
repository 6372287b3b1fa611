import type { AppContext } from '../../app-context.ts';
import type { CrmConnection } from '../../crm/crm.port.ts';
import { fail } from '../../domain/errors.ts';

/** Where a run came from: a person (CLI, API, a Salesforce button), the scheduler, change polling, or a retry. */
export type SyncTrigger = 'cli' | 'api' | 'button' | 'schedule' | 'poll' | 'retry' | 'link' | 'test';

export interface SyncOptions {
  /** Plan only: report what would be created or changed, per record, and write nothing anywhere. */
  dryRun?: boolean;
  trigger?: SyncTrigger;
  /** The run this one retries (the history links them). */
  retryOf?: bigint | null;
  /** Limit the run to these Salesforce ids (a retry of single records). */
  salesforceIds?: readonly string[];
  /** With `since`: read these accounts too, changed or not (those still failing, whose parent may be fixed). */
  alsoIds?: readonly string[];
  /** Told of every record read, per Salesforce object (change polling keeps the newest SystemModstamp). */
  onRead?: (object: string, records: readonly Record<string, unknown>[]) => void;
  /** Told after each stage with the records done so far (a progress bar on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

/** The connection the configured org gives, or `salesforce_not_configured`. */
export async function crmOf(ctx: AppContext): Promise<CrmConnection> {
  if (!ctx.crm) {
    fail(
      'salesforce_not_configured',
      'No Salesforce org is configured: set SALESFORCE_LOGIN_URL and credentials, or LOCALORG=on.',
    );
  }
  return ctx.crm();
}

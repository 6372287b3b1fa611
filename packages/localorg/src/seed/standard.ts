import type { Org } from '../org.ts';
import { systemUpdate } from '../records/system-update.ts';
import { insertRecord, writeContext } from '../records/write.ts';

export const INTEGRATION_USERNAME = 'integration@localorg.test';

/**
 * Rows every org has from the start: the user API sessions run as, and the one standard price book
 * (which the API can update but never create or delete).
 */
export function seedStandardRecords(org: Org, username = INTEGRATION_USERNAME): void {
  org.transaction((tx) => {
    const ctx = writeContext(org, tx);
    org.integrationUserId = insertRecord({ ...ctx, userId: peekUserId(org) }, 'User', {
      Username: username,
      FirstName: 'Integration',
      LastName: 'User',
      Alias: 'integ',
      Email: username,
    });
    const pricebookId = insertRecord({ ...ctx, userId: org.integrationUserId }, 'Pricebook2', {
      Name: 'Standard Price Book',
      IsActive: true,
    });
    systemUpdate({ ...ctx, userId: org.integrationUserId }, 'Pricebook2', pricebookId, { IsStandard: true });
  });
}

/** The first user's audit fields name the user itself, so its id is known before it is inserted. */
function peekUserId(org: Org): string {
  return org.peekNextId(org.schema.get('User')!.keyPrefix);
}

import { formatDateTime } from '../clock.ts';
import type { Org } from '../org.ts';
import { systemUpdate } from '../records/system-update.ts';
import { insertRecord, writeContext } from '../records/write.ts';
import type { SfRecord, Transaction } from '../store/record-store.ts';
import { OPPORTUNITY_STAGES } from '../schema/standard/stages.ts';
import { timeZoneSidKey } from '../time-zone.ts';

export const INTEGRATION_USERNAME = 'integration@localorg.test';

/** Standard profiles every org has; the integration user is a System Administrator. */
export const STANDARD_PROFILES = ['System Administrator', 'Standard User', 'Read Only', 'Minimum Access - Salesforce'];

/**
 * Rows every org has from the start: the org itself, the standard profiles, the user API sessions
 * run as, the default opportunity stages, and the one standard price book (which the API can update but never create or delete).
 */
export function seedStandardRecords(org: Org, username = INTEGRATION_USERNAME): void {
  org.transaction((tx) => {
    const ctx = writeContext(org, tx);
    const userId = peekUserId(org);
    org.integrationUserId = insertRecord({ ...ctx, userId }, 'User', {
      Username: username,
      FirstName: 'Integration',
      LastName: 'User',
      Alias: 'integ',
      Email: username,
      // The locale settings every real user has; the sf CLI reads them (`ensureString`) when it loads a user.
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
    });
    const profileIds = STANDARD_PROFILES.map((Name) =>
      putSystemRow(org, tx, userId, 'Profile', { Id: org.nextId('00e'), Name }),
    );
    systemUpdate({ ...ctx, userId }, 'User', userId, { ProfileId: profileIds[0] });
    putSystemRow(org, tx, userId, 'Organization', {
      Id: org.orgId,
      Name: 'localorg',
      IsSandbox: false,
      InstanceName: 'LOCAL',
      OrganizationType: 'Developer Edition',
      NamespacePrefix: null,
      TrialExpirationDate: null,
      DefaultLocaleSidKey: 'en_US',
      TimeZoneSidKey: timeZoneSidKey(org.settings.timeZone),
      LanguageLocaleKey: 'en_US',
    });
    OPPORTUNITY_STAGES.forEach((stage, i) =>
      putSystemRow(org, tx, userId, 'OpportunityStage', {
        Id: org.nextId('01J'),
        ApiName: stage.name,
        MasterLabel: stage.name,
        IsActive: true,
        IsClosed: stage.isClosed,
        IsWon: stage.isWon,
        DefaultProbability: stage.probability,
        ForecastCategoryName: stage.forecastCategory,
        SortOrder: i + 1,
      }),
    );
    const pricebookId = insertRecord({ ...ctx, userId: org.integrationUserId }, 'Pricebook2', {
      Name: 'Standard Price Book',
      IsActive: true,
    });
    systemUpdate({ ...ctx, userId: org.integrationUserId }, 'Pricebook2', pricebookId, { IsStandard: true });
  });
}

/**
 * A row of a read-only object (Organization, Profile), which the API cannot create: every field
 * present, audit fields stamped by `userId`.
 */
function putSystemRow(org: Org, tx: Transaction, userId: string, object: string, values: SfRecord): string {
  const obj = org.schema.get(object)!;
  const stamp = formatDateTime(org.clock.now() - (org.clock.now() % 1000));
  const row: SfRecord = { Id: values.Id };
  for (const f of obj.fields) if (f.type !== 'id' && f.type !== 'address') row[f.name] = null;
  Object.assign(row, values, {
    ...(obj.fields.some((f) => f.name === 'IsDeleted') ? { IsDeleted: false } : {}),
    CreatedDate: stamp,
    CreatedById: userId,
    LastModifiedDate: stamp,
    LastModifiedById: userId,
    SystemModstamp: stamp,
  });
  tx.put(object, row);
  return row.Id;
}

/** The first user's audit fields name the user itself, so its id is known before it is inserted. */
function peekUserId(org: Org): string {
  return org.peekNextId(org.schema.get('User')!.keyPrefix);
}

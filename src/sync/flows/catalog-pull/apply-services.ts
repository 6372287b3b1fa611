import type { CrmConnection } from '../../../crm/crm.port.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import type { DesiredPackage } from './desired-catalog.ts';
import { fieldChanges } from './field-changes.ts';
import type { OrgCatalog } from './org-catalog.ts';
import { billingIdOf, only, type Planned, type Recorder, settle } from './planned-write.ts';

/** Product Services under their products: new and changed ones upserted; Product__c is set on create only (master-detail). */
export async function applyServices(
  crm: CrmConnection,
  org: OrgCatalog,
  desired: DesiredPackage[],
  productIds: Map<string, string>,
  dryRun: boolean,
  record: Recorder,
): Promise<void> {
  const planned: Planned[] = [];
  const skipped: RecordOutcome[] = [];
  const known = new Set(desired.flatMap((d) => d.services.map((s) => String(s.Billing_Service_Id__c))));
  // In Salesforce, not in billing: deactivated (deletes are never pushed).
  const retired = [...org.services.values()]
    .filter((s) => !known.has(String(s.Billing_Service_Id__c)))
    .map((s) => ({
      code: String(s.Service_Code__c ?? s.Name),
      services: [
        { Billing_Service_Id__c: s.Billing_Service_Id__c, Service_Code__c: s.Service_Code__c, Active__c: false },
      ],
      packageId: '',
    }));
  for (const d of [...desired, ...retired]) {
    const productId = productIds.get(d.packageId);
    for (const fields of d.services) {
      const key = String(fields.Billing_Service_Id__c);
      const current = org.services.get(key);
      const changes = fieldChanges(current, fields);
      const outcome: RecordOutcome = {
        object: 'product_service',
        salesforceId: current?.Id ?? null,
        billingId: billingIdOf(key),
        label: `${d.code}/${String(fields.Service_Code__c)}`,
        outcome: !current ? 'created' : Object.keys(changes).length > 0 ? 'updated' : 'unchanged',
        diff: Object.keys(changes).length > 0 ? changes : null,
      };
      if (outcome.outcome === 'unchanged') skipped.push(outcome);
      else if (!current && !productId && !dryRun) {
        skipped.push({ ...outcome, outcome: 'skipped', warnings: ['its product could not be saved in Salesforce'] });
      } else {
        const write = current
          ? { Billing_Service_Id__c: key, ...only(fields, changes) }
          : { ...fields, Product__c: productId };
        planned.push({ write, outcome });
      }
    }
  }
  await record(skipped);
  const results = dryRun
    ? []
    : await crm.upsert(
        'Product_Service__c',
        'Billing_Service_Id__c',
        planned.map((p) => p.write),
      );
  await settle(planned, results, dryRun, record);
}

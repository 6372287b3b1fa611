import type { CrmConnection } from '../../../crm/crm.port.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import type { DesiredPackage } from './desired-catalog.ts';
import { fieldChanges } from './field-changes.ts';
import type { OrgCatalog } from './org-catalog.ts';
import { billingIdOf, only, type Planned, type Recorder, settle } from './planned-write.ts';

/** Products: new and changed ones upserted, those billing no longer has deactivated. Returns the id of each package's product. */
export async function applyProducts(
  crm: CrmConnection,
  org: OrgCatalog,
  desired: DesiredPackage[],
  dryRun: boolean,
  record: Recorder,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const planned: Planned[] = [];
  const unchanged: RecordOutcome[] = [];
  const known = new Set(desired.map((d) => d.packageId));
  const wanted = [
    ...desired.map((d) => ({ key: d.packageId, label: d.code, fields: d.product })),
    // In Salesforce, not in billing: deactivated (deletes are never pushed).
    ...[...org.products.values()]
      .filter((p) => !known.has(String(p.Billing_Package_Id__c)))
      .map((p) => ({
        key: String(p.Billing_Package_Id__c),
        label: String(p.ProductCode ?? p.Name),
        fields: { Billing_Package_Id__c: p.Billing_Package_Id__c, IsActive: false },
      })),
  ];
  for (const w of wanted) {
    const current = org.products.get(w.key);
    if (current) ids.set(w.key, current.Id);
    const changes = fieldChanges(current, w.fields);
    const outcome: RecordOutcome = {
      object: 'product',
      salesforceId: current?.Id ?? null,
      billingId: billingIdOf(w.key),
      label: w.label,
      outcome: !current ? 'created' : Object.keys(changes).length > 0 ? 'updated' : 'unchanged',
      diff: Object.keys(changes).length > 0 ? changes : null,
    };
    if (outcome.outcome === 'unchanged') unchanged.push(outcome);
    else
      planned.push({
        write: current ? { Billing_Package_Id__c: w.key, ...only(w.fields, changes) } : w.fields,
        outcome,
      });
  }
  await record(unchanged);
  const results = dryRun
    ? []
    : await crm.upsert(
        'Product2',
        'Billing_Package_Id__c',
        planned.map((p) => p.write),
      );
  await settle(planned, results, dryRun, record, (p, r) => {
    if (r.id) ids.set(String(p.write.Billing_Package_Id__c), r.id);
  });
  return ids;
}

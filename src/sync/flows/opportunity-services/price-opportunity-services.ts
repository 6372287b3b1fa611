import type { AppContext } from '../../../app-context.ts';
import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import { formatMoney, type Money } from '../../../domain/money.ts';
import { recordedRun, type SyncRunResult } from '../../engine/recorded-run.ts';
import type { SyncOptions } from '../../engine/sync-context.ts';
import { insertOutcomes, type RecordOutcome } from '../../history/history.repo.ts';
import { fieldChanges } from '../catalog-pull/field-changes.ts';
import { billingIdOf, only, type Planned, settle } from '../catalog-pull/planned-write.ts';
import { type LineService, lineServiceKey, lineServicesPrice, type PricedLine } from './line-services.ts';
import { loadOpportunityServices } from './load-opportunity-services.ts';
import { type OpportunityServicesView, toOpportunityServicesView, toPricesView } from './opportunity-services.views.ts';
import { applyServiceChanges, checkServicePrices, type ServicePriceChange } from './service-changes.ts';

export type { ServicePriceChange } from './service-changes.ts';

export interface PriceOpportunityResult extends SyncRunResult {
  /** The opportunity's services as they are after the run (as they would be, in a dry run); absent if it failed. */
  opportunity?: OpportunityServicesView;
}

const OBJECTS = {
  opportunity_product_service: 'Opportunity_Product_Service__c',
  opportunity_line: 'OpportunityLineItem',
};

/**
 * Seeds 000/002: re-prices services of an opportunity's lines and sets each line's sales price to its
 * services' sum. Every line gets a record per service of its package (created at billing's list price,
 * quantity 1, upserted by `Line_Service_Key__c`, so a retried create never makes two); only records and
 * sales prices that differ are written, so pricing again with no change writes nothing. All changes are
 * checked before anything is written: one bad price changes nothing. With no changes, this brings an
 * opportunity's services and sales prices in line (what a Salesforce button calls after lines are added).
 */
export async function priceOpportunityServices(
  ctx: AppContext,
  opportunityId: string,
  changes: readonly ServicePriceChange[],
  options: SyncOptions = {},
): Promise<PriceOpportunityResult> {
  let view: OpportunityServicesView | undefined;
  const result = await recordedRun(ctx, 'opportunity_services', OBJECTS, options, async (run) => {
    const { opportunity, lines } = await loadOpportunityServices(ctx, run.crm, opportunityId);
    applyServiceChanges(lines, changes);
    checkServicePrices(lines);
    const record = async (batch: RecordOutcome[]) => {
      await insertOutcomes(ctx.db, run.runId, batch);
      run.outcomes.add(...batch);
    };
    const failedLines = await writeServiceRecords(run.crm, opportunity.id, lines, run.dryRun, record);
    await writeSalesPrices(
      run.crm,
      lines.filter((l) => !failedLines.has(l.lineItemId)),
      run.dryRun,
      record,
    );
    view = toOpportunityServicesView(opportunity, lines);
  });
  return { ...result, ...(view ? { opportunity: view } : {}) };
}

/** What a line's service record holds: its quantity and prices, blanks for prices its kind does not take. */
function serviceRecordValues(s: LineService): Record<string, unknown> {
  const v = toPricesView(s.prices);
  return {
    Quantity__c: v.quantity,
    Recurring_Price__c: v.recurring,
    One_Time_Price__c: v.oneTime,
    Usage_Rate__c: v.usageRate,
    Included_Quantity__c: v.includedQuantity,
    Overage_Rate__c: v.overageRate,
    State_Prices__c: v.statePrices ? JSON.stringify(v.statePrices) : null,
  };
}

/** Upserts the service records that are missing or differ; returns the lines one of whose records Salesforce refused. */
async function writeServiceRecords(
  crm: CrmConnection,
  opportunityId: string,
  lines: PricedLine[],
  dryRun: boolean,
  record: (batch: RecordOutcome[]) => Promise<void>,
): Promise<Set<string>> {
  const planned: (Planned & { line: PricedLine; service: LineService })[] = [];
  const unchanged: RecordOutcome[] = [];
  for (const line of lines) {
    for (const s of line.services) {
      const key = lineServiceKey(line.lineItemId, s.service.id);
      const values = serviceRecordValues(s);
      const changes = fieldChanges(s.record, values);
      const outcome: RecordOutcome = {
        object: 'opportunity_product_service',
        salesforceId: s.record?.Id ?? null,
        billingId: billingIdOf(s.service.id),
        label: `${line.productCode}/${s.service.code} (line ${line.lineItemId})`,
        outcome: !s.record ? 'created' : Object.keys(changes).length > 0 ? 'updated' : 'unchanged',
        diff: Object.keys(changes).length > 0 ? changes : null,
      };
      if (outcome.outcome === 'unchanged') unchanged.push(outcome);
      else {
        const write = s.record
          ? { Line_Service_Key__c: key, ...only(values, changes) }
          : {
              Line_Service_Key__c: key,
              Name: `${line.productCode} — ${s.service.code}`.slice(0, 80),
              Opportunity__c: opportunityId,
              Opportunity_Line_Item_Id__c: line.lineItemId,
              ...values,
            };
        planned.push({ write, outcome, line, service: s });
      }
    }
  }
  await record(unchanged);
  await linkCatalogServices(
    crm,
    planned.filter((p) => !p.service.record),
  );
  const results = dryRun
    ? []
    : await crm.upsert(
        'Opportunity_Product_Service__c',
        'Line_Service_Key__c',
        planned.map((p) => p.write),
      );
  const failed = new Set<string>();
  planned.forEach((p, i) => {
    if (dryRun) return;
    if (results[i]?.success) p.service.record = { ...(p.service.record ?? {}), Id: results[i].id! } as CrmRecord;
    else failed.add(p.line.lineItemId);
  });
  await settle(planned, results, dryRun, record);
  return failed;
}

/**
 * A new service record points at its catalog Product Service (a lookup, for reports): one query for the
 * ones being created. A service the catalog pull has not brought to Salesforce yet is created without it.
 */
async function linkCatalogServices(crm: CrmConnection, creates: (Planned & { service: LineService })[]) {
  if (creates.length === 0) return;
  const ids = [...new Set(creates.map((p) => p.service.service.id))];
  const found = new Map<string, string>();
  for await (const page of crm.readAll(
    'Product_Service__c',
    ['Id', 'Billing_Service_Id__c'],
    `Billing_Service_Id__c IN (${ids.map((id) => `'${id}'`).join(', ')})`,
  )) {
    for (const r of page) found.set(String(r.Billing_Service_Id__c), r.Id);
  }
  for (const p of creates) {
    const id = found.get(p.service.service.id);
    if (id) p.write.Product_Service__c = id;
    else p.outcome.warnings = ['the catalog has not been pulled since this service was added: run `sync catalog`'];
  }
}

/** Sets each line's sales price to its services' sum where it differs. */
async function writeSalesPrices(
  crm: CrmConnection,
  lines: PricedLine[],
  dryRun: boolean,
  record: (batch: RecordOutcome[]) => Promise<void>,
): Promise<void> {
  const planned: (Planned & { line: PricedLine; price: Money })[] = [];
  const unchanged: RecordOutcome[] = [];
  for (const line of lines) {
    const price = lineServicesPrice(line);
    const outcome: RecordOutcome = {
      object: 'opportunity_line',
      salesforceId: line.lineItemId,
      billingId: billingIdOf(line.package.id),
      label: line.productCode,
      outcome: 'unchanged',
      diff: null,
    };
    if (line.salesPrice?.minor === price.minor) {
      unchanged.push(outcome);
      continue;
    }
    const diff = { UnitPrice: { from: line.salesPrice ? formatMoney(line.salesPrice) : null, to: formatMoney(price) } };
    const write = { Id: line.lineItemId, UnitPrice: formatMoney(price) };
    planned.push({ write, outcome: { ...outcome, outcome: 'updated', diff }, line, price });
  }
  await record(unchanged);
  const results = dryRun
    ? []
    : await crm.update(
        'OpportunityLineItem',
        planned.map((p) => p.write),
      );
  planned.forEach((p, i) => {
    if (dryRun || results[i]?.success) p.line.salesPrice = p.price;
  });
  await settle(planned, results, dryRun, record);
}

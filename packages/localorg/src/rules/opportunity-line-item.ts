import { formatDateTime } from '../clock.ts';
import { sum } from '../decimal.ts';
import { SfError } from '../errors.ts';
import { systemUpdate } from '../records/system-update.ts';
import type { WriteContext } from '../records/write-context.ts';
import type { SfRecord } from '../store/record-store.ts';
import { priceNewLine, repriceLine } from './line-pricing.ts';
import { currencyOf, findEntry, linesOf, liveRow } from './price-lookup.ts';
import type { ObjectRules } from './types.ts';

/**
 * OpportunityLineItem ("opportunity product"). OpportunityId and PricebookEntryId are create-only
 * (schema); an entry referenced by lines cannot be deleted (schema restrictedDelete).
 */

const integrity = (field: string, reason: string, fields = [field]) =>
  new SfError('FIELD_INTEGRITY_EXCEPTION', `field integrity exception: ${field} (${reason})`, 400, fields);

/**
 * A line needs its PricebookEntryId, or a Product2Id that resolves through the opportunity's price
 * book and currency. Otherwise `FIELD_INTEGRITY_EXCEPTION` "field integrity exception:
 * PricebookEntryId, unknown (versions 3.0 and higher must specify pricebook entry id; others must
 * specify product id)" with fields [PricebookEntryId, unknown] — Salesforce's real (dated) text.
 */
function resolveEntry(ctx: WriteContext, row: SfRecord, opp: SfRecord): SfRecord | undefined {
  if (typeof row.PricebookEntryId === 'string') return liveRow(ctx, 'PricebookEntry', row.PricebookEntryId);
  const entry = findEntry(ctx, opp.Pricebook2Id, row.Product2Id, currencyOf(ctx, opp));
  if (!entry || typeof opp.Pricebook2Id !== 'string') {
    throw new SfError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: PricebookEntryId, unknown (versions 3.0 and higher must specify pricebook entry id; others must specify product id)',
      400,
      ['PricebookEntryId', 'unknown'],
    );
  }
  row.PricebookEntryId = entry.Id;
  return entry;
}

/**
 * The entry must be usable on this opportunity, checked in this order (all `FIELD_INTEGRITY_EXCEPTION`
 * on [PricebookEntryId]):
 *  - archived → "(pricebook entry has been archived)" [real text]
 *  - inactive → "(pricebook entry is inactive)" [wording recalled, not confirmed]
 *  - in another book than the opportunity's → "(pricebook entry is in a different pricebook than the
 *    one assigned to the opportunity)" [real text]; an opportunity without a book takes the entry's
 *  - multi-currency, other currency → "(pricebook entry currency code does not match opportunity
 *    currency code)" [real text]
 * A Product2Id given with the entry must be the entry's product — reason APPROXIMATE wording.
 */
function checkEntryFitsOpportunity(ctx: WriteContext, row: SfRecord, entry: SfRecord, opp: SfRecord): void {
  if (entry.IsArchived === true) throw integrity('PricebookEntryId', 'pricebook entry has been archived');
  if (entry.IsActive !== true) throw integrity('PricebookEntryId', 'pricebook entry is inactive');
  if (typeof opp.Pricebook2Id === 'string' && opp.Pricebook2Id !== entry.Pricebook2Id) {
    throw integrity(
      'PricebookEntryId',
      'pricebook entry is in a different pricebook than the one assigned to the opportunity',
    );
  }
  if (ctx.org.settings.multiCurrency && currencyOf(ctx, entry) !== currencyOf(ctx, opp)) {
    throw integrity('PricebookEntryId', 'pricebook entry currency code does not match opportunity currency code');
  }
  if (typeof row.Product2Id === 'string' && row.Product2Id !== entry.Product2Id) {
    throw integrity('Product2Id', 'product does not match the pricebook entry product');
  }
}

/**
 * Read-only copies: Product2Id, ProductCode, ListPrice (the entry's UnitPrice), CurrencyIsoCode (the
 * opportunity's) and Name, which Salesforce composes as "<Opportunity Name> <Product Name>".
 */
function copyFromEntry(ctx: WriteContext, row: SfRecord, entry: SfRecord, opp: SfRecord): void {
  const product = liveRow(ctx, 'Product2', entry.Product2Id);
  row.Product2Id = entry.Product2Id;
  row.ProductCode = product?.ProductCode ?? null;
  row.Name = `${String(opp.Name)} ${String(product?.Name ?? '')}`.trim();
  row.ListPrice = entry.UnitPrice;
  if (ctx.org.settings.multiCurrency) row.CurrencyIsoCode = currencyOf(ctx, opp);
}

function prepareNewLine(ctx: WriteContext, row: SfRecord): void {
  const opp = liveRow(ctx, 'Opportunity', row.OpportunityId);
  if (!opp) return; // REQUIRED_FIELD_MISSING or a reference error follows from the pipeline
  const entry = resolveEntry(ctx, row, opp);
  if (!entry) return; // the reference check reports the bad PricebookEntryId
  checkEntryFitsOpportunity(ctx, row, entry, opp);
  copyFromEntry(ctx, row, entry, opp);
  priceNewLine(row);
}

/**
 * Every insert, update and delete of a line recomputes the parent: Amount = exact sum of the lines'
 * TotalPrice, HasOpportunityLineItem, and an opportunity without a price book takes the first line's.
 * The opportunity's LastModifiedDate/SystemModstamp move even when the totals do not (Salesforce
 * raises an Opportunity change for every line change). Removing the last line leaves Amount 0
 * [recalled, not confirmed: Salesforce recomputes the roll-up over no lines].
 */
function rollUpToOpportunity(ctx: WriteContext, line: SfRecord): void {
  const opp = liveRow(ctx, 'Opportunity', line.OpportunityId);
  if (!opp) return;
  const lines = linesOf(ctx, opp.Id);
  const patch: Record<string, unknown> = {
    Amount: sum(
      lines.map((l) => (typeof l.TotalPrice === 'number' ? l.TotalPrice : 0)),
      2,
    ),
    HasOpportunityLineItem: lines.length > 0,
    SystemModstamp: formatDateTime(ctx.now),
  };
  if (opp.Pricebook2Id === null || opp.Pricebook2Id === undefined) {
    patch.Pricebook2Id = liveRow(ctx, 'PricebookEntry', line.PricebookEntryId)?.Pricebook2Id ?? null;
  }
  systemUpdate(ctx, 'Opportunity', opp.Id, patch);
}

export const opportunityLineItemRules: ObjectRules = {
  beforeInsert: (ctx, _obj, row) => prepareNewLine(ctx, row),
  beforeUpdate: (_ctx, _obj, row, old) => repriceLine(row, old),
  afterInsert: (ctx, _obj, row) => rollUpToOpportunity(ctx, row),
  afterUpdate: (ctx, _obj, row) => rollUpToOpportunity(ctx, row),
  afterDelete: (ctx, _obj, row) => rollUpToOpportunity(ctx, row),
};

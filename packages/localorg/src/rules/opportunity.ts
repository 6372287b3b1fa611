import { SfError } from '../errors.ts';
import type { WriteContext } from '../records/write-context.ts';
import { stageNamed } from '../schema/standard/stages.ts';
import type { SfRecord } from '../store/record-store.ts';
import { currencyOf, hasLines } from './price-lookup.ts';
import type { ObjectRules } from './types.ts';

/**
 * Opportunity. A new opportunity's CurrencyIsoCode (multi-currency orgs) defaults in the pipeline to
 * the corporate currency; Salesforce uses the running user's default currency, which for the local
 * org's integration user is the corporate one. It does not follow the account's currency.
 * Amount and HasOpportunityLineItem are maintained by the line-item rules.
 */

/**
 * IsClosed/IsWon always follow the stage's OpportunityStage row. Probability and ForecastCategoryName
 * default from the stage on insert and whenever the stage changes, unless the same request sets them.
 */
function deriveFromStage(row: SfRecord, requested: ReadonlySet<string>, old?: SfRecord): void {
  const stage = typeof row.StageName === 'string' ? stageNamed(row.StageName) : undefined;
  row.IsClosed = stage?.isClosed ?? false;
  row.IsWon = stage?.isWon ?? false;
  if (!stage || (old && old.StageName === row.StageName)) return;
  const unset = (field: string) => !requested.has(field);
  if (unset('Probability')) row.Probability = stage.probability;
  if (unset('ForecastCategoryName')) row.ForecastCategoryName = stage.forecastCategory;
}

/** FiscalYear/FiscalQuarter from CloseDate, for the default calendar fiscal year (starts in January). */
function deriveFiscalPeriod(row: SfRecord): void {
  const m = typeof row.CloseDate === 'string' ? /^(\d{4})-(\d{2})/.exec(row.CloseDate) : null;
  row.FiscalYear = m ? Number(m[1]) : null;
  row.FiscalQuarter = m ? Math.floor((Number(m[2]) - 1) / 3) + 1 : null;
}

/**
 * While an opportunity has products its Amount is the sum of their TotalPrice: a write to Amount is
 * silently ignored (not rejected) while the rest of the update applies.
 */
function ignoreAmountWithLines(row: SfRecord, old: SfRecord, hasLines: boolean): void {
  if (hasLines) row.Amount = old.Amount;
}

/**
 * Pricebook2Id and CurrencyIsoCode cannot change while the opportunity has products: the lines are
 * priced from entries of that book and currency. `FIELD_INTEGRITY_EXCEPTION`; the reasons in the
 * messages are APPROXIMATE wording.
 */
function lockPricingWithLines(ctx: WriteContext, row: SfRecord, old: SfRecord, hasLines: boolean): void {
  if (!hasLines) return;
  if (row.Pricebook2Id !== old.Pricebook2Id) {
    throw new SfError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: Pricebook2Id (price book cannot be changed on an opportunity that has products)',
      400,
      ['Pricebook2Id'],
    );
  }
  if (currencyOf(ctx, row) !== currencyOf(ctx, old)) {
    throw new SfError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: CurrencyIsoCode (currency cannot be changed on an opportunity that has products)',
      400,
      ['CurrencyIsoCode'],
    );
  }
}

export const opportunityRules: ObjectRules = {
  beforeInsert: (_ctx, _obj, row, requested) => {
    deriveFromStage(row, requested);
    deriveFiscalPeriod(row);
  },
  beforeUpdate: (ctx, _obj, row, old, requested) => {
    const withLines = hasLines(ctx, row.Id);
    lockPricingWithLines(ctx, row, old, withLines);
    ignoreAmountWithLines(row, old, withLines);
    deriveFromStage(row, requested, old);
    deriveFiscalPeriod(row);
  },
};

import type { AppContext } from '../../app-context.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { findPackageById, findService } from '../catalog/catalog.repo.ts';
import { assertPeriod, parseDate, parseOptionalDate } from '../input/date-input.ts';
import { optionalText } from '../input/text-input.ts';
import { type PriceInput, parsePriceInput } from '../catalog/price-input.ts';
import { listPricePlanRows, upsertPricePlan } from './price-plans.repo.ts';
import { type PricePlanView, toPricePlanView } from './price-plans.views.ts';
import { requireAccount } from '../accounts/require-account.ts';
import { markForRerate } from '../products/dated-changes.repo.ts';
import { assertPackageCurrency } from '../products/assert-package-currency.ts';

export interface SetPricePlanInput extends PriceInput {
  /** Account id or number. */
  accountId: string;
  serviceId: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  source?: string | null;
}

/**
 * Records the negotiated prices of one service for an account (seed 000: the account price plan a
 * Closed-Won opportunity creates), honoured by later orders instead of the list price. Prices are in the
 * account's currency, which must be the package's. Setting the same start date again replaces that plan.
 */
export async function setPricePlan(ctx: AppContext, input: SetPricePlanInput): Promise<PricePlanView> {
  const effectiveFrom = parseDate(input.effectiveFrom, 'effectiveFrom');
  const effectiveTo = parseOptionalDate(input.effectiveTo, 'effectiveTo');
  assertPeriod(effectiveFrom, effectiveTo);
  const source = optionalText(input.source, 'source', 255);
  return ctx.db.transaction().execute(async (trx) => {
    const account = await requireAccount(trx, input.accountId);
    const service = await findService(trx, input.serviceId);
    if (!service) fail('service_not_found', `No package service has id "${input.serviceId}".`);
    const pkg = (await findPackageById(trx, service.package_id))!;
    assertPackageCurrency(pkg, account);
    const prices = parsePriceInput(input, service.kind, account.currency as CurrencyCode, { partial: true });
    const row = await upsertPricePlan(trx, {
      account_id: account.id,
      service_id: service.id,
      effective_from: effectiveFrom,
      effective_to: effectiveTo,
      source,
      ...prices,
    });
    await markForRerate(trx, { accountId: account.id, serviceId: service.id }, effectiveFrom);
    const [listed] = (await listPricePlanRows(trx, { accountId: account.id, serviceIds: [service.id] })).filter(
      (p) => p.id === row.id,
    );
    return toPricePlanView(listed);
  });
}

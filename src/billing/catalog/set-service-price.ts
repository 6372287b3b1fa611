import type { AppContext } from '../../app-context.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { markForRerate } from '../products/dated-changes.repo.ts';
import { findPackageById, findPriceVersion, findService, insertPriceVersion } from './catalog.repo.ts';
import { type PriceVersionView, toPriceVersionView } from './catalog.views.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { parseDate } from '../input/date-input.ts';
import { type PriceInput, parsePriceInput, samePrices, toPriceView } from './price-input.ts';

export interface SetServicePriceInput extends PriceInput {
  serviceId: string;
  effectiveFrom: string;
}

export interface SetServicePriceResult {
  price: PriceVersionView;
  /** false when the same prices were already set from that date (a repeated call). */
  created: boolean;
}

/**
 * Sets a service's list price from a date by adding a version. Earlier versions stay: invoices copy
 * their amounts when issued, and a run for an earlier period still finds the price that applied then.
 */
export async function setServicePrice(ctx: AppContext, input: SetServicePriceInput): Promise<SetServicePriceResult> {
  const effectiveFrom = parseDate(input.effectiveFrom, 'effectiveFrom');
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const service = await findService(trx, input.serviceId);
      if (!service) fail('service_not_found', `No package service has id "${input.serviceId}".`);
      const pkg = await findPackageById(trx, service.package_id);
      const currency = pkg!.currency as CurrencyCode;
      const values = parsePriceInput(input, service.kind, currency);
      const existing = await findPriceVersion(trx, service.id, effectiveFrom);
      if (existing) {
        const wanted = toPriceView(
          { ...values, state_prices: values.state_prices && JSON.parse(values.state_prices) },
          currency,
        );
        if (samePrices(toPriceView(existing, currency), wanted)) {
          return { price: toPriceVersionView(existing, currency), created: false };
        }
        fail(
          'validation_failed',
          `Service ${service.code} already has a price from ${effectiveFrom}; use a later date.`,
          {
            field: 'effectiveFrom',
          },
        );
      }
      const row = await insertPriceVersion(trx, { service_id: service.id, effective_from: effectiveFrom, ...values });
      await markForRerate(trx, { serviceId: service.id }, effectiveFrom);
      return { price: toPriceVersionView(row, currency), created: true };
    })
    .catch((error: unknown) => {
      // A concurrent call won the same start date; the caller retries and sees the stored version.
      if (isUniqueViolation(error))
        fail('validation_failed', `A price from ${effectiveFrom} was set at the same time.`, {
          field: 'effectiveFrom',
        });
      throw error;
    });
}

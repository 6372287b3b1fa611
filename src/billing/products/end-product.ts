import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { assertPeriod, parseDate } from '../input/date-input.ts';
import { addDays } from '../../domain/billing-period.ts';
import { markForRerate } from './dated-changes.repo.ts';
import { findProduct, lockProduct, updateProduct } from './products.repo.ts';
import { type ProductView, toProductView } from './products.views.ts';

export interface EndProductInput {
  productId: string;
  /** Last day the product is billed (inclusive). */
  endDate: string;
}

/**
 * Ends a product on a date (its last billed day). Days already billed after it are credited by the next
 * run as an adjustment line; a later end (or none) bills the days gained.
 */
export async function endProduct(ctx: AppContext, input: EndProductInput): Promise<ProductView> {
  const endDate = parseDate(input.endDate, 'endDate');
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findProduct(trx, input.productId);
    if (!found) fail('product_not_found', `No account product has id "${input.productId}".`);
    assertPeriod(found.start_date, endDate);
    await lockProduct(trx, found.id);
    await updateProduct(trx, found.id, { end_date: endDate });
    // Ending earlier than before leaves billed days past the new end: the next run credits them.
    if (found.end_date === null || endDate < found.end_date) {
      await markForRerate(trx, { productId: found.id }, addDays(endDate, 1));
    }
    return toProductView((await findProduct(trx, input.productId))!);
  });
}

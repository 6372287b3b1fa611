import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { assertPeriod, parseDate } from '../input/date-input.ts';
import { findProduct, lockProduct, updateProduct } from './products.repo.ts';
import { type ProductView, toProductView } from './products.views.ts';

export interface EndProductInput {
  productId: string;
  /** Last day the product is billed (inclusive). */
  endDate: string;
}

/** Ends a product on a date; the billing run prorates a period the end falls inside. */
export async function endProduct(ctx: AppContext, input: EndProductInput): Promise<ProductView> {
  const endDate = parseDate(input.endDate, 'endDate');
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findProduct(trx, input.productId);
    if (!found) fail('product_not_found', `No account product has id "${input.productId}".`);
    assertPeriod(found.start_date, endDate);
    await lockProduct(trx, found.id);
    await updateProduct(trx, found.id, { end_date: endDate });
    return toProductView((await findProduct(trx, input.productId))!);
  });
}

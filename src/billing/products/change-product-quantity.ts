import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import { fail } from '../../domain/errors.ts';
import { parseQuantity } from '../input/decimal-input.ts';
import { parseOptionalDate } from '../input/date-input.ts';
import { markForRerate, upsertQuantities } from './dated-changes.repo.ts';
import { findProduct, listCountedServices, lockProduct, updateProduct } from './products.repo.ts';
import { type ProductView, toProductView } from './products.views.ts';

export interface ChangeProductQuantityInput {
  productId: string;
  quantity: string | number;
  /** The first day the new quantity applies (default: today). */
  effectiveFrom?: string | null;
  /** One service's quantity (by code); without it, the product quantity and every recurring and state-based service. */
  service?: string | null;
}

/**
 * Sets a product's quantity (seats, licences) from a day. A day already billed is priced again by the
 * next run, which bills the prorated difference as an adjustment line (credit or debit); issued invoices
 * are never edited.
 */
export async function changeProductQuantity(ctx: AppContext, input: ChangeProductQuantityInput): Promise<ProductView> {
  const quantity = parseQuantity(input.quantity);
  const from = parseOptionalDate(input.effectiveFrom, 'effectiveFrom') ?? today(ctx.clock);
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findProduct(trx, input.productId);
    if (!found) fail('product_not_found', `No account product has id "${input.productId}".`);
    await lockProduct(trx, found.id);
    if (from < found.start_date) {
      fail(
        'invalid_period',
        `The quantity cannot change on ${from}, before the product starts (${found.start_date}).`,
        {
          field: 'effectiveFrom',
        },
      );
    }
    const services = await listCountedServices(trx, found.package_id);
    const targets =
      input.service == null
        ? services.filter((s) => s.kind !== 'one_time')
        : services.filter((s) => s.code === input.service);
    if (input.service != null && targets.length === 0) {
      fail(
        'service_not_found',
        `Package ${found.package_code} has no recurring, one-time or state-based service "${input.service}".`,
        {
          field: 'service',
        },
      );
    }
    if (input.service == null) await updateProduct(trx, found.id, { quantity });
    await upsertQuantities(
      trx,
      targets.map((s) => ({ productId: found.id, serviceId: s.id, from, quantity })),
    );
    await markForRerate(trx, { productId: found.id }, from);
    return toProductView((await findProduct(trx, input.productId))!);
  });
}

import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { parseQuantity } from '../input/decimal-input.ts';
import { findProduct, lockProduct, updateProduct } from './products.repo.ts';
import { type ProductView, toProductView } from './products.views.ts';

export interface ChangeProductQuantityInput {
  productId: string;
  quantity: string | number;
}

/**
 * Sets a product's quantity (seats, licences). Invoices already issued keep the quantity they copied;
 * the next billing run charges the new one.
 */
export async function changeProductQuantity(ctx: AppContext, input: ChangeProductQuantityInput): Promise<ProductView> {
  const quantity = parseQuantity(input.quantity);
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findProduct(trx, input.productId);
    if (!found) fail('product_not_found', `No account product has id "${input.productId}".`);
    await lockProduct(trx, found.id);
    await updateProduct(trx, found.id, { quantity });
    return toProductView((await findProduct(trx, input.productId))!);
  });
}

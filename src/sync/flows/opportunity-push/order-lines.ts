import { createHash } from 'node:crypto';
import type { AppContext } from '../../../app-context.ts';
import type { AccountRow } from '../../../billing/accounts/accounts.repo.ts';
import { changeProductQuantity } from '../../../billing/products/change-product-quantity.ts';
import { orderProduct } from '../../../billing/products/order-product.ts';
import { orderedServiceQuantity } from '../../../domain/service-quantity.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { findLinksBySalesforceId, saveLink } from '../../links/links.repo.ts';
import type { PricedLine } from '../opportunity-services/line-services.ts';
import type { OrgOpportunity } from '../opportunity-services/read-opportunity.ts';

/** What a line orders: its package from its date, the line's quantity, each counted service's own quantity. */
interface LineOrder {
  line: PricedLine;
  startDate: string;
  quantity: string;
  serviceQuantities: Record<string, string>;
}

/**
 * Seed 001 (later version): the Opportunity Type may add the products to the account. Each line becomes an
 * order of its package for the account from the line's ServiceDate (else the CloseDate), with the line's
 * quantity and each counted service at line quantity × its quantity on the line (`orderedServiceQuantity`);
 * the account's price plan prices it. Each line is linked to its order with a hash: a line pushed again
 * unchanged orders nothing, a changed one changes its order's quantities from the line's date (billed
 * months are re-rated by the next run), never a second order. Returns the outcomes, whether billing
 * changed, and whether any line had been pushed before.
 */
export async function orderLines(
  ctx: AppContext,
  opportunity: OrgOpportunity,
  lines: readonly PricedLine[],
  account: AccountRow | undefined,
  dryRun: boolean,
): Promise<{ outcomes: RecordOutcome[]; changed: boolean; pushedBefore: boolean }> {
  const orders = lines.map((line) => lineOrder(opportunity, line));
  const links = await findLinksBySalesforceId(
    ctx.db,
    'opportunity_line',
    orders.map((o) => o.line.lineItemId),
  );
  const outcomes: RecordOutcome[] = [];
  let changed = false;
  for (const order of orders) {
    const hash = createHash('sha256')
      .update(
        JSON.stringify([account?.id.toString() ?? null, order.startDate, order.quantity, order.serviceQuantities]),
      )
      .digest('base64url');
    const link = links.get(order.line.lineItemId);
    const base = {
      object: 'opportunity_line',
      salesforceId: order.line.lineItemId,
      label: `${order.line.productCode} × ${order.quantity} from ${order.startDate}`,
      diff: null,
    };
    if (link?.synced_hash === hash) {
      outcomes.push({ ...base, billingId: link.billing_id, outcome: 'unchanged' });
      continue;
    }
    changed = true;
    let productId = link?.billing_id;
    if (!dryRun && account) {
      if (productId === undefined) {
        const product = await orderProduct(ctx, {
          accountId: account.id.toString(),
          package: order.line.package.code,
          quantity: order.quantity,
          startDate: order.startDate,
          serviceQuantities: order.serviceQuantities,
        });
        productId = BigInt(product.id);
      } else {
        const id = productId.toString();
        await changeProductQuantity(ctx, { productId: id, quantity: order.quantity, effectiveFrom: order.startDate });
        for (const [service, quantity] of Object.entries(order.serviceQuantities)) {
          await changeProductQuantity(ctx, { productId: id, quantity, effectiveFrom: order.startDate, service });
        }
      }
      await saveLink(ctx.db, {
        object: 'opportunity_line',
        salesforceId: order.line.lineItemId,
        billingId: productId,
        hash,
        mappingVersion: 1,
        at: ctx.clock.now(),
      });
    }
    outcomes.push({ ...base, billingId: productId ?? null, outcome: link ? 'updated' : 'created' });
  }
  return { outcomes, changed, pushedBefore: links.size > 0 };
}

function lineOrder(opportunity: OrgOpportunity, line: PricedLine): LineOrder {
  const serviceQuantities: Record<string, string> = {};
  for (const s of line.services) {
    if (!s.service.active || s.service.kind === 'usage') continue;
    serviceQuantities[s.service.code] = orderedServiceQuantity(line.quantity, s.prices.quantity);
  }
  return { line, startDate: line.serviceDate ?? opportunity.closeDate, quantity: line.quantity, serviceQuantities };
}

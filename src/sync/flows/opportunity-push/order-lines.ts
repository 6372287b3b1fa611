import { createHash } from 'node:crypto';
import { lineEffectiveDate } from '../../../domain/opportunity-process.ts';
import type { AppContext } from '../../../app-context.ts';
import type { AccountRow } from '../../../billing/accounts/accounts.repo.ts';
import { changeProductQuantity } from '../../../billing/products/change-product-quantity.ts';
import { orderProduct } from '../../../billing/products/order-product.ts';
import { findProduct } from '../../../billing/products/products.repo.ts';
import { fail } from '../../../domain/errors.ts';
import { orderedServiceQuantity } from '../../../domain/service-quantity.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { findLinksByParent, findLinksBySalesforceId, saveLink } from '../../links/links.repo.ts';
import type { PricedLine } from '../opportunity-services/line-services.ts';
import type { OrgOpportunity } from '../opportunity-services/read-opportunity.ts';

/** What a line orders: its package from its date, the line's quantity, each counted service's own quantity. */
interface LineOrder {
  line: PricedLine;
  startDate: string;
  quantity: string;
  serviceQuantities: Record<string, string>;
}

/** What the push will do with each line's order: nothing, order it, or change the order it made. */
export interface LineOrdersPlan {
  opportunityId: string;
  steps: { order: LineOrder; hash: string; productId: bigint | undefined; action: 'unchanged' | 'create' | 'update' }[];
  pushedBefore: boolean;
  /** Lines an earlier push ordered that the opportunity no longer has: their orders stay as they are. */
  removed: { lineItemId: string; productId: bigint }[];
}

/**
 * Seed 001 (later version): the Opportunity Type may add the products to the account. Each line becomes an
 * order of its package for the account from the line's ServiceDate (else the CloseDate), with the line's
 * quantity and each counted service at line quantity × its quantity on the line (`orderedServiceQuantity`);
 * the account's price plan prices it. Each line is linked to its order with a hash: a line pushed again
 * unchanged orders nothing, a changed one changes its order's quantities from the line's date (billed months
 * are re-rated by the next run), never a second order. Planned and checked before the push writes anything:
 * a line now dated before the order it made starts is `invalid_period`.
 */
export async function planLineOrders(
  ctx: AppContext,
  opportunity: OrgOpportunity,
  lines: readonly PricedLine[],
  account: AccountRow | undefined,
): Promise<LineOrdersPlan> {
  const orders = lines.map((line) => lineOrder(opportunity, line));
  const links = await findLinksBySalesforceId(
    ctx.db,
    'opportunity_line',
    orders.map((o) => o.line.lineItemId),
  );
  const steps: LineOrdersPlan['steps'] = [];
  for (const order of orders) {
    const hash = createHash('sha256')
      .update(
        JSON.stringify([account?.id.toString() ?? null, order.startDate, order.quantity, order.serviceQuantities]),
      )
      .digest('base64url');
    const link = links.get(order.line.lineItemId);
    const action = link?.synced_hash === hash ? 'unchanged' : link ? 'update' : 'create';
    if (action === 'update') {
      const product = await findProduct(ctx.db, link!.billing_id.toString());
      if (product && order.startDate < product.start_date) {
        fail(
          'invalid_period',
          `Line ${order.line.lineItemId} (${order.line.productCode}) now starts on ${order.startDate}, before the order it made starts (${product.start_date}): set its ServiceDate on or after that day, or end that order in billing and push a new line.`,
          { lineItemId: order.line.lineItemId },
        );
      }
    }
    steps.push({ order, hash, productId: link?.billing_id, action });
  }
  const current = new Set(orders.map((o) => o.line.lineItemId));
  const removed = (await findLinksByParent(ctx.db, 'opportunity_line', opportunity.id))
    .filter((l) => !current.has(l.salesforce_id))
    .map((l) => ({ lineItemId: l.salesforce_id, productId: l.billing_id }));
  return { opportunityId: opportunity.id, steps, pushedBefore: links.size > 0 || removed.length > 0, removed };
}

/** Carries out the plan (nothing in a dry run, or before the account exists); the outcomes, and whether billing changed. */
export async function orderLines(
  ctx: AppContext,
  plan: LineOrdersPlan,
  account: AccountRow | undefined,
  dryRun: boolean,
): Promise<{ outcomes: RecordOutcome[]; changed: boolean; pushedBefore: boolean }> {
  const outcomes: RecordOutcome[] = [];
  for (const step of plan.steps) {
    const { order, hash, action } = step;
    let productId = step.productId;
    const base = {
      object: 'opportunity_line',
      salesforceId: order.line.lineItemId,
      label: `${order.line.productCode} × ${order.quantity} from ${order.startDate}`,
      diff: null,
    };
    if (action === 'unchanged') {
      outcomes.push({ ...base, billingId: productId ?? null, outcome: 'unchanged' });
      continue;
    }
    if (!dryRun && account) {
      if (action === 'create') {
        const product = await orderProduct(ctx, {
          accountId: account.id.toString(),
          package: order.line.package.code,
          quantity: order.quantity,
          startDate: order.startDate,
          serviceQuantities: order.serviceQuantities,
        });
        productId = BigInt(product.id);
      } else {
        const id = productId!.toString();
        await changeProductQuantity(ctx, { productId: id, quantity: order.quantity, effectiveFrom: order.startDate });
        for (const [service, quantity] of Object.entries(order.serviceQuantities)) {
          await changeProductQuantity(ctx, { productId: id, quantity, effectiveFrom: order.startDate, service });
        }
      }
      await saveLink(ctx.db, {
        object: 'opportunity_line',
        salesforceId: order.line.lineItemId,
        billingId: productId!,
        hash,
        mappingVersion: 1,
        at: ctx.clock.now(),
        parentSalesforceId: plan.opportunityId,
      });
    }
    outcomes.push({ ...base, billingId: productId ?? null, outcome: action === 'create' ? 'created' : 'updated' });
  }
  return { outcomes, changed: plan.steps.some((s) => s.action !== 'unchanged'), pushedBefore: plan.pushedBefore };
}

function lineOrder(opportunity: OrgOpportunity, line: PricedLine): LineOrder {
  const serviceQuantities: Record<string, string> = {};
  for (const s of line.services) {
    if (!s.service.active || s.service.kind === 'usage') continue;
    serviceQuantities[s.service.code] = orderedServiceQuantity(line.quantity, s.prices.quantity);
  }
  return {
    line,
    startDate: lineEffectiveDate(line.serviceDate, opportunity.closeDate),
    quantity: line.quantity,
    serviceQuantities,
  };
}

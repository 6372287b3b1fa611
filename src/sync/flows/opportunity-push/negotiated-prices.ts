import { lineEffectiveDate } from '../../../domain/opportunity-process.ts';
import type { AppContext } from '../../../app-context.ts';
import type { PriceInput } from '../../../billing/catalog/price-input.ts';
import { listPricePlanRows } from '../../../billing/price-plans/price-plans.repo.ts';
import { toPricePlanView } from '../../../billing/price-plans/price-plans.views.ts';
import { fail } from '../../../domain/errors.ts';
import type { PricedLine } from '../opportunity-services/line-services.ts';
import { type ServicePricesView, toPricesView } from '../opportunity-services/opportunity-services.views.ts';
import type { OrgOpportunity } from '../opportunity-services/read-opportunity.ts';

/** One negotiated price the push records: a service's prices from the day its line takes effect. */
export interface NegotiatedPrice {
  /** `PLAT/SEATS from 2026-02-01`: how the history names it. */
  label: string;
  input: PriceInput & { serviceId: string; effectiveFrom: string };
}

/**
 * The account price plan an opportunity records: every active service of every line at its negotiated
 * prices (all of them, not only those below list: the contract pins them), from the line's ServiceDate,
 * else the opportunity's CloseDate. Two lines of the same package from the same day must agree on a
 * service's prices: the plan holds one price per service and day.
 */
export function negotiatedPrices(opportunity: OrgOpportunity, lines: readonly PricedLine[]): NegotiatedPrice[] {
  const byKey = new Map<string, NegotiatedPrice & { summary: string; line: string }>();
  for (const line of lines) {
    const effectiveFrom = lineEffectiveDate(line.serviceDate, opportunity.closeDate);
    for (const s of line.services) {
      if (!s.service.active) continue;
      const v = toPricesView(s.prices);
      const label = `${line.package.code}/${s.service.code} from ${effectiveFrom}`;
      const price = {
        label,
        summary: priceSummary(v),
        line: line.lineItemId,
        input: {
          serviceId: s.service.id,
          effectiveFrom,
          recurring: v.recurring,
          oneTime: v.oneTime,
          usageRate: v.usageRate,
          includedQuantity: v.includedQuantity,
          overageRate: v.overageRate,
          statePrices: v.statePrices,
        },
      };
      const other = byKey.get(`${s.service.id}@${effectiveFrom}`);
      if (other && other.summary !== price.summary) {
        fail(
          'validation_failed',
          `${label} is priced twice, differently, on lines ${other.line} (${other.summary}) and ${line.lineItemId} (${price.summary}): price them alike, or give the lines different dates.`,
          { lineItemId: line.lineItemId },
        );
      }
      byKey.set(`${s.service.id}@${effectiveFrom}`, price);
    }
  }
  return [...byKey.values()].map(({ label, input }) => ({ label, input }));
}

/** A service's prices in a few words, for the history: `recurring 8.35`, `usage 0.0125, 1000 included, overage 0.02`. */
export function priceSummary(p: Pick<ServicePricesView, Exclude<keyof ServicePricesView, 'quantity'>>): string {
  const parts: string[] = [];
  if (p.recurring != null) parts.push(`recurring ${p.recurring}`);
  if (p.oneTime != null) parts.push(`one-time ${p.oneTime}`);
  if (p.usageRate != null) parts.push(`usage ${p.usageRate}`);
  if (p.includedQuantity != null) parts.push(`${p.includedQuantity} included`);
  if (p.overageRate != null) parts.push(`overage ${p.overageRate}`);
  if (p.statePrices != null) {
    parts.push(
      `states ${Object.entries(p.statePrices)
        .map(([state, amount]) => `${state} ${amount}`)
        .join(', ')}`,
    );
  }
  return parts.join(', ') || 'list price';
}

/** What the push changes in the plan it updates, per price: `{ 'PLAT/SEATS from 2026-02-01': { from, to } }`. */
export async function planChanges(
  ctx: AppContext,
  accountId: bigint | undefined,
  planId: bigint | undefined,
  prices: readonly NegotiatedPrice[],
): Promise<Record<string, { from: string | null; to: string }>> {
  const current = new Map<string, string>();
  if (accountId !== undefined && planId !== undefined) {
    for (const row of await listPricePlanRows(ctx.db, { accountId })) {
      if (row.plan_id !== planId) continue;
      const view = toPricePlanView(row);
      current.set(`${row.service_id}@${row.effective_from}`, priceSummary(toPricesView({ ...view, quantity: '1' })));
    }
  }
  const changes: Record<string, { from: string | null; to: string }> = {};
  for (const p of prices) {
    const to = priceSummary({
      recurring: p.input.recurring ?? null,
      oneTime: p.input.oneTime ?? null,
      usageRate: p.input.usageRate ?? null,
      includedQuantity: p.input.includedQuantity ?? null,
      overageRate: p.input.overageRate ?? null,
      statePrices: p.input.statePrices ?? null,
    });
    const from = current.get(`${p.input.serviceId}@${p.input.effectiveFrom}`) ?? null;
    if (from !== to) changes[p.label] = { from, to };
  }
  return changes;
}

import type { AppContext } from '../../app-context.ts';
import { isIsoDate } from '../../domain/billing-period.ts';
import { today } from '../../domain/clock.ts';
import { contractTerm } from '../../domain/contract-term.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { formatMoney, parseMoney } from '../../domain/money.ts';
import { parseRate } from '../../domain/rate.ts';
import { contractAssignedRevenue, lineRecurringRevenue } from '../../domain/recurring-revenue.ts';
import { DEFAULT_REVENUE_POLICIES } from '../../domain/revenue-policies.ts';
import { salesforceId18 } from '../../domain/salesforce-id.ts';
import { ProductIndex } from '../products/product-index.ts';
import { ensureDefaultProduct, listRevenueProducts } from '../products/revenue-products.repo.ts';
import { listRevenueStages } from '../stages/revenue-stages.repo.ts';
import { type ContractView, contractView } from './contract-view.ts';
import { deleteRevbridgeContract, type ManagedContract, saveManagedContract } from './contracts.repo.ts';
import { contractIdOf } from './link-contracts.ts';
import { tenantCurrency } from './tenant-currency.ts';
import { findContractsById, linksOf } from './stored-contracts.repo.ts';

/** A contract as a person writes it in revbridge: amounts and quantities as decimal text, dates as YYYY-MM-DD. */
export interface ContractInput {
  /** The Salesforce account it belongs to. */
  account: string;
  accountName?: string;
  name: string;
  stage: string;
  closeDate: string;
  /** Term dates for every line (they override the lines', as on an opportunity). */
  start?: string;
  end?: string;
  assignedArr?: string;
  assignedMrr?: string;
  lines: Array<{ product: string; quantity?: string; revenue: string; start?: string; end?: string }>;
}

/**
 * A contract made in revbridge (a renewal or an upsell a customer-success manager records), checked by the same
 * domain rules as an imported one: products from the revenue product list by code, a stage already known, a term
 * for every recurring line, Assigned ARR and MRR together; amounts in the tenant currency. It is marked as
 * changed in revbridge (`revbridge_changed_at`).
 */
export async function createContract(ctx: AppContext, input: ContractInput): Promise<ContractView> {
  const id = await saveManagedContract(ctx.db, await managed(ctx, input), undefined, ctx.clock.now());
  return viewOf(ctx, id);
}

/**
 * Changes a contract made in revbridge: the fields given replace its own (lines given replace all its lines). An
 * imported contract is changed in Salesforce, where its opportunity lives (`contract_from_salesforce`).
 */
export async function updateContract(
  ctx: AppContext,
  ref: string,
  change: Partial<ContractInput>,
): Promise<ContractView> {
  const id = await contractIdOf(ctx.db, ref);
  const [current] = await findContractsById(ctx.db, [id]);
  if (current.opportunityId !== null) {
    fail(
      'contract_from_salesforce',
      `Contract ${id} is opportunity ${current.opportunityId}: change it in Salesforce.`,
    );
  }
  const input: ContractInput = {
    account: current.accountId ?? '',
    accountName: current.accountName ?? undefined,
    name: current.name,
    stage: current.stage,
    closeDate: current.closeDate,
    start: current.start,
    end: current.end,
    assignedArr: current.assignedArrMinor === null ? undefined : minorText(current.assignedArrMinor, current.currency),
    assignedMrr: current.assignedMrrMinor === null ? undefined : minorText(current.assignedMrrMinor, current.currency),
    lines: current.lines.map((l) => ({
      product: l.product,
      quantity: l.quantity,
      revenue: minorText(l.revenueMinor, current.currency),
      start: l.start,
      end: l.end,
    })),
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
  };
  // New lines carry their own dates; the contract's own dates no longer override them unless given again.
  if (change.lines && change.start === undefined) input.start = undefined;
  if (change.lines && change.end === undefined) input.end = undefined;
  await saveManagedContract(ctx.db, await managed(ctx, input), id, ctx.clock.now());
  return viewOf(ctx, id);
}

/** Deletes a contract made in revbridge (never anything in Salesforce); an imported one is refused. */
export async function deleteContract(ctx: AppContext, ref: string): Promise<{ contractId: string; deleted: true }> {
  const id = await contractIdOf(ctx.db, ref);
  if (!(await deleteRevbridgeContract(ctx.db, id))) {
    fail(
      'contract_from_salesforce',
      `Contract ${id} came from a Salesforce opportunity; revbridge deletes nothing there.`,
    );
  }
  return { contractId: id.toString(), deleted: true };
}

async function managed(ctx: AppContext, input: ContractInput): Promise<ManagedContract> {
  const account = salesforceId18(input.account ?? '');
  if (!account) fail('validation_failed', `"${input.account}" is not a Salesforce account id.`, { field: 'account' });
  const name = input.name?.trim() ?? '';
  if (name === '' || name.length > 120) {
    fail('validation_failed', 'A contract needs a name of 1 to 120 characters.', { field: 'name' });
  }
  for (const [field, value] of Object.entries({ closeDate: input.closeDate, start: input.start, end: input.end })) {
    if (value !== undefined && !isIsoDate(value)) {
      fail('validation_failed', `${field} must be a date like 2026-06-30, got "${value}".`, { field });
    }
  }
  if (!input.closeDate) fail('validation_failed', 'A contract needs a close date.', { field: 'closeDate' });
  const stages = await listRevenueStages(ctx.db);
  if (!stages.some((s) => s.stage === input.stage)) {
    fail(
      'revenue_stage_unknown',
      `No stage "${input.stage}" is known; use one of ${stages.map((s) => s.stage).join(', ') || 'the imported stages (import first)'}.`,
      { field: 'stage' },
    );
  }
  if (input.lines.length === 0) fail('revenue_no_products');
  const currency = await tenantCurrency(ctx);
  const policies = ctx.revenue ?? DEFAULT_REVENUE_POLICIES;
  // The index needs the default product, which a store that has never imported does not have yet.
  await ensureDefaultProduct(ctx.db, policies.defaultProduct, ctx.clock.now());
  const products = new ProductIndex(await listRevenueProducts(ctx.db), 'code');
  const drafts = input.lines.map((line, i) => {
    const match = products.find(line.product);
    if (match.kind === 'missing') {
      fail('revenue_product_unknown', `Line ${i + 1}: no revenue product has the code "${line.product}".`, {
        line: i + 1,
      });
    }
    if (match.kind === 'ambiguous') {
      fail('product_lookup_ambiguous', `Line ${i + 1}: the code "${line.product}" matches several products.`, {
        line: i + 1,
      });
    }
    const quantity = parseRate(line.quantity ?? '1');
    return { line, product: match.product, quantity, label: `line ${i + 1} (${line.product})` };
  });
  const term = contractTerm(
    { start: input.start ?? null, end: input.end ?? null },
    drafts.map((d) => ({
      recurring: d.product.recurring,
      start: d.line.start ?? null,
      end: d.line.end ?? null,
      label: d.label,
    })),
    input.closeDate,
  );
  const money = (text: string | undefined) => (text === undefined ? null : parseMoney(text, currency).minor);
  const assigned = contractAssignedRevenue(money(input.assignedArr), money(input.assignedMrr));
  return {
    name,
    accountId: account,
    accountName: input.accountName ?? null,
    stage: input.stage,
    closeDate: input.closeDate,
    start: term.start,
    end: term.end,
    currency,
    assignedArrMinor: assigned?.arrMinor ?? null,
    assignedMrrMinor: assigned?.mrrMinor ?? null,
    lines: drafts.map((d, i) => {
      const revenueMinor = parseMoney(d.line.revenue, currency).minor;
      const { start, end } = term.lines[i];
      return {
        lineItemId: null,
        productId: d.product.id,
        quantity: d.quantity,
        start,
        end,
        revenueMinor,
        recurring: d.product.recurring,
        ...lineRecurringRevenue(
          { revenueMinor, recurring: d.product.recurring, start, end, assignedArrMinor: null, assignedMrrMinor: null },
          currency,
          policies.termLength,
        ),
        assignedArrMinor: null,
        assignedMrrMinor: null,
      };
    }),
  };
}

async function viewOf(ctx: AppContext, id: bigint): Promise<ContractView> {
  const contracts = await findContractsById(ctx.db, [id]);
  return contractView(contracts[0], await linksOf(ctx.db, contracts), today(ctx.clock));
}

function minorText(minor: bigint, currency: CurrencyCode): string {
  return formatMoney({ minor, currency });
}

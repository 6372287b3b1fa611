import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app-context.ts';
import {
  CONTRACT_FIELDS,
  changedFields,
  type ContractSnapshot,
  fieldOfKey,
  lineOfKey,
  salesforceNameOf,
} from '../../domain/contract-snapshot.ts';
import { isIsoDate } from '../../domain/billing-period.ts';
import { today } from '../../domain/clock.ts';
import { contractTerm } from '../../domain/contract-term.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail, RevbridgeError } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { decimal, parseRate } from '../../domain/rate.ts';
import { contractAssignedRevenue, contractSums, lineRecurringRevenue } from '../../domain/recurring-revenue.ts';
import { DEFAULT_REVENUE_POLICIES } from '../../domain/revenue-policies.ts';
import { salesforceId18 } from '../../domain/salesforce-id.ts';
import type { Db } from '../../store/db.ts';
import { parseAmount } from '../../billing/input/money-input.ts';
import { ProductIndex } from '../products/product-index.ts';
import { ensureDefaultProduct, listRevenueProducts } from '../products/revenue-products.repo.ts';
import { listRevenueStages } from '../stages/revenue-stages.repo.ts';
import { lineKeyOf, snapshotOf, storedSnapshot } from './contract-snapshots.ts';
import { type ContractView, contractView, type StoredContract } from './contract-view.ts';
import {
  deleteRevbridgeContract,
  type ManagedContract,
  saveManagedContract,
  type WrittenLine,
} from './contracts.repo.ts';
import { contractIdOf } from './link-contracts.ts';
import { tenantCurrency } from './tenant-currency.ts';
import { findContractsById, knownAccountName, linksOf } from './stored-contracts.repo.ts';

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
  lines: Array<{
    product: string;
    quantity?: string;
    revenue: string;
    start?: string;
    end?: string;
    /** Item Assigned ARR/MRR (kept from Salesforce when a line of an imported contract is changed). */
    assignedArr?: string;
    assignedMrr?: string;
  }>;
}

/**
 * A contract made in revbridge (a renewal or an upsell a customer-success manager records), checked by the same
 * domain rules as an imported one: products from the revenue product list by code, a stage already known, a term
 * for every recurring line, Assigned ARR and MRR together; amounts in the tenant currency. It is marked as
 * changed in revbridge (`revbridge_changed_at`).
 */
export async function createContract(ctx: AppContext, input: ContractInput): Promise<ContractView> {
  const contract = await managed(ctx, input);
  contract.lines = contract.lines.map((line) => ({ ...line, lineKey: randomUUID() }));
  const id = await saveManagedContract(ctx.db, contract, undefined, ctx.clock.now());
  return viewOf(ctx, id);
}

/**
 * Changes a contract: the fields given replace its own (lines given replace its lines, position by position; a
 * start or an end given overrides every line's, as on an opportunity, and nothing else moves a line's dates). A
 * contract that is in Salesforce (imported, or pushed) keeps its lines there: a line may change its quantity,
 * revenue or dates and lines may be added, but none removed and no product changed (`revenue_line_in_salesforce`);
 * a field Salesforce owns (REVBRIDGE_REVENUE_SALESFORCE_OWNS) is refused, and so are amounts of an opportunity in
 * another currency. Its fields as revbridge and Salesforce last agreed are kept from the first change, so the push
 * can tell a conflict from news.
 */
export async function updateContract(
  ctx: AppContext,
  ref: string,
  change: Partial<ContractInput>,
): Promise<ContractView> {
  const id = await contractIdOf(ctx.db, ref);
  const [current] = await findContractsById(ctx.db, [id]);
  const input: ContractInput = {
    ...inputOf(current),
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
  };
  const next = await managed(ctx, input);
  next.lines = keepLineIdentity(current, next.lines);
  let synced = null;
  if (current.opportunityId !== null) {
    if (next.accountId !== current.accountId) {
      fail(
        'contract_from_salesforce',
        `Contract ${id} is opportunity ${current.opportunityId}: move it to another account in Salesforce.`,
        {
          field: 'account',
        },
      );
    }
    const agreed = storedSnapshot(current);
    const changed = snapshotOf({ ...next, renews: current.renewsOpportunityId, amends: current.amendsOpportunityId });
    refuseOneWayChanges(ctx, current, changedFields(agreed, changed));
    synced = current.synced ?? agreed;
  }
  await saveManagedContract(ctx.db, next, id, ctx.clock.now(), synced);
  return viewOf(ctx, id);
}

/** A stored contract as a person would write it. */
function inputOf(current: StoredContract): ContractInput {
  return {
    account: current.accountId ?? '',
    accountName: current.accountName ?? undefined,
    name: current.name,
    stage: current.stage,
    closeDate: current.closeDate,
    // Each line keeps its own dates (the contract's term is their span): the contract's dates would override
    // them, and a line starting mid-term would move to the start of the term on a change of name.
    assignedArr: optionalMinorText(current.assignedArrMinor, current.currency),
    assignedMrr: optionalMinorText(current.assignedMrrMinor, current.currency),
    lines: current.lines.map((l) => ({
      product: l.product,
      quantity: l.quantity,
      revenue: minorText(l.revenueMinor, current.currency),
      start: l.start,
      end: l.end,
      assignedArr: optionalMinorText(l.assignedArrMinor, current.currency),
      assignedMrr: optionalMinorText(l.assignedMrrMinor, current.currency),
    })),
  };
}

/**
 * A person keeps Salesforce's side of a contract's conflicts and revbridge's other changes: each field given takes
 * the value Salesforce holds (`values`, a snapshot's keys; a line Salesforce no longer has goes), the rest stays as
 * changed in revbridge, pending the push. `synced` becomes what the two agree on. Written in `db` (the caller's
 * transaction, with the conflicts it clears). Checked by the same rules as any change; refused, it changes nothing.
 */
export async function takeSalesforceValues(
  db: Db,
  ctx: AppContext,
  current: StoredContract,
  values: ReadonlyArray<{ field: string; salesforce: string | null }>,
  synced: ContractSnapshot,
): Promise<void> {
  const input = inputOf(current);
  const identities = current.lines.map((l) => ({ lineItemId: l.lineItemId, lineKey: l.lineKey }));
  const productCodes = new Map((await listRevenueProducts(db)).map((p) => [p.id.toString(), p.code]));
  const money = (v: string | null) => (v === null ? undefined : minorText(BigInt(v), current.currency));
  const gone = new Set<number>();
  for (const { field, salesforce: v } of values) {
    const key = lineOfKey(field);
    if (key === undefined) {
      if (field === 'name' || field === 'stage' || field === 'closeDate') input[field] = v ?? '';
      else if (field === 'start' || field === 'end') input[field] = v ?? undefined;
      else if (field === 'assignedArr' || field === 'assignedMrr') input[field] = money(v);
      continue;
    }
    const at = current.lines.findIndex((l, i) => lineKeyOf(l, i) === key);
    if (at < 0) continue;
    if (v === null) {
      gone.add(at);
      continue;
    }
    const line = input.lines[at];
    const part = fieldOfKey(field);
    if (part === 'line.quantity') line.quantity = v;
    else if (part === 'line.revenue') line.revenue = money(v)!;
    else if (part === 'line.start') line.start = v;
    else if (part === 'line.end') line.end = v;
    else if (part === 'line.product') line.product = productCodes.get(v) ?? v;
  }
  input.lines = input.lines.filter((_, i) => !gone.has(i));
  const next = await managed(ctx, input);
  const kept = identities.filter((_, i) => !gone.has(i));
  next.lines = next.lines.map((line, i) => ({ ...line, ...kept[i] }));
  await saveManagedContract(db, next, current.id, ctx.clock.now(), synced);
}

/**
 * The lines as changed, each keeping the identity of the line it replaces (its Salesforce id, or its revbridge key)
 * when its product is the same; a new line gets a key of its own. A line that is in Salesforce cannot go, nor
 * change its product (Salesforce fixes an opportunity product's price book entry).
 */
function keepLineIdentity(current: StoredContract, lines: WrittenLine[]): WrittenLine[] {
  const inSalesforce = current.opportunityId !== null;
  if (inSalesforce && lines.length < current.lines.length) {
    const gone = current.lines.slice(lines.length).map((l) => l.product);
    fail(
      'revenue_line_in_salesforce',
      `Contract ${current.id} is opportunity ${current.opportunityId}: its lines ${gone.join(', ')} stay there; remove them in Salesforce.`,
      { contractId: current.id.toString() },
    );
  }
  return lines.map((line, i) => {
    const was = current.lines[i];
    if (was && was.productId === line.productId) return { ...line, lineItemId: was.lineItemId, lineKey: was.lineKey };
    if (was && inSalesforce && was.lineItemId !== null) {
      fail(
        'revenue_line_in_salesforce',
        `Line ${i + 1} of contract ${current.id} is ${was.product} in Salesforce; its product cannot change (add a line instead).`,
        { contractId: current.id.toString(), line: i + 1 },
      );
    }
    return { ...line, lineItemId: null, lineKey: randomUUID() };
  });
}

/** Refuses a change to a field Salesforce owns, or to an amount of an opportunity kept in another currency. */
function refuseOneWayChanges(ctx: AppContext, current: StoredContract, changed: readonly string[]): void {
  const owned = new Set((ctx.revenue ?? DEFAULT_REVENUE_POLICIES).salesforceOwns);
  for (const key of changed) {
    const field = CONTRACT_FIELDS.find((f) => f.field === fieldOfKey(key));
    if (field && owned.has(salesforceNameOf(field))) {
      fail(
        'revenue_field_owned_by_salesforce',
        `${salesforceNameOf(field)} of contract ${current.id} goes Salesforce → revbridge only (REVBRIDGE_REVENUE_SALESFORCE_OWNS): change it on opportunity ${current.opportunityId}.`,
        { field: salesforceNameOf(field) },
      );
    }
  }
  const money = changed.filter((k) => /^(assigned(Arr|Mrr)|line:.*\.revenue)$/.test(k));
  if (money.length > 0 && current.sourceCurrency !== current.currency) {
    fail(
      'revenue_contract_currency',
      `Opportunity ${current.opportunityId} is in ${current.sourceCurrency}, revenue is kept in ${current.currency}: change its amounts on the opportunity.`,
    );
  }
}

/**
 * Deletes a contract made in revbridge and not yet pushed. One that is in Salesforce stays: revbridge never deletes
 * an opportunity, and the next import would bring it back (`contract_from_salesforce`).
 */
export async function deleteContract(ctx: AppContext, ref: string): Promise<{ contractId: string; deleted: true }> {
  const id = await contractIdOf(ctx.db, ref);
  if (!(await deleteRevbridgeContract(ctx.db, id))) {
    const [c] = await findContractsById(ctx.db, [id]);
    fail(
      'contract_from_salesforce',
      `Contract ${id} is opportunity ${c.opportunityId} in Salesforce; revbridge deletes nothing there: delete it in Salesforce, or uncheck it from the revenue import.`,
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
    if (decimal(quantity).isZero()) {
      fail(
        'validation_failed',
        `Line ${i + 1}: the quantity must not be zero (Salesforce keeps no opportunity product without one).`,
        { line: i + 1, field: 'quantity' },
      );
    }
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
    'give the contract a start and an end, or the line its own',
  );
  // Amounts within what revbridge keeps (`parseAmount`: at most 9,999,999,999,999.99 in a two-decimal currency).
  const money = (text: string | undefined, field: string) =>
    text === undefined ? null : parseAmount(text, currency, field).minor;
  // A line's amount is refused like its other fields: `Line 2: revenue …`, details naming the line and the field.
  const lineMoney = (text: string | undefined, line: number, field: string) => {
    try {
      return money(text, field);
    } catch (error) {
      if (!(error instanceof RevbridgeError)) throw error;
      return fail(error.code, `Line ${line}: ${error.message}`, { ...error.details, line, field });
    }
  };
  const assigned = contractAssignedRevenue(
    money(input.assignedArr, 'assignedArr'),
    money(input.assignedMrr, 'assignedMrr'),
  );
  return {
    name,
    accountId: account,
    accountName: input.accountName ?? (await knownAccountName(ctx.db, account)),
    stage: input.stage,
    closeDate: input.closeDate,
    start: term.start,
    end: term.end,
    currency,
    assignedArrMinor: assigned?.arrMinor ?? null,
    assignedMrrMinor: assigned?.mrrMinor ?? null,
    lines: withinStore(
      term,
      drafts.map((d, i) => {
        const revenueMinor = lineMoney(d.line.revenue, i + 1, 'revenue')!;
        const { start, end } = term.lines[i];
        const assignedArrMinor = lineMoney(d.line.assignedArr, i + 1, 'assignedArr');
        const assignedMrrMinor = lineMoney(d.line.assignedMrr, i + 1, 'assignedMrr');
        return {
          lineItemId: null,
          productId: d.product.id,
          quantity: d.quantity,
          start,
          end,
          revenueMinor,
          recurring: d.product.recurring,
          ...lineRecurringRevenue(
            { revenueMinor, recurring: d.product.recurring, start, end, assignedArrMinor, assignedMrrMinor },
            policies.termLength,
          ),
          assignedArrMinor,
          assignedMrrMinor,
        };
      }),
    ),
  };
}

/** The largest sum the store keeps (a bigint of minor units). */
const STORE_LIMIT_MINOR = 2n ** 63n - 1n;

/**
 * Lines whose sums the store can keep: each amount is bounded, but the ARR of a large amount over a day's term is
 * 372 times it, and a contract sums up to 200 lines (`validation_failed` otherwise).
 */
function withinStore<L extends WrittenLine>(term: { start: string; end: string }, lines: L[]): L[] {
  const sums = contractSums(term, lines);
  for (const [field, minor] of [
    ['ARR', sums.arrMinor],
    ['MRR', sums.mrrMinor],
    ['revenue', sums.revenueMinor],
  ] as const) {
    if (minor > STORE_LIMIT_MINOR || -minor > STORE_LIMIT_MINOR) {
      fail(
        'validation_failed',
        `The contract's ${field} is more than revbridge can keep; check its amounts and terms.`,
        {
          field,
        },
      );
    }
  }
  return lines;
}

async function viewOf(ctx: AppContext, id: bigint): Promise<ContractView> {
  const contracts = await findContractsById(ctx.db, [id]);
  return contractView(contracts[0], await linksOf(ctx.db, contracts), today(ctx.clock));
}

function minorText(minor: bigint, currency: CurrencyCode): string {
  return formatMoney({ minor, currency });
}

function optionalMinorText(minor: bigint | null, currency: CurrencyCode): string | undefined {
  return minor === null ? undefined : minorText(minor, currency);
}

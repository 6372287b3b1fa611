import { createHash } from 'node:crypto';
import type { CrmRecord } from '../../crm/crm.port.ts';
import { contractTerm } from '../../domain/contract-term.ts';
import { toCorporateCurrency } from '../../domain/currency-conversion.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail, RevbridgeError } from '../../domain/errors.ts';
import { parseMoney } from '../../domain/money.ts';
import { contractAssignedRevenue, lineRecurringRevenue } from '../../domain/recurring-revenue.ts';
import type { RevenuePolicies } from '../../domain/revenue-policies.ts';
import { readPath } from '../../sync/flows/account-push/nested.ts';
import type { ProductIndex } from '../products/product-index.ts';
import type { OrgRevenueSetup } from './org-revenue-setup.ts';

/** What the import writes for one contract line. */
export interface ContractLinePlan {
  lineItemId: string | null;
  productId: bigint;
  quantity: string;
  start: string;
  end: string;
  revenueMinor: bigint;
  recurring: boolean;
  arrMinor: bigint;
  mrrMinor: bigint;
  assignedArrMinor: bigint | null;
  assignedMrrMinor: bigint | null;
}

/** What the import writes for one opportunity: the contract, its lines, and the hash that says if it changed. */
export interface ContractPlan {
  opportunityId: string;
  name: string;
  accountId: string;
  accountName: string | null;
  stage: string;
  closeDate: string;
  start: string;
  end: string;
  currency: CurrencyCode;
  sourceCurrency: string;
  conversionRate: string;
  assignedArrMinor: bigint | null;
  assignedMrrMinor: bigint | null;
  terminatedEffectiveDate: string | null;
  terminationDate: string | null;
  renewsRef: string | null;
  renewedByRef: string | null;
  amendsRef: string | null;
  amendedByRef: string | null;
  lines: ContractLinePlan[];
  warnings: string[];
  hash: string;
  modstamp: string | null;
}

/** Raised whenever what a plan holds, or how it is computed, changes: every contract is rebuilt once. */
const PLAN_VERSION = 2;

export interface BuildContext {
  setup: OrgRevenueSetup;
  policies: RevenuePolicies;
  products: ProductIndex;
}

/**
 * One opportunity (with its line items) as a contract (seed 004): the account, term and stage it needs, each
 * line's product found by the configured key, its term (opportunity dates override line dates), its revenue
 * in the tenant currency, and its ARR/MRR (or the assigned figures). Throws the coded refusal of the first rule
 * the opportunity breaks; nothing of a refused contract is written.
 */
export function buildContract(
  opportunity: CrmRecord,
  lineRecords: readonly CrmRecord[],
  ctx: BuildContext,
): ContractPlan {
  const { setup, policies } = ctx;
  const accountId = text(opportunity.AccountId);
  if (!accountId) fail('revenue_account_missing');
  const sourceCurrency = text(opportunity.CurrencyIsoCode) ?? setup.corporateCurrency;
  const rate = sourceCurrency === setup.corporateCurrency ? '1' : setup.rates.get(sourceCurrency);
  const corporate = (value: unknown, what: string): bigint =>
    toCorporateCurrency(amount(value, sourceCurrency, what), rate, setup.corporateCurrency).minor;
  const optionalCorporate = (value: unknown, what: string): bigint | null =>
    value === null || value === undefined ? null : corporate(value, what);

  const assigned = contractAssignedRevenue(
    optionalCorporate(opportunity.Assigned_ARR__c, 'Assigned ARR'),
    optionalCorporate(opportunity.Assigned_MRR__c, 'Assigned MRR'),
  );
  const warnings: string[] = [];
  const drafts =
    policies.lines === 'items' ? lineDrafts(lineRecords, ctx, warnings) : [opportunityDraft(opportunity, ctx)];
  if (drafts.length === 0) fail('revenue_no_products');
  const closeDate = text(opportunity.CloseDate)!;
  const term = contractTerm(
    { start: text(opportunity.Term_Start_Date__c), end: text(opportunity.Term_End_Date__c) },
    drafts.map((d) => ({ recurring: d.recurring, start: d.start, end: d.end, label: d.label })),
    closeDate,
  );
  const lines = drafts.map((d, i): ContractLinePlan => {
    const revenueMinor = corporate(d.revenue, `the revenue of ${d.label}`);
    const assignedArrMinor = optionalCorporate(d.assignedArr, `Item Assigned ARR of ${d.label}`);
    const assignedMrrMinor = optionalCorporate(d.assignedMrr, `Item Assigned MRR of ${d.label}`);
    const { start, end } = term.lines[i];
    const revenue = lineRecurringRevenue(
      { revenueMinor, recurring: d.recurring, start, end, assignedArrMinor, assignedMrrMinor },
      policies.termLength,
    );
    return {
      lineItemId: d.lineItemId,
      productId: d.productId,
      quantity: d.quantity,
      start,
      end,
      revenueMinor,
      recurring: d.recurring,
      ...revenue,
      assignedArrMinor,
      assignedMrrMinor,
    };
  });
  const plan: Omit<ContractPlan, 'hash' | 'warnings' | 'modstamp'> = {
    opportunityId: opportunity.Id,
    name: text(opportunity.Name) ?? opportunity.Id,
    accountId,
    accountName: text(readPath(opportunity, 'Account.Name')),
    stage: text(opportunity.StageName)!,
    closeDate,
    start: term.start,
    end: term.end,
    currency: setup.corporateCurrency,
    sourceCurrency,
    conversionRate: rate ?? '1',
    assignedArrMinor: assigned?.arrMinor ?? null,
    assignedMrrMinor: assigned?.mrrMinor ?? null,
    terminatedEffectiveDate: text(opportunity.Terminated_Effective_Date__c),
    terminationDate: text(opportunity.Termination_Date__c),
    renewsRef: text(opportunity.Renews__c),
    renewedByRef: text(opportunity.Renewed_By__c),
    amendsRef: text(opportunity.Amends__c),
    amendedByRef: text(opportunity.Amended_By__c),
    lines,
  };
  return { ...plan, warnings, hash: planHash(plan), modstamp: text(opportunity.SystemModstamp) };
}

/** An opportunity with the contract plan it builds into, or the coded refusal of the first rule it breaks. */
export interface BuiltOpportunity {
  opportunity: CrmRecord;
  plan?: ContractPlan;
  error?: RevbridgeError;
}

/** `buildContract`, its refusal kept beside the opportunity rather than thrown: the rest of a run goes on. */
export function builtOrRefused(
  opportunity: CrmRecord,
  lineRecords: readonly CrmRecord[],
  ctx: BuildContext,
): BuiltOpportunity {
  try {
    return { opportunity, plan: buildContract(opportunity, lineRecords, ctx) };
  } catch (error) {
    if (!(error instanceof RevbridgeError)) throw error;
    return { opportunity, error };
  }
}

interface LineDraft {
  label: string;
  lineItemId: string | null;
  productId: bigint;
  recurring: boolean;
  quantity: string;
  start: string | null;
  end: string | null;
  revenue: unknown;
  assignedArr: unknown;
  assignedMrr: unknown;
}

function lineDrafts(records: readonly CrmRecord[], ctx: BuildContext, warnings: string[]): LineDraft[] {
  return records.map((line) => {
    const key =
      ctx.policies.productKey === 'id'
        ? text(line.Product2Id)
        : ctx.policies.productKey === 'code'
          ? text(line.ProductCode)
          : text(readPath(line, 'Product2.Name'));
    const label = `line ${line.Id} (${text(line.ProductCode) ?? text(readPath(line, 'Product2.Name')) ?? 'no product'})`;
    const product = productFor(ctx, key, label, warnings);
    return {
      label,
      lineItemId: line.Id,
      productId: product.id,
      recurring: product.recurring,
      quantity: decimalText(line.Quantity) ?? '1',
      start: text(line.Term_Start_Date__c),
      end: text(line.Term_End_Date__c),
      revenue: line.TotalPrice,
      assignedArr: line.Item_Assigned_ARR__c,
      assignedMrr: line.Item_Assigned_MRR__c,
    };
  });
}

/** Without line items: one line for the whole opportunity, its product named by the configured field. */
function opportunityDraft(opportunity: CrmRecord, ctx: BuildContext): LineDraft {
  const field = ctx.policies.productField;
  const label = `opportunity ${opportunity.Id}`;
  // No product field configured: every contract is on the default product, which is not worth a warning each.
  const product = field ? productFor(ctx, text(readPath(opportunity, field)), label, []) : ctx.products.fallback;
  return {
    label,
    lineItemId: null,
    productId: product.id,
    recurring: product.recurring,
    quantity: '1',
    start: null,
    end: null,
    revenue: opportunity.Amount,
    assignedArr: null,
    assignedMrr: null,
  };
}

function productFor(ctx: BuildContext, key: string | null, label: string, warnings: string[]) {
  const match = ctx.products.find(key);
  if (match.kind === 'ambiguous') {
    fail(
      'product_lookup_ambiguous',
      `The product ${ctx.products.key} "${key}" of ${label} matches ${match.candidates.length} revenue products (${match.candidates.map((p) => p.salesforceId ?? p.id).join(', ')}): query did not return a unique result.`,
      { key, lookup: ctx.products.key },
    );
  }
  if (match.kind === 'missing') {
    const what =
      key === null
        ? `${label} has no product ${ctx.products.key}`
        : `no revenue product has the ${ctx.products.key} "${key}" of ${label}`;
    warnings.push(`product_lookup_missing: ${what}; imported on the default product ${match.product.code}.`);
  }
  return match.product;
}

function amount(value: unknown, currency: string, what: string) {
  const written = decimalText(value);
  if (written === null) fail('revenue_amount_malformed', `${capitalise(what)} is blank.`);
  try {
    return parseMoney(written, currency);
  } catch {
    return fail(
      'revenue_amount_malformed',
      `${capitalise(what)} (${written} ${currency}) is not an amount revbridge can keep exactly in ${currency}.`,
    );
  }
}

type PlanFields = Omit<ContractPlan, 'hash' | 'warnings' | 'modstamp' | 'lines'>;

/** A list of every key of `T` (a key left out is a compile error), for a fingerprint that must see them all. */
function everyKey<T>() {
  return <const L extends ReadonlyArray<keyof T>>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : never),
  ) => list;
}

const PLAN_FIELDS = everyKey<PlanFields>()([
  'opportunityId',
  'name',
  'accountId',
  'accountName',
  'stage',
  'closeDate',
  'start',
  'end',
  'currency',
  'sourceCurrency',
  'conversionRate',
  'assignedArrMinor',
  'assignedMrrMinor',
  'terminatedEffectiveDate',
  'terminationDate',
  'renewsRef',
  'renewedByRef',
  'amendsRef',
  'amendedByRef',
]);
const LINE_FIELDS = everyKey<ContractLinePlan>()([
  'lineItemId',
  'productId',
  'quantity',
  'start',
  'end',
  'revenueMinor',
  'recurring',
  'arrMinor',
  'mrrMinor',
  'assignedArrMinor',
  'assignedMrrMinor',
]);

/**
 * The plan's fingerprint: every field in a fixed order, `|` between fields and `/` before each line, null as `~`
 * and a text holding any of those (or a quote) quoted, so two different plans never read the same; then hashed.
 * Written field by field: a generic serialisation (JSON with a replacer for the bigints) cost four times as much.
 */
function planHash(plan: Omit<ContractPlan, 'hash' | 'warnings' | 'modstamp'>): string {
  let text = String(PLAN_VERSION);
  for (const field of PLAN_FIELDS) text += `|${cell(plan[field])}`;
  for (const line of plan.lines) {
    text += '/';
    for (const field of LINE_FIELDS) text += `|${cell(line[field])}`;
  }
  return createHash('sha256').update(text).digest('base64url');
}

function cell(value: string | bigint | boolean | null): string {
  if (value === null) return '~';
  if (typeof value !== 'string') return String(value);
  return /[|/~"]/.test(value) ? JSON.stringify(value) : value;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

/**
 * A number as Salesforce sent it (JSON, or a typed Bulk cell) as decimal text: JavaScript prints a number
 * read from ≤ 17 significant digits as they were written, except in exponent form for the very small or large.
 */
function decimalText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const written = String(value);
  return /e/i.test(written)
    ? Number(value)
        .toFixed(10)
        .replace(/\.?0+$/, '')
    : written;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

import type { AppContext } from '../../app-context.ts';
import { assertCurrencyChangeAllowed, assertReparentAllowed, type ParentOf } from '../../domain/account-hierarchy.ts';
import { fail } from '../../domain/errors.ts';
import type { AccountsTable } from '../../store/schema.ts';
import { today } from '../../domain/clock.ts';
import { parseCurrency } from '../input/currency-input.ts';
import { parseOptionalDate } from '../input/date-input.ts';
import { recordStatusChange } from '../products/dated-changes.repo.ts';
import { type AccountSettingsInput, parseAccountSettings, resolveAccountLists } from './account-input.ts';
import { throwIfListValueRemoved } from '../reference-lists/require-reference.ts';
import { countRelated, loadHierarchies, lockHierarchies, updateAccountRow } from './accounts.repo.ts';
import { type AccountDetail, accountNames, byId } from './accounts.views.ts';
import { type AccountRef, assertHierarchiesConsistent, loadAccountDetail, resolveRef } from './hierarchy-rules.ts';
import type { Updateable } from 'kysely';
import type { Db } from '../../store/db.ts';
import { requireAccount } from './require-account.ts';

export interface UpdateAccountInput extends AccountSettingsInput {
  idOrNumber: string;
  currency?: string;
  /** undefined leaves a reference as it is; null clears it (a root account, or inherit the setting). */
  parentId?: AccountRef | null;
  subscriptionInvoicerId?: AccountRef | null;
  usageInvoicerId?: AccountRef | null;
  taxAccountId?: AccountRef | null;
  /** First day of a new `status` (default today): a closed account is billed up to the day before. */
  statusEffectiveFrom?: string | null;
}

/**
 * Changes an account. Refused, with nothing written: a currency change once synced or billed
 * (`currency_locked`) or one its parent, children or products do not share (`currency_mismatch`); a new
 * parent below the account (`hierarchy_cycle`) or, once synced, in another hierarchy
 * (`reparent_outside_hierarchy`); an invoicer or tax account outside the hierarchy.
 */
export async function updateAccount(ctx: AppContext, input: UpdateAccountInput): Promise<AccountDetail> {
  return ctx.db.transaction().execute((trx) => updateAccountWithin(trx, ctx, input));
}

/** `updateAccount` inside a transaction the caller owns (see `createAccountWithin`). */
export async function updateAccountWithin(trx: Db, ctx: AppContext, input: UpdateAccountInput): Promise<AccountDetail> {
  const parsed = parseAccountSettings(input);
  const currency = input.currency === undefined ? undefined : parseCurrency(input.currency);
  const statusFrom = parseOptionalDate(input.statusEffectiveFrom, 'statusEffectiveFrom') ?? today(ctx.clock);
  try {
    return await updateChecked(trx, ctx, input, parsed, currency, statusFrom);
  } catch (error) {
    throwIfListValueRemoved(error, parsed);
    throw error;
  }
}

async function updateChecked(
  trx: Db,
  ctx: AppContext,
  input: UpdateAccountInput,
  parsed: ReturnType<typeof parseAccountSettings>,
  currency: string | undefined,
  statusFrom: string,
): Promise<AccountDetail> {
  await lockHierarchies(trx);
  const settings = await resolveAccountLists(trx, parsed);
  const found = await requireAccount(trx, input.idOrNumber);
  const parent = await resolveRef(trx, input.parentId, 'parentId', false);
  const refs = {
    subscription_invoicer_id: await resolveRef(trx, input.subscriptionInvoicerId, 'subscriptionInvoicerId', true),
    usage_invoicer_id: await resolveRef(trx, input.usageInvoicerId, 'usageInvoicerId', true),
    tax_account_id: await resolveRef(trx, input.taxAccountId, 'taxAccountId', true),
  };
  const referenced = [parent, ...Object.values(refs)].filter((v): v is bigint => typeof v === 'bigint');
  const before = byId(await loadHierarchies(trx, [found.id, ...referenced]));
  const self = before.get(found.id.toString())!;

  if (currency !== undefined && currency !== found.currency) {
    assertCurrencyChangeAllowed(self, currency);
    const related = await countRelated(trx, found.id);
    if (related.products > 0 || related.pricePlans > 0) {
      fail('currency_mismatch', `Account ${self.accountNumber} has products or price plans in ${found.currency}.`, {
        accountId: self.id,
        ...related,
      });
    }
  }
  if (parent !== undefined) {
    const parentOf: ParentOf = (id) => before.get(id)?.parentId ?? null;
    assertReparentAllowed(self, parent === null ? null : parent.toString(), parentOf, accountNames(before));
  }

  const changes: Updateable<AccountsTable> = { ...settings, updated_at: ctx.clock.now() };
  if (currency !== undefined) changes.currency = currency;
  if (parent !== undefined) changes.parent_id = parent as bigint | null;
  for (const [column, value] of Object.entries(refs) as [keyof typeof refs, (typeof refs)[keyof typeof refs]][]) {
    if (value !== undefined) changes[column] = value === 'self' ? found.id : value;
  }
  const row = await updateAccountRow(trx, found.id, changes);
  if (settings.status !== undefined && settings.status !== found.status) {
    await recordStatusChange(trx, { accountId: found.id, from: statusFrom, status: settings.status });
  }
  // The old parent's hierarchy too: a child leaving it may strand an invoicer reference there.
  const oldParent = found.parent_id === null ? [] : [found.parent_id];
  await assertHierarchiesConsistent(trx, [found.id, ...referenced, ...oldParent]);
  return loadAccountDetail(trx, row);
}

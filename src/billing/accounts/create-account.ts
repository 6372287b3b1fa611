import type { AppContext } from '../../app-context.ts';
import { nextAccountNumber } from '../../domain/account-number.ts';
import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { parseCurrency } from '../input/currency-input.ts';
import { throwIfListValueRemoved } from '../reference-lists/require-reference.ts';
import {
  type AccountSettingsInput,
  parseAccountNumber,
  parseAccountSettings,
  resolveAccountLists,
} from './account-input.ts';
import { today } from '../../domain/clock.ts';
import { recordStatusChange } from '../products/dated-changes.repo.ts';
import {
  findAccount,
  insertAccount,
  lastGeneratedNumber,
  lockHierarchies,
  noteAccountNumber,
  updateAccountRow,
} from './accounts.repo.ts';
import type { AccountDetail } from './accounts.views.ts';
import { type AccountRef, assertHierarchiesConsistent, loadAccountDetail, resolveRef } from './hierarchy-rules.ts';

export interface CreateAccountInput extends AccountSettingsInput {
  name: string;
  /** Generated ("A-1001") when absent. */
  accountNumber?: string;
  /**
   * When the account reached Salesforce, for an account the sync creates (its currency is locked from
   * then on). Not part of the API: billing operators create accounts that have not.
   */
  syncedAt?: Date;
  currency: string;
  /** Parent account id or number. */
  parentId?: AccountRef | null;
  /** Id, number or 'self'; null/absent inherits from the parent (self at the top). */
  subscriptionInvoicerId?: AccountRef | null;
  usageInvoicerId?: AccountRef | null;
  taxAccountId?: AccountRef | null;
}

/** Prefix of generated account numbers. */
export const ACCOUNT_NUMBER_PREFIX = 'A-';

/** Creates a billing account, checking the hierarchy rules of the seeds before anything is kept. */
export async function createAccount(ctx: AppContext, input: CreateAccountInput): Promise<AccountDetail> {
  return ctx.db.transaction().execute((trx) => createAccountWithin(trx, ctx, input));
}

/**
 * `createAccount` inside a transaction the caller owns, so the account commits together with what the
 * caller writes beside it (the sync's link and history) or not at all.
 */
export async function createAccountWithin(trx: Db, ctx: AppContext, input: CreateAccountInput): Promise<AccountDetail> {
  const parsed = parseAccountSettings({ ...input, name: input.name ?? '' });
  const currency = parseCurrency(input.currency);
  const wantedNumber = input.accountNumber == null ? null : parseAccountNumber(input.accountNumber);
  try {
    await lockHierarchies(trx);
    const settings = await resolveAccountLists(trx, parsed);
    const parent = await resolveRef(trx, input.parentId, 'parentId', false);
    const refs = {
      subscription_invoicer_id: await resolveRef(trx, input.subscriptionInvoicerId, 'subscriptionInvoicerId', true),
      usage_invoicer_id: await resolveRef(trx, input.usageInvoicerId, 'usageInvoicerId', true),
      tax_account_id: await resolveRef(trx, input.taxAccountId, 'taxAccountId', true),
    };
    let accountNumber = wantedNumber;
    if (accountNumber === null) {
      accountNumber = nextAccountNumber(await lastGeneratedNumber(trx, ACCOUNT_NUMBER_PREFIX), ACCOUNT_NUMBER_PREFIX);
    } else if (await findAccount(trx, accountNumber).then((a) => a?.account_number === accountNumber)) {
      fail('account_number_taken', `Account number "${accountNumber}" is taken.`, { accountNumber });
    }
    const now = ctx.clock.now();
    const other = (v: bigint | null | undefined | 'self') => (v === 'self' || v === undefined ? null : v);
    let row = await insertAccount(trx, {
      ...settings,
      name: settings.name!,
      account_number: accountNumber,
      currency,
      parent_id: (parent as bigint | null | undefined) ?? null,
      subscription_invoicer_id: other(refs.subscription_invoicer_id),
      usage_invoicer_id: other(refs.usage_invoicer_id),
      tax_account_id: other(refs.tax_account_id),
      created_at: now,
      updated_at: now,
      synced_at: input.syncedAt ?? null,
    });
    await noteAccountNumber(trx, ACCOUNT_NUMBER_PREFIX, accountNumber);
    const selfRefs = Object.fromEntries(
      Object.entries(refs)
        .filter(([, v]) => v === 'self')
        .map(([k]) => [k, row.id]),
    );
    if (Object.keys(selfRefs).length > 0) row = await updateAccountRow(trx, row.id, selfRefs);
    if (row.status !== 'active') {
      await recordStatusChange(trx, { accountId: row.id, from: today(ctx.clock), status: row.status });
    }
    const touched = [row.id, ...Object.values(refs).filter((v): v is bigint => typeof v === 'bigint')];
    await assertHierarchiesConsistent(trx, touched);
    return await loadAccountDetail(trx, row);
  } catch (error) {
    if (isUniqueViolation(error, 'accounts_account_number_key'))
      fail('account_number_taken', `Account number "${wantedNumber}" is taken.`);
    throwIfListValueRemoved(error, parsed);
    throw error;
  }
}

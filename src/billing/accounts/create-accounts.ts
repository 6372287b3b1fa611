import type { AppContext } from '../../app-context.ts';
import { nextAccountNumber } from '../../domain/account-number.ts';
import {
  assertInvoicerInHierarchy,
  assertParentCurrency,
  effectiveSettings,
  type HierarchyAccount,
} from '../../domain/account-hierarchy.ts';
import { today } from '../../domain/clock.ts';
import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { reserveIds } from '../../store/reserve-ids.ts';
import type { AccountsTable } from '../../store/schema.ts';
import type { Insertable } from 'kysely';
import { parseCurrency } from '../input/currency-input.ts';
import { recordStatusChange } from '../products/dated-changes.repo.ts';
import {
  accountCategoryUnknown,
  billGroupUnknown,
  listAccountCategoryCodes,
  listBillGroupCodes,
} from '../reference-lists/require-reference.ts';
import { type AccountSettingsInput, parseAccountSettings } from './account-input.ts';
import {
  insertAccounts,
  lastGeneratedNumber,
  loadAncestries,
  lockHierarchies,
  noteAccountNumber,
  takenAccountNumbers,
} from './accounts.repo.ts';
import { type AccountDetail, byId, toAccountView } from './accounts.views.ts';
import { ACCOUNT_NUMBER_PREFIX } from './create-account.ts';

/** A new account of a batch: its references are billing ids, of existing accounts or of earlier ones of the batch. */
export interface NewAccountInput extends AccountSettingsInput {
  name: string;
  currency: string;
  /** When the account reached Salesforce (its currency is locked from then on). */
  syncedAt?: Date;
  parentId: bigint | null;
  /** 'self', another account of the hierarchy, or null to inherit. */
  subscriptionInvoicerId: bigint | 'self' | null;
  usageInvoicerId: bigint | 'self' | null;
  taxAccountId: bigint | 'self' | null;
}

const INVOICERS = [
  ['subscriptionInvoicerId', 'subscription_invoicer_id', 'subscription invoicer'],
  ['usageInvoicerId', 'usage_invoicer_id', 'usage invoicer'],
  ['taxAccountId', 'tax_account_id', 'tax inheritance account'],
] as const;

/**
 * Many new accounts at once, for the sync's loads of thousands: `add` makes every check `createAccountWithin`
 * makes (settings, currency, billing's lists, parent currency, invoicers within the hierarchy) in memory,
 * against the accounts the batch refers to (loaded once by `open`) and those added before; `insert` then
 * writes them all in one statement. A refused account throws its coded error from `add` and is simply not
 * part of the batch. Both run inside the caller's transaction, which holds the hierarchy and numbering locks
 * from `open` to its end, so what `add` checked still holds at `insert`.
 */
export class NewAccountBatch {
  private readonly rows: Insertable<AccountsTable>[] = [];
  private nextIndex = 0;
  private lastNumber: number;

  private constructor(
    private readonly trx: Db,
    private readonly ctx: AppContext,
    /** Loaded accounts (by id): those referred to, their ancestors, and the batch's own. */
    private readonly accounts: Map<string, HierarchyAccount>,
    private readonly ids: bigint[],
    lastNumber: number,
    private readonly takenNumbers: Set<string>,
    private readonly billGroups: Map<string, string>,
    private readonly categories: Map<string, string>,
  ) {
    this.lastNumber = lastNumber;
  }

  /** Locks hierarchies and numbering, loads what the batch refers to, and reserves `capacity` ids. */
  static async open(
    trx: Db,
    ctx: AppContext,
    referenced: readonly bigint[],
    capacity: number,
  ): Promise<NewAccountBatch> {
    await lockHierarchies(trx);
    const accounts = byId(await loadAncestries(trx, referenced));
    const ids = await reserveIds(trx, 'accounts', capacity);
    const lastNumber = await lastGeneratedNumber(trx, ACCOUNT_NUMBER_PREFIX);
    // Numbers the counter does not know about (an import, a fixture) are skipped, not collided with; the
    // range checked leaves room for as many skips as accounts.
    const range = Array.from({ length: capacity * 2 }, (_, i) => `${ACCOUNT_NUMBER_PREFIX}${lastNumber + 1 + i}`);
    const caseless = (codes: string[]) => new Map(codes.map((c) => [c.toLowerCase(), c]));
    return new NewAccountBatch(
      trx,
      ctx,
      accounts,
      ids,
      lastNumber,
      await takenAccountNumbers(trx, range),
      caseless(await listBillGroupCodes(trx)),
      caseless(await listAccountCategoryCodes(trx)),
    );
  }

  /** Checks one account and adds it; its id and number are final once `insert` has run. */
  add(input: NewAccountInput): { id: bigint; accountNumber: string } {
    if (this.nextIndex >= this.ids.length) throw new Error('NewAccountBatch: more accounts added than opened for');
    const settings = parseAccountSettings({ ...input, name: input.name ?? '' });
    const currency = parseCurrency(input.currency);
    if (settings.bill_group != null) {
      settings.bill_group =
        this.billGroups.get(settings.bill_group.toLowerCase()) ??
        billGroupUnknown(settings.bill_group, 'billGroup', [...this.billGroups.values()]);
    }
    if (settings.account_category != null) {
      settings.account_category =
        this.categories.get(settings.account_category.toLowerCase()) ??
        accountCategoryUnknown(settings.account_category, 'accountCategory', [...this.categories.values()]);
    }
    const id = this.ids[this.nextIndex];
    const numeric = this.nextFreeNumber();
    const accountNumber = nextAccountNumber(numeric - 1, ACCOUNT_NUMBER_PREFIX);
    const self: HierarchyAccount = {
      id: id.toString(),
      accountNumber,
      parentId: input.parentId === null ? null : input.parentId.toString(),
      currency,
      synced: input.syncedAt !== undefined,
      billed: false,
      subscriptionInvoicerId: this.invoicerId(input.subscriptionInvoicerId, id),
      usageInvoicerId: this.invoicerId(input.usageInvoicerId, id),
      taxAccountId: this.invoicerId(input.taxAccountId, id),
      arTermDays: settings.ar_term_days ?? null,
      billingCycle: settings.billing_cycle ?? null,
      billGroup: settings.bill_group ?? null,
    };
    if (self.parentId !== null) {
      const parent =
        this.accounts.get(self.parentId) ??
        fail('account_not_found', `parentId: no billing account has id "${self.parentId}".`, {
          field: 'parentId',
          ref: self.parentId,
        });
      assertParentCurrency(self, parent);
    }
    const withSelf = (accountId: string) => (accountId === self.id ? self : this.accounts.get(accountId));
    const nameOf = (accountId: string) => withSelf(accountId)?.accountNumber ?? `id ${accountId}`;
    for (const [key, , label] of INVOICERS) {
      const invoicer = self[key];
      if (invoicer === null) continue;
      if (!withSelf(invoicer)) {
        fail(
          'invoicer_outside_hierarchy',
          `The ${label} id ${invoicer} is not in the hierarchy of account ${accountNumber}.`,
          { accountId: self.id, invoicerId: invoicer, setting: label },
        );
      }
      assertInvoicerInHierarchy(self.id, invoicer, (a) => withSelf(a)!.parentId, label, nameOf);
    }
    const now = this.ctx.clock.now();
    this.rows.push({
      ...settings,
      id,
      name: settings.name!,
      account_number: accountNumber,
      currency,
      parent_id: input.parentId,
      subscription_invoicer_id: toColumn(self.subscriptionInvoicerId),
      usage_invoicer_id: toColumn(self.usageInvoicerId),
      tax_account_id: toColumn(self.taxAccountId),
      created_at: now,
      updated_at: now,
      synced_at: input.syncedAt ?? null,
    });
    this.accounts.set(self.id, self);
    this.nextIndex++;
    this.lastNumber = numeric;
    return { id, accountNumber };
  }

  /** Writes every account added, with its status history; returns each as `getAccount` shows it, by id. */
  async insert(): Promise<Map<bigint, AccountDetail>> {
    const inserted = await insertAccounts(this.trx, this.rows);
    const last = inserted.at(-1);
    if (last) await noteAccountNumber(this.trx, ACCOUNT_NUMBER_PREFIX, last.account_number);
    const details = new Map<bigint, AccountDetail>();
    for (const row of inserted) {
      if (row.status !== 'active') {
        await recordStatusChange(this.trx, { accountId: row.id, from: today(this.ctx.clock), status: row.status });
      }
      details.set(row.id, {
        ...toAccountView(row),
        effective: effectiveSettings(row.id.toString(), this.accounts),
        currencyLocked: row.synced_at !== null,
      });
    }
    return details;
  }

  get size(): number {
    return this.rows.length;
  }

  private invoicerId(ref: bigint | 'self' | null, self: bigint): string | null {
    if (ref === null) return null;
    return ref === 'self' ? self.toString() : ref.toString();
  }

  /** The numeric part of the next free generated number. */
  private nextFreeNumber(): number {
    let n = this.lastNumber + 1;
    while (this.takenNumbers.has(`${ACCOUNT_NUMBER_PREFIX}${n}`)) n++;
    return n;
  }
}

function toColumn(id: string | null): bigint | null {
  return id === null ? null : BigInt(id);
}

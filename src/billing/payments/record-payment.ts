import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { optionalText } from '../input/text-input.ts';
import { parseDate } from '../input/date-input.ts';
import { parseCurrency } from '../input/currency-input.ts';
import { parseAmount } from '../input/money-input.ts';
import { amountDueMinor } from '../../domain/invoice-balance.ts';
import { creditedMinorByInvoice, findInvoice, type LockedInvoice, lockInvoice } from '../invoices/invoices.repo.ts';
import {
  findPaymentByReference,
  insertPayment,
  listApplications,
  lockOpenInvoices,
  lockReference,
} from './payments.repo.ts';
import { type PaymentView, toPaymentView } from './payments.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface RecordPaymentInput {
  /** The paying account (id or number): the account the invoices are addressed to. */
  accountId: string;
  /** The invoice paid (number or id); without it the payment pays the open invoices, oldest due first. */
  invoiceId?: string | null;
  /** A decimal string in `currency`, e.g. "120.50" (`malformed_money` otherwise). */
  amount: string;
  currency: string;
  receivedOn: string;
  /** The payer's or bank's reference: a payment with a known reference is recorded once. */
  reference?: string | null;
}

export interface RecordPaymentResult {
  payment: PaymentView;
  /** False when a payment with this reference already existed (nothing was written). */
  created: boolean;
}

/**
 * Records a payment received and applies it to the invoice's paid amount (or spreads it over the open
 * invoices). An invoice cannot be paid beyond what is due after its credit notes (`payment_exceeds_due`:
 * there is no credit balance yet), nor at all once voided (`invoice_voided`), and a payment must be in the
 * invoice's currency (`currency_mismatch`).
 */
export async function recordPayment(ctx: AppContext, input: RecordPaymentInput): Promise<RecordPaymentResult> {
  const amount = parseAmount(input.amount, parseCurrency(input.currency), 'amount');
  if (amount.minor <= 0n) {
    fail('validation_failed', `amount must be more than zero, got "${input.amount}".`, { field: 'amount' });
  }
  const receivedOn = parseDate(input.receivedOn, 'receivedOn');
  const reference = optionalText(input.reference, 'reference');

  return ctx.db.transaction().execute(async (trx) => {
    const account = await requireAccount(trx, input.accountId);
    if (account.currency !== amount.currency) {
      fail(
        'currency_mismatch',
        `Account ${account.account_number} is billed in ${account.currency}, not ${amount.currency}.`,
        {
          accountCurrency: account.currency,
          paymentCurrency: amount.currency,
        },
      );
    }

    if (reference !== null) {
      await lockReference(trx, reference);
      const existing = await findPaymentByReference(trx, reference);
      if (existing) {
        const same =
          existing.account_id === account.id &&
          existing.amount_minor === amount.minor &&
          existing.currency === amount.currency;
        if (!same) {
          fail('validation_failed', `Reference "${reference}" was already used for another payment.`, {
            field: 'reference',
            paymentId: existing.id.toString(),
          });
        }
        return { payment: toPaymentView(existing, await listApplications(trx, existing.id)), created: false };
      }
    }

    let invoices: LockedInvoice[];
    let namedInvoice: bigint | null = null;
    if (input.invoiceId != null) {
      const found = await findInvoice(trx, input.invoiceId);
      if (!found || found.account_id !== account.id) {
        fail('invoice_not_found', `Account ${account.account_number} has no invoice "${input.invoiceId}".`, {
          invoice: input.invoiceId,
        });
      }
      invoices = [(await lockInvoice(trx, found.id))!];
      namedInvoice = found.id;
      if (invoices[0].voided_at !== null) {
        fail('invoice_voided', `Invoice ${found.invoice_number} is void and cannot be paid.`, {
          invoice: found.invoice_number,
        });
      }
      if (invoices[0].currency !== amount.currency) {
        fail(
          'currency_mismatch',
          `Invoice ${found.invoice_number} is in ${invoices[0].currency}, not ${amount.currency}.`,
        );
      }
    } else {
      invoices = await lockOpenInvoices(trx, account.id);
    }

    const credited = await creditedMinorByInvoice(
      trx,
      invoices.map((i) => i.id),
    );
    const dueOf = (i: LockedInvoice) =>
      amountDueMinor({
        totalMinor: i.total_minor,
        paidMinor: i.paid_minor,
        creditedMinor: credited.get(i.id) ?? 0n,
        voided: i.voided_at !== null,
      });
    const dueMinor = invoices.reduce((sum, i) => sum + dueOf(i), 0n);
    if (amount.minor > dueMinor) {
      const what =
        namedInvoice === null ? `account ${account.account_number}` : `invoice ${invoices[0].invoice_number}`;
      const due = formatMoney({ minor: dueMinor, currency: amount.currency });
      fail('payment_exceeds_due', `${formatMoney(amount)} is more than the ${due} ${amount.currency} due on ${what}.`, {
        due,
      });
    }

    // Oldest due first, each invoice up to what it still owes after payments and credits.
    const shares: { invoiceId: bigint; amountMinor: bigint }[] = [];
    let left = amount.minor;
    for (const invoice of invoices) {
      if (left === 0n) break;
      const open = dueOf(invoice);
      const share = open < left ? open : left;
      if (share > 0n) shares.push({ invoiceId: invoice.id, amountMinor: share });
      left -= share;
    }

    const row = await insertPayment(
      trx,
      {
        accountId: account.id,
        invoiceId: namedInvoice,
        amountMinor: amount.minor,
        currency: amount.currency,
        receivedOn,
        reference,
        createdAt: ctx.clock.now(),
      },
      shares,
    );
    ctx.logger.info({ paymentId: row.id.toString(), accountId: account.id.toString() }, 'payment recorded');
    return { payment: toPaymentView(row, await listApplications(trx, row.id)), created: true };
  });
}

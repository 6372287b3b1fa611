import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { getCreditNote } from '../../src/billing/credit-notes/get-credit-note.ts';
import { type IssueCreditNoteInput, issueCreditNote } from '../../src/billing/credit-notes/issue-credit-note.ts';
import { listCreditNotes } from '../../src/billing/credit-notes/list-credit-notes.ts';
import { accountSummary } from '../../src/billing/invoices/account-summary.ts';
import { getInvoice } from '../../src/billing/invoices/get-invoice.ts';
import { voidInvoice } from '../../src/billing/invoices/void-invoice.ts';
import { toJsonView } from '../../src/billing/json-view.ts';
import { type RecordPaymentInput, recordPayment } from '../../src/billing/payments/record-payment.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { type TestDb, testDb } from '../db.ts';
import {
  billingContext,
  createAccount,
  createPackage,
  orderProduct,
  setTaxRate,
} from '../scenarios/billing-fixtures.ts';

/**
 * Voids and credit notes on real PostgreSQL. Every account orders seats (100.00/month) and support
 * (50.00/month), taxed 8.25 % in the US, and is billed for January and February: each invoice holds
 * 100.00 + 8.25 and 50.00 + 4.13 (4.125 rounded half up), total 162.38.
 */
let t: TestDb;
let ctx: AppContext;
const clock = new FixedClock(new Date('2026-03-10T10:00:00Z'));
const ACCOUNTS = ['CR-1', 'CR-2', 'CR-3', 'CR-4', 'CR-5', 'CR-6'];
/** Accounts whose invoices only the over-credit race uses. */
const RACE = ['RACE-1', 'RACE-2', 'RACE-3', 'RACE-4', 'RACE-5'];

beforeAll(async () => {
  t = await testDb();
  ctx = billingContext(t.db, clock);
  await setTaxRate(t.db, 'US', '0.0825');
  const { packageId } = await createPackage(t.db, 'BASIC', [
    { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 10000n }] },
    { code: 'support', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 5000n }] },
  ]);
  for (const n of [...ACCOUNTS, ...RACE]) {
    await orderProduct(t.db, await createAccount(t.db, n, { country: 'US' }), packageId, { start: '2026-01-01' });
  }
  await runBilling(ctx, { date: '2026-01-31' }); // CR-n-0001, due 2026-03-02
  await runBilling(ctx, { date: '2026-02-28' }); // CR-n-0002, due 2026-03-30
});
afterAll(() => t.close());

const invoice = async (n: string) => toJsonView(await getInvoice(ctx, n));
const credit = (input: Partial<IssueCreditNoteInput> & { invoice: string }) =>
  issueCreditNote(ctx, { reason: 'goodwill', ...input });
const pay = (input: Partial<RecordPaymentInput> & { accountId: string }) =>
  recordPayment(ctx, { amount: '1.00', currency: 'USD', receivedOn: '2026-03-10', ...input });
const lineIds = async (n: string) => (await invoice(n)).lines.map((l) => l.id);

async function counts() {
  const n = async (table: 'credit_notes' | 'credit_note_lines' | 'payments') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const voided = await t.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('voided_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    creditNotes: await n('credit_notes'),
    lines: await n('credit_note_lines'),
    payments: await n('payments'),
    voided: Number(voided.n),
  };
}

async function expectNothingWritten(code: string, action: () => Promise<unknown>) {
  const before = await counts();
  await expect(action()).rejects.toMatchObject({ code });
  expect(await counts()).toEqual(before);
}

describe('voidInvoice', () => {
  it('voids an untouched invoice: due 0, status void, out of the account summary', async () => {
    const voided = toJsonView(await voidInvoice(ctx, { invoice: 'CR-1-0002', reason: 'issued in error' }));
    expect(voided).toMatchObject({
      invoiceNumber: 'CR-1-0002',
      status: 'void',
      total: { amount: '162.38' },
      due: { amount: '0.00' },
      voidedAt: '2026-03-10T10:00:00.000Z',
      voidReason: 'issued in error',
    });
    expect(voided.lines).toHaveLength(2); // kept as issued
    expect(toJsonView(await accountSummary(ctx, 'CR-1', '2026-04-15'))).toMatchObject({
      invoiceCount: 1,
      totalBilled: { amount: '162.38' },
      firstInvoice: { date: '2026-01-31', amount: { amount: '162.38' } },
      latestInvoice: { date: '2026-01-31', amount: { amount: '162.38' } },
      due: { amount: '162.38' },
      pastDue: { amount: '162.38' },
    });
  });

  it('refuses to void twice, to credit or pay a void invoice, and skips it when spreading a payment', async () => {
    await expectNothingWritten('invoice_already_void', () =>
      voidInvoice(ctx, { invoice: 'CR-1-0002', reason: 'again' }),
    );
    await expectNothingWritten('invoice_voided', () => credit({ invoice: 'CR-1-0002' }));
    await expectNothingWritten('invoice_voided', () => pay({ accountId: 'CR-1', invoiceId: 'CR-1-0002' }));
    await expectNothingWritten('payment_exceeds_due', () => pay({ accountId: 'CR-1', amount: '162.39' }));
    const paid = await pay({ accountId: 'CR-1', amount: '162.38' });
    expect(toJsonView(paid.payment.appliedTo).map((a) => a.invoiceNumber)).toEqual(['CR-1-0001']);
  });

  it('refuses an invoice with a payment or a credit note, an unknown invoice and a missing reason', async () => {
    await pay({ accountId: 'CR-5', invoiceId: 'CR-5-0001' });
    await expectNothingWritten('invoice_has_payments', () => voidInvoice(ctx, { invoice: 'CR-5-0001', reason: 'x' }));
    await credit({ invoice: 'CR-5-0002', amount: '1.00' });
    await expectNothingWritten('invoice_has_credit_notes', () =>
      voidInvoice(ctx, { invoice: 'CR-5-0002', reason: 'x' }),
    );
    await expectNothingWritten('invoice_not_found', () => voidInvoice(ctx, { invoice: 'CR-5-0009', reason: 'x' }));
    await expectNothingWritten('validation_failed', () => voidInvoice(ctx, { invoice: 'CR-5-0001', reason: ' ' }));
  });
});

describe('issueCreditNote', () => {
  it('credits a whole invoice: every line with its tax; the invoice is then credited, nothing due', async () => {
    const { creditNote, created } = await credit({ invoice: 'CR-2-0001', reason: 'service outage' });
    expect(created).toBe(true);
    expect(toJsonView(creditNote)).toMatchObject({
      creditNoteNumber: 'CR-2-CN-0001',
      invoiceNumber: 'CR-2-0001',
      accountNumber: 'CR-2',
      reason: 'service outage',
      issuedOn: '2026-03-10',
      subtotal: { amount: '150.00', currency: 'USD' },
      tax: { amount: '12.38' },
      total: { amount: '162.38' },
    });
    expect(toJsonView(creditNote.lines).map((l) => [l.amount.amount, l.tax.amount])).toEqual([
      ['100.00', '8.25'],
      ['50.00', '4.13'],
    ]);
    expect(await invoice('CR-2-0001')).toMatchObject({
      status: 'credited',
      credited: { amount: '162.38' },
      due: { amount: '0.00' },
    });
  });

  it('credits part of a line, then an amount spread in proportion, numbered in sequence per account', async () => {
    const [seat] = await lineIds('CR-2-0002');
    const byLine = toJsonView(
      (await credit({ invoice: 'CR-2-0002', lines: [{ lineId: seat, amount: '25.00' }] })).creditNote,
    );
    expect(byLine).toMatchObject({ creditNoteNumber: 'CR-2-CN-0002', total: { amount: '27.06' } });
    expect(byLine.lines).toEqual([
      expect.objectContaining({ invoiceLineId: seat, amount: expect.objectContaining({ amount: '25.00' }) }),
    ]);

    // Left: seat 75.00, support 50.00 → 30.00 splits 18.00 / 12.00; tax on the cumulative seat credit
    // 43.00 × 8.25 % = 3.5475 → 3.55, less 2.06 already credited = 1.49; support 12.00 → 0.99.
    const spread = toJsonView((await credit({ invoice: 'CR-2-0002', amount: '30.00', currency: 'USD' })).creditNote);
    expect(spread.creditNoteNumber).toBe('CR-2-CN-0003');
    expect(spread.lines.map((l) => [l.amount.amount, l.tax.amount])).toEqual([
      ['18.00', '1.49'],
      ['12.00', '0.99'],
    ]);
    expect(spread.total.amount).toBe('32.48');
    expect(await invoice('CR-2-0002')).toMatchObject({
      status: 'open',
      credited: { amount: '59.54' },
      due: { amount: '102.84' },
    });
  });

  it('never credits beyond a line or the invoice; the rest credits to the cent', async () => {
    const [seat, support] = await lineIds('CR-2-0002');
    const [otherLine] = await lineIds('CR-3-0001');
    await expectNothingWritten('credit_exceeds_invoice', () => credit({ invoice: 'CR-2-0002', amount: '95.01' }));
    await expectNothingWritten('credit_exceeds_line', () =>
      credit({ invoice: 'CR-2-0002', lines: [{ lineId: support, amount: '38.01' }] }),
    );
    await expectNothingWritten('invoice_line_not_found', () =>
      credit({ invoice: 'CR-2-0002', lines: [{ lineId: otherLine }] }),
    );
    await expectNothingWritten('validation_failed', () =>
      credit({ invoice: 'CR-2-0002', amount: '1.00', lines: [{ lineId: seat }] }),
    );
    await expectNothingWritten('malformed_money', () => credit({ invoice: 'CR-2-0002', amount: '1.001' }));
    await expectNothingWritten('currency_mismatch', () =>
      credit({ invoice: 'CR-2-0002', amount: '1.00', currency: 'EUR' }),
    );
    await expectNothingWritten('validation_failed', () => credit({ invoice: 'CR-2-0002', reason: '' }));
    await expectNothingWritten('invoice_not_found', () => credit({ invoice: 'NOPE' }));

    const rest = toJsonView((await credit({ invoice: 'CR-2-0002' })).creditNote);
    expect([rest.creditNoteNumber, rest.subtotal.amount, rest.tax.amount, rest.total.amount]).toEqual([
      'CR-2-CN-0004',
      '95.00',
      '7.84',
      '102.84',
    ]);
    expect(await invoice('CR-2-0002')).toMatchObject({ status: 'credited', credited: { amount: '162.38' } });
    await expectNothingWritten('credit_exceeds_invoice', () => credit({ invoice: 'CR-2-0002' }));
    await expectNothingWritten('credit_exceeds_line', () =>
      credit({ invoice: 'CR-2-0002', lines: [{ lineId: seat }] }),
    );
  });

  it('lists, shows, and issues once per reference', async () => {
    const listed = toJsonView(await listCreditNotes(ctx, 'CR-2-0002'));
    expect(listed.map((n) => n.creditNoteNumber)).toEqual(['CR-2-CN-0002', 'CR-2-CN-0003', 'CR-2-CN-0004']);
    expect(toJsonView(await getCreditNote(ctx, listed[1].id))).toEqual(listed[1]);
    await expect(getCreditNote(ctx, 'CR-2-CN-0099')).rejects.toMatchObject({ code: 'credit_note_not_found' });

    const first = await credit({ invoice: 'CR-6-0001', amount: '10.00', reference: 'TICKET-9' });
    const before = await counts();
    const again = await credit({ invoice: 'CR-6-0001', amount: '10.00', reference: 'TICKET-9' });
    expect([first.created, again.created, again.creditNote.id]).toEqual([true, false, first.creditNote.id]);
    expect(await counts()).toEqual(before);
    await expectNothingWritten('validation_failed', () =>
      credit({ invoice: 'CR-6-0002', amount: '10.00', reference: 'TICKET-9' }),
    );
  });

  it('lowers the account summary: total billed net of credits, due and past due', async () => {
    expect(toJsonView(await accountSummary(ctx, 'CR-2', '2026-04-15'))).toMatchObject({
      invoiceCount: 2,
      totalBilled: { amount: '0.00' },
      totalCredited: { amount: '324.76' },
      due: { amount: '0.00' },
      pastDue: { amount: '0.00' },
    });
  });
});

describe('payments after a credit', () => {
  it('are limited to the credited-down amount due', async () => {
    const [, support] = await lineIds('CR-3-0001');
    await credit({ invoice: 'CR-3-0001', lines: [{ lineId: support }] }); // 54.13
    await expectNothingWritten('payment_exceeds_due', () =>
      pay({ accountId: 'CR-3', invoiceId: 'CR-3-0001', amount: '108.26' }),
    );
    await pay({ accountId: 'CR-3', invoiceId: 'CR-3-0001', amount: '108.25' });
    expect(await invoice('CR-3-0001')).toMatchObject({ status: 'paid', due: { amount: '0.00' } });
    // Spread over the account: only CR-3-0002 is still due.
    await expectNothingWritten('payment_exceeds_due', () => pay({ accountId: 'CR-3', amount: '162.39' }));
  });

  it('a credit on an amount already paid leaves nothing due (the refund is outside revbridge)', async () => {
    await pay({ accountId: 'CR-3', invoiceId: 'CR-3-0002', amount: '100.00' });
    await credit({ invoice: 'CR-3-0002' });
    expect(await invoice('CR-3-0002')).toMatchObject({
      status: 'credited',
      paid: { amount: '100.00' },
      credited: { amount: '162.38' },
      due: { amount: '0.00' },
    });
    await expectNothingWritten('payment_exceeds_due', () => pay({ accountId: 'CR-3', amount: '0.01' }));
  });
});

describe('concurrency', () => {
  it('two concurrent credit notes that together exceed the invoice: exactly one is issued', async () => {
    // Ten invoices, each credited twice at once for 100.00 + tax of its 162.38.
    const invoices = RACE.flatMap((a) => [`${a}-0001`, `${a}-0002`]);
    const attempts = await Promise.allSettled(
      invoices.flatMap((inv) => [
        credit({ invoice: inv, amount: '100.00' }),
        credit({ invoice: inv, amount: '100.00' }),
      ]),
    );
    for (const [i, inv] of invoices.entries()) {
      const pair = attempts.slice(2 * i, 2 * i + 2);
      expect(pair.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((pair.find((a) => a.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
        code: 'credit_exceeds_invoice',
      });
      expect((await invoice(inv)).credited.amount).toBe('108.25');
    }
    // Two per account, numbered 1 and 2 whichever invoice won first.
    const numbers = (await t.db.selectFrom('credit_notes').select('credit_note_number').execute())
      .map((r) => r.credit_note_number)
      .filter((n) => n.startsWith('RACE-'));
    expect(numbers.sort()).toEqual(RACE.flatMap((a) => [`${a}-CN-0001`, `${a}-CN-0002`]));
  });

  it('concurrent credit notes on invoices of one account take distinct consecutive numbers', async () => {
    const notes = await Promise.all([
      credit({ invoice: 'CR-4-0001', amount: '1.00' }),
      credit({ invoice: 'CR-4-0002', amount: '1.00' }),
      credit({ invoice: 'CR-4-0002', amount: '2.00' }),
      credit({ invoice: 'CR-4-0001', amount: '2.00' }),
    ]);
    expect(notes.map((n) => n.creditNote.creditNoteNumber).sort()).toEqual([
      'CR-4-CN-0001',
      'CR-4-CN-0002',
      'CR-4-CN-0003',
      'CR-4-CN-0004',
    ]);
  });

  it('a void racing a payment: exactly one of them happens', async () => {
    const [voiding, paying] = await Promise.allSettled([
      voidInvoice(ctx, { invoice: 'CR-6-0002', reason: 'duplicate' }),
      pay({ accountId: 'CR-6', invoiceId: 'CR-6-0002', amount: '5.00' }),
    ]);
    const inv = await invoice('CR-6-0002');
    if (voiding.status === 'fulfilled') {
      expect(paying).toMatchObject({ status: 'rejected', reason: { code: 'invoice_voided' } });
      expect([inv.status, inv.paid.amount]).toEqual(['void', '0.00']);
    } else {
      expect(voiding.reason).toMatchObject({ code: 'invoice_has_payments' });
      expect([inv.status, inv.paid.amount]).toEqual(['open', '5.00']);
    }
  });
});

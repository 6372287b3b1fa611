import type { Command } from 'commander';
import { accountSummary } from '../../billing/invoices/account-summary.ts';
import { getInvoice } from '../../billing/invoices/get-invoice.ts';
import { listInvoices } from '../../billing/invoices/list-invoices.ts';
import type { InvoiceView } from '../../billing/invoices/invoices.views.ts';
import { voidInvoice } from '../../billing/invoices/void-invoice.ts';
import { type JsonView, toJsonView } from '../../billing/json-view.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';
import { type PageOptions, pageText, pageRequest, withPageOptions } from '../paging.ts';

const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;

function invoiceHead(inv: JsonView<InvoiceView>): string {
  return [
    `invoice ${inv.invoiceNumber} (${inv.kind}) to ${inv.accountNumber}, dated ${inv.invoiceDate}, due ${inv.dueDate}: ${inv.status}`,
    `subtotal ${money(inv.subtotal)}  tax ${money(inv.tax)}  total ${money(inv.total)}  paid ${money(inv.paid)}  credited ${money(inv.credited)}  due ${money(inv.due)}`,
    ...(inv.voidedAt ? [`voided ${inv.voidedAt}: ${inv.voidReason}`] : []),
  ].join('\n');
}

export function registerInvoicesCommand(program: Command, run: CliRunner): void {
  const invoice = program
    .command('invoice')
    .description('issued invoices (never edited: voided, or credited with `credit-note issue`)');

  withPageOptions(
    invoice
      .command('list')
      .description('invoices in issue order, a page at a time')
      .option('--account <account>', 'only invoices addressed to this account (id or number)'),
    50,
  ).action((o: PageOptions & { account?: string }) =>
    run.withContext(async (ctx) => {
      const page = toJsonView(await listInvoices(ctx, { accountId: o.account, ...pageRequest(o) }));
      const rows = table(
        page.invoices,
        [
          { header: 'NUMBER', value: (i) => i.invoiceNumber },
          { header: 'KIND', value: (i) => i.kind },
          { header: 'DATE', value: (i) => i.invoiceDate },
          { header: 'DUE DATE', value: (i) => i.dueDate },
          { header: 'TOTAL', value: (i) => i.total },
          { header: 'DUE', value: (i) => i.due },
          { header: 'STATUS', value: (i) => i.status },
        ],
        'no invoices',
      );
      return { data: page, human: pageText(rows, page.nextCursor) };
    }),
  );

  invoice
    .command('show <invoice>')
    .description('one invoice (number or id) with its lines')
    .action((idOrNumber: string) =>
      run.withContext(async (ctx) => {
        const inv = toJsonView(await getInvoice(ctx, idOrNumber));
        const lines = table(inv.lines, [
          { header: 'LINE', value: (l) => l.id },
          { header: 'ACCOUNT', value: (l) => l.accountNumber },
          { header: 'CHARGE', value: (l) => l.description },
          { header: 'PERIOD', value: (l) => `${l.periodStart}..${l.periodEnd}` },
          { header: 'QTY', value: (l) => l.quantity },
          { header: 'UNIT', value: (l) => l.unitPrice },
          { header: 'AMOUNT', value: (l) => l.amount },
          { header: 'TAX', value: (l) => l.tax },
          { header: 'RATE', value: (l) => l.taxRate },
        ]);
        return { data: inv, human: `${invoiceHead(inv)}\n\n${renderHuman({ data: null, human: lines })}` };
      }),
    );

  invoice
    .command('void <invoice>')
    .description('void an invoice (number or id) that has no payment and no credit note; its charges bill again')
    .requiredOption('--reason <text>', 'why it is voided (kept with the invoice)')
    .action((idOrNumber: string, o: { reason: string }) =>
      run.withContext(async (ctx) => {
        const inv = toJsonView(await voidInvoice(ctx, { invoice: idOrNumber, reason: o.reason }));
        return { data: inv, human: `voided ${inv.invoiceNumber}\n${invoiceHead(inv)}` };
      }),
    );

  // `account summary` sits with the other account commands; it is defined here because it reads invoices.
  const account =
    program.commands.find((c) => c.name() === 'account') ?? program.command('account').description('billing accounts');
  account
    .command('summary <account>')
    .description('invoice roll-ups: total billed, first/latest invoice, amount due, past due')
    .option('--as-of <date>', 'the day due and past due are counted on (default today)')
    .action((idOrNumber: string, o: { asOf?: string }) =>
      run.withContext(async (ctx) => {
        const s = toJsonView(await accountSummary(ctx, idOrNumber, o.asOf));
        const mark = (m: { date: string; amount: { amount: string; currency: string } } | null) =>
          m ? `${money(m.amount)} on ${m.date}` : '–';
        const human = [
          `${s.accountNumber} as of ${s.asOf} (${s.invoiceCount} invoices)`,
          `total billed    ${money(s.totalBilled)}  (after ${money(s.totalCredited)} credited)`,
          `first invoice   ${mark(s.firstInvoice)}`,
          `latest invoice  ${mark(s.latestInvoice)}`,
          `due             ${money(s.due)}`,
          `past due        ${money(s.pastDue)}`,
        ].join('\n');
        return { data: s, human };
      }),
    );
}

import type { Command } from 'commander';
import { getCreditNote } from '../../billing/credit-notes/get-credit-note.ts';
import type { CreditNoteView } from '../../billing/credit-notes/credit-notes.views.ts';
import { issueCreditNote } from '../../billing/credit-notes/issue-credit-note.ts';
import { listCreditNotes } from '../../billing/credit-notes/list-credit-notes.ts';
import { type JsonView, toJsonView } from '../../billing/json-view.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';

interface IssueOptions {
  reason: string;
  line: string[];
  amount?: string;
  reference?: string;
}

const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;

/** `--line 42` credits line 42 in full; `--line 42:10.00` credits 10.00 of it (before tax). */
function parseLineOption(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function toLine(text: string): { lineId: string; amount?: string } {
  const [lineId, amount] = text.split(':', 2);
  return amount === undefined ? { lineId } : { lineId, amount };
}

function creditNoteText(cn: JsonView<CreditNoteView>): string {
  const head = [
    `credit note ${cn.creditNoteNumber} on invoice ${cn.invoiceNumber} to ${cn.accountNumber}, issued ${cn.issuedOn}: ${cn.reason}`,
    `subtotal ${money(cn.subtotal)}  tax ${money(cn.tax)}  total ${money(cn.total)}`,
  ].join('\n');
  const lines = table(cn.lines, [
    { header: 'LINE', value: (l) => l.invoiceLineId },
    { header: 'CHARGE', value: (l) => l.description },
    { header: 'PERIOD', value: (l) => `${l.periodStart}..${l.periodEnd}` },
    { header: 'AMOUNT', value: (l) => l.amount },
    { header: 'TAX', value: (l) => l.tax },
  ]);
  return `${head}\n\n${renderHuman({ data: null, human: lines })}`;
}

export function registerCreditNotesCommand(program: Command, run: CliRunner): void {
  const creditNote = program.command('credit-note').description('credit notes: corrections of issued invoices');

  creditNote
    .command('issue <invoice>')
    .description('credit an invoice (number or id): whole (default), some lines, or an amount spread over its lines')
    .requiredOption('--reason <text>', 'why it is credited')
    .option(
      '--line <id[:amount]>',
      'credit this line (the LINE ids of `invoice show`), in full or by an amount before tax; repeatable',
      parseLineOption,
      [],
    )
    .option('--amount <amount>', "credit this amount before tax, in the invoice's currency, spread over its lines")
    .option('--reference <ref>', 'idempotency key: the same reference issues one credit note')
    .action((invoice: string, o: IssueOptions) =>
      run.withContext(async (ctx) => {
        const result = await issueCreditNote(ctx, {
          invoice,
          reason: o.reason,
          lines: o.line.length > 0 ? o.line.map(toLine) : undefined,
          amount: o.amount,
          reference: o.reference,
        });
        const cn = toJsonView(result.creditNote);
        return {
          data: { ...cn, created: result.created },
          human: `${result.created ? 'issued' : 'already issued:'} ${creditNoteText(cn)}`,
        };
      }),
    );

  creditNote
    .command('list')
    .description("an invoice's credit notes, in issue order")
    .requiredOption('--invoice <invoice>', 'invoice number or id')
    .action((o: { invoice: string }) =>
      run.withContext(async (ctx) => {
        const notes = toJsonView(await listCreditNotes(ctx, o.invoice));
        const rows = table(
          notes,
          [
            { header: 'NUMBER', value: (n) => n.creditNoteNumber },
            { header: 'ISSUED', value: (n) => n.issuedOn },
            { header: 'SUBTOTAL', value: (n) => n.subtotal },
            { header: 'TAX', value: (n) => n.tax },
            { header: 'TOTAL', value: (n) => n.total },
            { header: 'REASON', value: (n) => n.reason },
          ],
          'no credit notes',
        );
        return { data: notes, human: rows };
      }),
    );

  creditNote
    .command('show <creditNote>')
    .description('one credit note (number or id) with its lines')
    .action((idOrNumber: string) =>
      run.withContext(async (ctx) => {
        const cn = toJsonView(await getCreditNote(ctx, idOrNumber));
        return { data: cn, human: creditNoteText(cn) };
      }),
    );
}

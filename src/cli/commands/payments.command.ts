import type { Command } from 'commander';
import { toJsonView } from '../../billing/json-view.ts';
import { recordPayment } from '../../billing/payments/record-payment.ts';
import type { CliRunner } from '../cli-runner.ts';

interface RecordOptions {
  amount: string;
  currency: string;
  receivedOn: string;
  invoice?: string;
  reference?: string;
}

export function registerPaymentsCommand(program: Command, run: CliRunner): void {
  const payment = program.command('payment').description('payments received');

  payment
    .command('record <account>')
    .description('record a payment from an account (id or number) and apply it to its invoices')
    .requiredOption('--amount <amount>', 'decimal amount, e.g. 120.50')
    .requiredOption('--currency <code>', 'ISO 4217 currency of the amount')
    .requiredOption('--received-on <date>', 'day received, YYYY-MM-DD')
    .option('--invoice <invoice>', 'invoice number or id (default: the open invoices, oldest due first)')
    .option('--reference <ref>', 'bank or payer reference: the same reference twice records once')
    .action((accountId: string, o: RecordOptions) =>
      run.withContext(async (ctx) => {
        const result = await recordPayment(ctx, {
          accountId,
          invoiceId: o.invoice,
          amount: o.amount,
          currency: o.currency,
          receivedOn: o.receivedOn,
          reference: o.reference,
        });
        const p = toJsonView(result.payment);
        const applied = p.appliedTo.map((a) => `${a.invoiceNumber} ${a.amount.amount}`).join(', ');
        return {
          data: { ...p, created: result.created },
          human: `${result.created ? 'recorded' : 'already recorded:'} payment ${p.id} of ${p.amount.amount} ${p.amount.currency} on ${p.receivedOn} → ${applied || 'nothing'}`,
        };
      }),
    );
}

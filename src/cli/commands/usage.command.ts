import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { listUsage } from '../../billing/usage/list-usage.ts';
import { recordUsage } from '../../billing/usage/record-usage.ts';
import { recordUsageBatch } from '../../billing/usage/record-usage-batch.ts';
import type { UsageInput } from '../../billing/usage/usage-input.ts';
import { fail } from '../../domain/errors.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';
import { ACCOUNT_ARG_HELP, resolveServiceArg, SERVICE_ARG_HELP } from '../service-arg.ts';
import { type PageOptions, pageText, pageRequest, withPageOptions } from '../paging.ts';

export function registerUsageCommand(program: Command, run: CliRunner): void {
  const usage = program.command('usage').description('usage of usage-priced services');

  usage
    .command('record')
    .argument('<account>', ACCOUNT_ARG_HELP)
    .description('record what an account used of a usage service on a day')
    .argument('<service>', SERVICE_ARG_HELP)
    .requiredOption('--quantity <n>', 'units used')
    .requiredOption('--on <date>', 'day used')
    .option('--external-id <id>', 'your id for it: the same id twice records once')
    .action((accountId: string, service: string, o: { quantity: string; on: string; externalId?: string }) =>
      run.withContext(async (ctx) => {
        const result = await recordUsage(ctx, {
          accountId,
          serviceId: await resolveServiceArg(ctx, service),
          quantity: o.quantity,
          usedOn: o.on,
          externalId: o.externalId,
        });
        const u = result.usage;
        return {
          data: result,
          human: `${result.created ? 'recorded' : 'already recorded:'} ${u.quantity} ${u.serviceCode} on ${u.usedOn} (id ${u.id})`,
        };
      }),
    );

  usage
    .command('import <file>')
    .description('record a JSON array of {accountId, serviceId, quantity, usedOn, externalId?} in one batch')
    .action((file: string) =>
      run.withContext(async (ctx) => {
        const rows = JSON.parse(await readFile(file, 'utf8')) as unknown;
        if (!Array.isArray(rows)) fail('validation_failed', `${file} must hold a JSON array of usage rows.`, { file });
        const result = await recordUsageBatch(ctx, { rows: rows as UsageInput[] });
        return {
          data: result,
          human: `${result.recorded} recorded, ${result.duplicates} already there (of ${result.received})`,
        };
      }),
    );

  withPageOptions(
    usage
      .command('list <account>')
      .description("an account's usage records and totals per service, a page at a time")
      .option('--service <service>', `only this service: ${SERVICE_ARG_HELP}`)
      .option('--from <date>', 'first day')
      .option('--to <date>', 'last day'),
    500,
  ).action((accountId: string, o: PageOptions & { service?: string; from?: string; to?: string }) =>
    run.withContext(async (ctx) => {
      const listing = await listUsage(ctx, {
        accountId,
        serviceId: o.service === undefined ? undefined : await resolveServiceArg(ctx, o.service),
        from: o.from,
        to: o.to,
        ...pageRequest(o),
      });
      const totals = listing.totals.map((t) => `${t.serviceCode}: ${t.quantity}`).join(', ');
      return {
        data: listing,
        human: pageText(
          table(
            listing.records,
            [
              { header: 'ID', value: (u) => u.id },
              { header: 'DAY', value: (u) => u.usedOn },
              { header: 'SERVICE', value: (u) => u.serviceCode },
              { header: 'QUANTITY', value: (u) => u.quantity },
              { header: 'EXTERNAL ID', value: (u) => u.externalId },
            ],
            'no usage',
          ),
          listing.nextCursor,
          `\ntotal: ${totals || '0'}`,
        ),
      };
    }),
  );
}

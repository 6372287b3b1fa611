import type { Command } from 'commander';
import type { ContractView } from '../../revenue/contracts/contract-view.ts';
import type { ContractInput } from '../../revenue/contracts/manage-contracts.ts';
import { fail } from '../../domain/errors.ts';
import { queueRevenuePush } from '../../jobs/queue-revenue-push.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';
import { pageRequest, pageText, type PageOptions, withPageOptions } from '../paging.ts';
import { progressBar } from '../progress-bar.ts';
import { registerRevenuePushCommands } from './revenue-push.command.ts';
import { syncOutput } from './sync.command.ts';

export function registerRevenueCommand(program: Command, run: CliRunner): void {
  const revenue = program
    .command('revenue')
    .description('revenue management: contracts from Salesforce opportunities, ARR/MRR, renewals, churn');

  revenue
    .command('import')
    .description(
      'opportunities passing the import filter (and their line items) into contracts: what changed since the last import, or everything with --full',
    )
    .option('--dry-run', 'show what would be created, changed or refused, per opportunity, and write nothing')
    .option('--full', 'read every opportunity the filter passes, not only what changed since the last import')
    .action((o: { dryRun?: boolean; full?: boolean }) =>
      run.withContext(async (ctx) => {
        const { importContracts } = await import('../../revenue/import/import-contracts.ts');
        const bar = run.json ? undefined : progressBar('contracts');
        try {
          return syncOutput(
            await importContracts(ctx, { dryRun: o.dryRun, full: o.full, trigger: 'cli', onProgress: bar?.update }),
          );
        } finally {
          bar?.done();
        }
      }),
    );

  withPageOptions(
    revenue
      .command('contracts')
      .description('contracts with their status, state, term, ARR/MRR/ACV, links and lines, as of a day')
      .option('--as-of <date>', 'the day to read ARR, MRR and state on (default today)')
      .option('--account <salesforceId>', "only this Salesforce account's contracts")
      .option('--archived', 'include contracts whose opportunity was deleted in Salesforce'),
    100,
  ).action((o: PageOptions & { asOf?: string; account?: string; archived?: boolean }) =>
    run.withContext(async (ctx) => {
      const { contractPage } = await import('../../revenue/contracts/list-contracts.ts');
      const { contracts, nextCursor } = await contractPage(ctx, {
        ...pageRequest(o),
        asOf: o.asOf,
        account: o.account,
        archived: o.archived,
      });
      const rows = table(
        contracts,
        [
          { header: 'CONTRACT', value: (c) => c.contractId },
          { header: 'OPPORTUNITY', value: (c) => c.opportunityId },
          { header: 'NAME', value: (c) => c.name },
          { header: 'ACCOUNT', value: (c) => c.account.name ?? c.account.salesforceId },
          { header: 'STATUS', value: (c) => c.status },
          { header: 'STATE', value: (c) => c.state },
          { header: 'START', value: (c) => c.start },
          { header: 'END', value: (c) => c.end },
          { header: 'ARR', value: (c) => c.arr },
          { header: 'MRR', value: (c) => c.mrr },
          { header: 'ACV', value: (c) => c.acv },
          { header: 'TOTAL ARR', value: (c) => c.totalArr },
          { header: 'RENEWS', value: (c) => c.renews },
          { header: 'AMENDS', value: (c) => c.amends },
          { header: 'PUSH', value: (c) => c.pushError ?? (c.pushPending ? 'pending' : null) },
        ],
        'no contracts yet: `revenue import` reads them from Salesforce',
      );
      return { data: contracts, human: pageText(rows, nextCursor) };
    }),
  );

  const contract = revenue
    .command('contract')
    .description(
      'contracts in revbridge (renewals, upsells): create, update, delete; `revenue push` sends them to Salesforce',
    );
  const contractFlags = (command: Command, required: boolean) =>
    command
      .option('--account <salesforceId>', 'the Salesforce account the contract belongs to')
      .option('--account-name <name>', "the account's name, as shown in lists")
      .option('--name <name>', "the contract's name")
      .option('--stage <stage>', 'an imported stage (its category sets booked, lost or forecast)')
      .option('--close <date>', 'the close date')
      .option('--start <date>', "term start for every line (overrides the lines')")
      .option('--end <date>', "term end for every line (overrides the lines')")
      .option('--assigned-arr <amount>', 'Assigned ARR (with --assigned-mrr)')
      .option('--assigned-mrr <amount>', 'Assigned MRR (with --assigned-arr)')
      .option(
        '--line <product:quantity:revenue:start:end...>',
        `a line: product code, quantity, revenue for its whole term, and optionally its start and end${required ? '' : ' (given: replaces every line)'}, e.g. SEATS:10:12000.00:2027-01-01:2027-12-31`,
      );
  contractFlags(
    contract
      .command('create')
      .description('a contract made in revbridge: a renewal or an upsell recorded outside Salesforce'),
    true,
  ).action((o: ContractFlags) =>
    run.withContext(async (ctx) => {
      const { createContract } = await import('../../revenue/contracts/manage-contracts.ts');
      const created = await createContract(ctx, contractInput(o) as ContractInput);
      await queueRevenuePush(ctx);
      return { data: created, human: contractText('created', created) };
    }),
  );
  contractFlags(
    contract
      .command('update')
      .description('change a contract (one in Salesforce: pending until `revenue push` sends it)')
      .argument('<contract>', 'contract id or opportunity id'),
    false,
  ).action((ref: string, o: ContractFlags) =>
    run.withContext(async (ctx) => {
      const { updateContract } = await import('../../revenue/contracts/manage-contracts.ts');
      const updated = await updateContract(ctx, ref, contractInput(o));
      await queueRevenuePush(ctx);
      return { data: updated, human: contractText('updated', updated) };
    }),
  );
  contract
    .command('delete')
    .description('delete a contract made in revbridge and not yet pushed (nothing is ever deleted in Salesforce)')
    .argument('<contract>', 'contract id')
    .action((ref: string) =>
      run.withContext(async (ctx) => {
        const { deleteContract } = await import('../../revenue/contracts/manage-contracts.ts');
        const deleted = await deleteContract(ctx, ref);
        return { data: deleted, human: `contract ${deleted.contractId} deleted` };
      }),
    );

  registerRevenuePushCommands(revenue, run);

  revenue
    .command('link')
    .description(
      'link two contracts: the later one renews (or amends) the earlier; a renewal may not overlap the term it renews',
    )
    .argument('<kind>', 'renewal or amendment')
    .argument('<earlier>', 'the contract renewed or amended: its contract id or opportunity id')
    .argument('<later>', 'the renewing or amending contract: its contract id or opportunity id')
    .action((kind: string, earlier: string, later: string) =>
      run.withContext(async (ctx) => {
        const { linkContracts } = await import('../../revenue/contracts/link-contracts.ts');
        const linked = await linkContracts(ctx, kind, earlier, later);
        await queueRevenuePush(ctx);
        const verb = linked.kind === 'renewal' ? 'renews' : 'amends';
        return {
          data: linked,
          human: `contract ${linked.later.contractId} (${linked.later.name}) ${verb} contract ${linked.earlier.contractId} (${linked.earlier.name}); the earlier one is now ${linked.earlier.state}`,
        };
      }),
    );

  revenue
    .command('metrics')
    .description(
      'ARR, MRR, ACV, bookings, renewals due, overdue, churned ARR, net and gross revenue retention on a day',
    )
    .option('--as-of <date>', 'the day (default today)')
    .action((o: { asOf?: string }) =>
      run.withContext(async (ctx) => {
        const { revenueMetrics } = await import('../../revenue/metrics/revenue-metrics.ts');
        const m = await revenueMetrics(ctx, o.asOf);
        const rows: Array<[string, string]> = [
          ['ARR', m.arr],
          ['MRR', m.mrr],
          ['ACV', m.acv],
          ['bookings (12 months)', m.bookings],
          ['renewals due (90 days)', m.renewalsDue],
          ['overdue', `${m.overdue.count} contracts, ARR ${m.overdue.arr}`],
          ['churned ARR (12 months)', m.churnedArr],
          ['net revenue retention', m.nrr ?? 'no ARR a year before'],
          ['gross revenue retention', m.grr ?? 'no ARR a year before'],
        ];
        return {
          data: m,
          human: `revenue on ${m.asOf} (${m.currency})\n${rows.map(([k, v]) => `  ${k.padEnd(24)} ${v}`).join('\n')}`,
        };
      }),
    );

  revenue
    .command('reconcile')
    .description(
      'booked vs billed: per account, contract revenue in the period against what billing invoiced, every difference listed',
    )
    .option('--from <date>', 'first day of the period (default: 12 months before --to)')
    .option('--to <date>', 'last day of the period (default today)')
    .action((o: { from?: string; to?: string }) =>
      run.withContext(async (ctx) => {
        const { reconcile } = await import('../../revenue/reconcile/reconcile.ts');
        const r = await reconcile(ctx, o);
        const rows = table(
          r.accounts,
          [
            { header: 'ACCOUNT', value: (a) => a.name ?? a.salesforceId },
            { header: 'BILLING ACCOUNT', value: (a) => a.billingAccount },
            { header: 'ARR', value: (a) => a.arr },
            { header: 'BOOKED', value: (a) => a.booked },
            { header: 'BILLED', value: (a) => a.billed },
            { header: 'DIFFERENCE', value: (a) => a.difference },
            { header: 'STATUS', value: (a) => a.status },
            { header: 'DETAIL', value: (a) => (a.status === 'matched' ? '' : a.detail) },
          ],
          'nothing booked or billed in the period',
        );
        const head = `booked vs billed, ${r.from} to ${r.to} (${r.currency}): booked ${r.totals.booked}, billed ${r.totals.billed}, difference ${r.totals.difference}; ${r.differences.length} of ${r.accounts.length} accounts differ`;
        return { data: r, human: `${head}\n\n${renderHuman({ data: null, human: rows })}` };
      }),
    );

  revenue
    .command('products')
    .description(
      'the revenue product list: Product2 rows the import read (code, recurring, billing package), and the default',
    )
    .action(() =>
      run.withContext(async (ctx) => {
        const { revenueProducts } = await import('../../revenue/products/list-revenue-products.ts');
        const products = await revenueProducts(ctx);
        return {
          data: products,
          human: table(
            products,
            [
              { header: 'CODE', value: (p) => p.code },
              { header: 'NAME', value: (p) => p.name },
              { header: 'SALESFORCE ID', value: (p) => p.salesforceId ?? '(default product)' },
              { header: 'ACTIVE', value: (p) => (p.active ? 'yes' : 'no') },
              { header: 'RECURRING', value: (p) => (p.recurring ? 'yes' : 'no') },
              { header: 'BILLING PACKAGE', value: (p) => p.packageId },
            ],
            'no revenue products yet: `revenue import` reads them from Salesforce',
          ),
        };
      }),
    );

  revenue
    .command('stages')
    .description(
      'each imported stage and what it means for revenue; `stages map <stage> booked|lost|forecast` changes one',
    )
    .argument('[map]', '`map` to change a stage')
    .argument('[stage]', 'the stage name, as in Salesforce')
    .argument('[category]', 'booked, lost or forecast')
    .action((verb: string | undefined, stage: string | undefined, category: string | undefined) =>
      run.withContext(async (ctx) => {
        const { mapStage, revenueStages } = await import('../../revenue/stages/map-stage.ts');
        if (verb !== undefined) {
          if (verb !== 'map' || stage === undefined || category === undefined) {
            fail(
              'validation_failed',
              'Use `revenue stages` to list, or `revenue stages map <stage> booked|lost|forecast`.',
            );
          }
          await mapStage(ctx, stage, category);
        }
        const stages = await revenueStages(ctx);
        return {
          data: stages.map((s) => ({ stage: s.stage, category: s.category, mappedBy: s.mappedBy })),
          human: table(
            stages,
            [
              { header: 'STAGE', value: (s) => s.stage },
              { header: 'CATEGORY', value: (s) => s.category },
              { header: 'MAPPED BY', value: (s) => (s.mappedBy === 'org' ? "the org's stage" : 'an admin') },
            ],
            'no stages yet: they register themselves as `revenue import` reads contracts',
          ),
        };
      }),
    );
}

interface ContractFlags {
  account?: string;
  accountName?: string;
  name?: string;
  stage?: string;
  close?: string;
  start?: string;
  end?: string;
  assignedArr?: string;
  assignedMrr?: string;
  line?: string[];
}

/** The flags as the use-case's input; `--line SEATS:10:12000.00[:start:end]` becomes a line. */
function contractInput(o: ContractFlags): Partial<ContractInput> {
  return {
    account: o.account,
    accountName: o.accountName,
    name: o.name,
    stage: o.stage,
    closeDate: o.close,
    start: o.start,
    end: o.end,
    assignedArr: o.assignedArr,
    assignedMrr: o.assignedMrr,
    lines: o.line?.map((text) => {
      const [product, quantity, revenue, start, end] = text.split(':');
      if (!product || !quantity || !revenue) {
        fail(
          'validation_failed',
          `--line takes product:quantity:revenue[:start:end], e.g. SEATS:10:12000.00, not "${text}".`,
          {
            field: 'line',
          },
        );
      }
      return { product, quantity, revenue, start: start || undefined, end: end || undefined };
    }),
  };
}

function contractText(verb: string, c: ContractView): string {
  return (
    `contract ${c.contractId} ${verb}: ${c.name}, ${c.status} (${c.stage}), ${c.start} to ${c.end}, ARR ${c.arr} ${c.currency}, ` +
    `${c.lines.length} line${c.lines.length === 1 ? '' : 's'}${c.pushPending ? ', pending a push to Salesforce' : ''}`
  );
}

import type { Command } from 'commander';
import { toJsonView } from '../../billing/json-view.ts';
import { endPricePlan } from '../../billing/price-plans/end-price-plan.ts';
import { listPricePlans } from '../../billing/price-plans/list-price-plans.ts';
import { setPricePlan } from '../../billing/price-plans/set-price-plan.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';
import { ACCOUNT_ARG_HELP, resolveServiceArg, SERVICE_ARG_HELP } from '../service-arg.ts';
import { addPriceOptions, type PriceOptions, priceOptionsToInput, priceText } from './catalog.command.ts';

export function registerPricePlansCommand(program: Command, run: CliRunner): void {
  const plan = program.command('price-plan').description("an account's negotiated prices");

  addPriceOptions(plan.command('set').argument('<account>', ACCOUNT_ARG_HELP).argument('<service>', SERVICE_ARG_HELP))
    .description('set negotiated prices (account currency) for a service; the same --from replaces that plan')
    .requiredOption('--from <date>', 'first day')
    .option('--to <date>', 'last day (open-ended when absent)')
    .option('--source <text>', "where it came from, e.g. 'opportunity:006…'")
    .action((accountId: string, service: string, o: PriceOptions & { from: string; to?: string; source?: string }) =>
      run.withContext(async (ctx) => {
        const set = toJsonView(
          await setPricePlan(ctx, {
            accountId,
            serviceId: await resolveServiceArg(ctx, service),
            effectiveFrom: o.from,
            effectiveTo: o.to,
            source: o.source,
            ...priceOptionsToInput(o),
          }),
        );
        return {
          data: set,
          human: `price plan ${set.id}: ${set.packageCode}/${set.serviceCode} ${priceText(set)} from ${set.effectiveFrom}`,
        };
      }),
    );

  plan
    .command('list <account>')
    .description("an account's price plans, with their ids (for `price-plan end`)")
    .option('--on <date>', 'only plans in force on this date')
    .action((accountId: string, o: { on?: string }) =>
      run.withContext(async (ctx) => {
        const plans = toJsonView(await listPricePlans(ctx, { accountId, on: o.on }));
        return {
          data: plans,
          human: table(
            plans,
            [
              { header: 'ID', value: (p) => p.id },
              { header: 'SERVICE', value: (p) => `${p.packageCode}/${p.serviceCode}` },
              { header: 'FROM', value: (p) => p.effectiveFrom },
              { header: 'TO', value: (p) => p.effectiveTo },
              { header: 'PRICE', value: (p) => priceText(p) },
              { header: 'SOURCE', value: (p) => p.source },
            ],
            'no price plans',
          ),
        };
      }),
    );

  plan
    .command('end <pricePlanId>')
    .description('end a price plan on a day (the list price applies after it)')
    .requiredOption('--to <date>', 'last day the plan applies')
    .action((pricePlanId: string, o: { to: string }) =>
      run.withContext(async (ctx) => {
        const ended = toJsonView(await endPricePlan(ctx, { pricePlanId, effectiveTo: o.to }));
        return { data: ended, human: `price plan ${ended.id} ends ${ended.effectiveTo}` };
      }),
    );
}

import type { Command } from 'commander';
import { addPackageService } from '../../billing/catalog/add-package-service.ts';
import { addPackageToPriceBook } from '../../billing/catalog/add-package-to-price-book.ts';
import { createPackage } from '../../billing/catalog/create-package.ts';
import { createPriceBook } from '../../billing/catalog/create-price-book.ts';
import { getPackage } from '../../billing/catalog/get-package.ts';
import { listCatalog } from '../../billing/catalog/list-catalog.ts';
import type { PriceInput, PriceView } from '../../billing/catalog/price-input.ts';
import { setPackageActive } from '../../billing/catalog/set-package-active.ts';
import { setServicePrice } from '../../billing/catalog/set-service-price.ts';
import { seedDemoCatalog } from '../../billing/demo-catalog.ts';
import { type JsonView, toJsonView } from '../../billing/json-view.ts';
import { fail } from '../../domain/errors.ts';
import type { CliRunner } from '../cli-runner.ts';
import { renderHuman, table } from '../output.ts';
import { resolveServiceArg, SERVICE_ARG_HELP } from '../service-arg.ts';

export interface PriceOptions {
  recurring?: string;
  oneTime?: string;
  usageRate?: string;
  included?: string;
  overage?: string;
  state?: string[];
}

/** The price flags `catalog price set` and `price-plan set` share. */
export function addPriceOptions(command: Command): Command {
  return command
    .option('--recurring <amount>', 'recurring price per period, e.g. 12.50')
    .option('--one-time <amount>', 'one-time price')
    .option('--usage-rate <rate>', 'price per unit used, e.g. 0.0125')
    .option('--included <quantity>', 'units included before overage')
    .option('--overage <rate>', 'price per unit beyond the included quantity')
    .option('--state <state=amount...>', 'price by service state, e.g. --state active=20.00 suspended=5.00');
}

export function priceOptionsToInput(options: PriceOptions): PriceInput {
  let statePrices: Record<string, string> | undefined;
  for (const pair of options.state ?? []) {
    const [state, amount, ...rest] = pair.split('=');
    if (!state || amount === undefined || rest.length > 0) {
      fail('validation_failed', `--state takes state=amount, got "${pair}".`, { field: 'statePrices' });
    }
    statePrices = { ...statePrices, [state]: amount };
  }
  return {
    recurring: options.recurring,
    oneTime: options.oneTime,
    usageRate: options.usageRate,
    includedQuantity: options.included,
    overageRate: options.overage,
    statePrices,
  };
}

/** A price in one line for tables: "10.00 USD recurring; 0.01/unit; 1000 included". */
export function priceText(price: JsonView<PriceView> | null): string {
  if (!price) return '';
  const parts: string[] = [];
  if (price.recurring) parts.push(`${price.recurring.amount} ${price.recurring.currency} recurring`);
  if (price.oneTime) parts.push(`${price.oneTime.amount} ${price.oneTime.currency} once`);
  if (price.usageRate) parts.push(`${price.usageRate}/unit`);
  if (price.includedQuantity) parts.push(`${price.includedQuantity} included`);
  if (price.overageRate) parts.push(`${price.overageRate} overage`);
  if (price.statePrices) {
    parts.push(
      Object.entries(price.statePrices)
        .map(([state, m]) => `${state} ${m.amount} ${m.currency}`)
        .join(', '),
    );
  }
  return parts.join('; ');
}

export function registerCatalogCommand(program: Command, run: CliRunner): void {
  const catalog = program.command('catalog').description('packages, services, list prices and price books');
  const pkg = catalog.command('package').description('catalog packages');

  pkg
    .command('create')
    .description('create a package')
    .requiredOption('--code <code>', 'unique code, e.g. PLATFORM-USD')
    .requiredOption('--name <name>', 'name shown to customers')
    .requiredOption('--currency <code>', 'ISO 4217 currency of every price in it')
    .requiredOption('--frequency <frequency>', 'monthly, quarterly, semiannual or annual')
    .action((o: { code: string; name: string; currency: string; frequency: string }) =>
      run.withContext(async (ctx) => {
        const created = await createPackage(ctx, o);
        return {
          data: created,
          human: `created package ${created.code} (${created.currency}, ${created.frequency}), id ${created.id}`,
        };
      }),
    );

  pkg
    .command('list')
    .description('packages with the list price of each service on a date')
    .option('--currency <code>', 'only this currency')
    .option('--active-only', 'leave out inactive packages')
    .option('--on <date>', 'price date (default today)')
    .action((o: { currency?: string; activeOnly?: boolean; on?: string }) =>
      run.withContext(async (ctx) => {
        const listing = toJsonView(await listCatalog(ctx, o));
        const rows = listing.packages.flatMap((p) => p.services.map((s) => ({ p, s })));
        return {
          data: listing,
          human: table(
            rows,
            [
              { header: 'PACKAGE', value: (r) => r.p.code },
              { header: 'CUR', value: (r) => r.p.currency },
              { header: 'FREQ', value: (r) => r.p.frequency },
              { header: 'ACTIVE', value: (r) => (r.p.active ? 'yes' : 'no') },
              { header: 'SERVICE', value: (r) => `${r.s.code} (${r.s.id})` },
              { header: 'KIND', value: (r) => r.s.kind },
              { header: `PRICE ON ${listing.on}`, value: (r) => priceText(r.s.price) },
            ],
            'no packages',
          ),
        };
      }),
    );

  pkg
    .command('show <idOrCode>')
    .description('a package with its services and every price version')
    .option('--on <date>', 'date of the current price (default today)')
    .action((idOrCode: string, o: { on?: string }) =>
      run.withContext(async (ctx) => {
        const detail = toJsonView(await getPackage(ctx, { idOrCode, on: o.on }));
        const rows = detail.services.flatMap((s) => (s.prices.length ? s.prices : [null]).map((v) => ({ s, v })));
        return {
          data: detail,
          human: `${detail.code} ${detail.name} (${detail.currency}, ${detail.frequency}${detail.active ? '' : ', inactive'})\n${renderHuman(
            {
              data: null,
              human: table(
                rows,
                [
                  { header: 'SERVICE', value: (r) => `${r.s.code} (${r.s.id})` },
                  { header: 'KIND', value: (r) => r.s.kind },
                  { header: 'FROM', value: (r) => r.v?.effectiveFrom ?? '' },
                  { header: 'PRICE', value: (r) => priceText(r.v) },
                ],
                'no services',
              ),
            },
          )}`,
        };
      }),
    );

  for (const [name, active] of [
    ['activate', true],
    ['deactivate', false],
  ] as const) {
    pkg
      .command(`${name} <idOrCode>`)
      .description(active ? 'allow orders of a package again' : 'stop new orders of a package')
      .action((idOrCode: string) =>
        run.withContext(async (ctx) => {
          const changed = await setPackageActive(ctx, { packageIdOrCode: idOrCode, active });
          return { data: changed, human: `${changed.code} is ${changed.active ? 'active' : 'inactive'}` };
        }),
      );
  }

  catalog
    .command('service')
    .description('package services')
    .command('add <package>')
    .description('add a service to a package (id or code)')
    .requiredOption('--code <code>', 'code unique in the package')
    .requiredOption('--name <name>', 'name')
    .requiredOption('--kind <kind>', 'recurring, one_time, usage or state_based')
    .option('--unit <unit>', 'what one unit is, e.g. seat')
    .action((packageIdOrCode: string, o: { code: string; name: string; kind: string; unit?: string }) =>
      run.withContext(async (ctx) => {
        const service = await addPackageService(ctx, { packageIdOrCode, ...o });
        return { data: service, human: `added ${service.kind} service ${service.code}, id ${service.id}` };
      }),
    );

  addPriceOptions(
    catalog.command('price').description('list prices').command('set').argument('<service>', SERVICE_ARG_HELP),
  )
    .description('set a list price from a date (adds a version; earlier invoices keep theirs)')
    .requiredOption('--from <date>', 'first day the price applies')
    .action((service: string, o: PriceOptions & { from: string }) =>
      run.withContext(async (ctx) => {
        const serviceId = await resolveServiceArg(ctx, service);
        const result = await setServicePrice(ctx, { serviceId, effectiveFrom: o.from, ...priceOptionsToInput(o) });
        const price = toJsonView(result.price);
        return {
          data: { ...price, created: result.created },
          human: `${result.created ? 'set' : 'unchanged:'} ${priceText(price)} from ${price.effectiveFrom}`,
        };
      }),
    );

  const book = catalog.command('price-book').description('price books (one currency each)');
  book
    .command('create')
    .description('create a price book (then `price-book add` packages of its currency to it)')
    .requiredOption('--code <code>', 'unique code')
    .requiredOption('--name <name>', 'name')
    .requiredOption('--currency <code>', 'currency of its packages')
    .action((o: { code: string; name: string; currency: string }) =>
      run.withContext(async (ctx) => {
        const created = await createPriceBook(ctx, o);
        return { data: created, human: `created price book ${created.code} (${created.currency})` };
      }),
    );
  book
    .command('add <priceBook> <package>')
    .description('add a package to a price book')
    .action((priceBookIdOrCode: string, packageIdOrCode: string) =>
      run.withContext(async (ctx) => {
        const updated = await addPackageToPriceBook(ctx, { priceBookIdOrCode, packageIdOrCode });
        return { data: updated, human: `${updated.code}: ${updated.packageCodes.join(', ')}` };
      }),
    );

  catalog
    .command('seed-demo')
    .description('put the demo catalog in place (safe to repeat: existing codes are left alone)')
    .action(() =>
      run.withContext(async (ctx) => {
        const result = await seedDemoCatalog(ctx);
        const c = result.created;
        return {
          data: result,
          human: `created ${c.packages} packages, ${c.services} services, ${c.prices} prices, ${c.priceBooks} price books, ${c.taxRates} tax rates`,
        };
      }),
    );
}

import { fail } from '../../domain/errors.ts';
import type { Command } from 'commander';
import { toJsonView } from '../../billing/json-view.ts';
import { changeProductQuantity } from '../../billing/products/change-product-quantity.ts';
import { endProduct } from '../../billing/products/end-product.ts';
import { listProducts } from '../../billing/products/list-products.ts';
import { orderProduct } from '../../billing/products/order-product.ts';
import type { ProductView } from '../../billing/products/products.views.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';
import { priceText } from './catalog.command.ts';

const describe = (p: ProductView) =>
  `product ${p.id}: ${p.packageCode} × ${p.quantity} from ${p.startDate}${p.endDate ? ` to ${p.endDate}` : ''}`;

export function registerProductsCommand(program: Command, run: CliRunner): void {
  const product = program.command('product').description("an account's products (orders/subscriptions)");

  product
    .command('order <account> <package>')
    .description('order a package (id or code) for an account')
    .requiredOption('--quantity <n>', 'quantity, e.g. 10 seats')
    .requiredOption('--start <date>', 'first day billed')
    .option('--end <date>', 'last day billed (open-ended when absent)')
    .option('--state <state>', 'state for state-based prices (default active)')
    .option(
      '--service-quantity <code=n...>',
      'quantity of one service where it differs (default: --quantity for recurring, 1 for one-time)',
    )
    .action(
      (
        accountId: string,
        pkg: string,
        o: { quantity: string; start: string; end?: string; state?: string; serviceQuantity?: string[] },
      ) =>
        run.withContext(async (ctx) => {
          const ordered = await orderProduct(ctx, {
            serviceQuantities: parseServiceQuantities(o.serviceQuantity ?? []),
            accountId,
            package: pkg,
            quantity: o.quantity,
            startDate: o.start,
            endDate: o.end,
            serviceState: o.state,
          });
          return { data: ordered, human: describe(ordered) };
        }),
    );

  product
    .command('quantity <productId> <quantity>')
    .description('change the quantity of a product from a date (billed days get an adjustment on the next run)')
    .option('--from <date>', 'first day of the new quantity (default today)')
    .option('--service <code>', 'only this service of the product')
    .action((productId: string, quantity: string, o: { from?: string; service?: string }) =>
      run.withContext(async (ctx) => {
        const changed = await changeProductQuantity(ctx, {
          productId,
          quantity,
          effectiveFrom: o.from,
          service: o.service,
        });
        // What changed, not the product as ordered: `--service SEATS` leaves the product quantity alone.
        const what = o.service === undefined ? 'quantity' : `${o.service} quantity`;
        return {
          data: changed,
          human: `product ${changed.id} (${changed.packageCode}): ${what} ${quantity} from ${o.from ?? 'today'}`,
        };
      }),
    );

  product
    .command('end <productId>')
    .description('end a product on a day (billed days after it get an adjustment on the next run)')
    .requiredOption('--end <date>', 'last day billed')
    .action((productId: string, o: { end: string }) =>
      run.withContext(async (ctx) => {
        const ended = await endProduct(ctx, { productId, endDate: o.end });
        return { data: ended, human: describe(ended) };
      }),
    );

  product
    .command('list <account>')
    .description("an account's products with each service's price (price plan over list price)")
    .option('--on <date>', 'price date (default today)')
    .option('--active-only', 'only products running on that date')
    .action((accountId: string, o: { on?: string; activeOnly?: boolean }) =>
      run.withContext(async (ctx) => {
        const products = toJsonView(await listProducts(ctx, { accountId, ...o }));
        const rows = products.flatMap((p) => p.services.map((s) => ({ p, s })));
        return {
          data: products,
          human: table(
            rows,
            [
              { header: 'PRODUCT', value: (r) => r.p.id },
              { header: 'PACKAGE', value: (r) => r.p.packageCode },
              { header: 'PERIOD', value: (r) => `${r.p.startDate}..${r.p.endDate ?? ''}` },
              { header: 'SERVICE', value: (r) => r.s.code },
              // Each service counts its own quantity (10 seats, 1 onboarding); usage is metered instead.
              { header: 'QTY', value: (r) => r.s.quantity ?? 'metered' },
              { header: 'PRICE', value: (r) => priceText(r.s.price) || 'no price' },
              { header: 'SOURCE', value: (r) => r.s.source },
            ],
            'no products',
          ),
        };
      }),
    );
}

/** `--service-quantity setup=2 --service-quantity seats=10` as { setup: '2', seats: '10' }. */
function parseServiceQuantities(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      fail('validation_failed', `--service-quantity takes code=quantity, got "${pair}".`, {
        field: '--service-quantity',
      });
    }
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

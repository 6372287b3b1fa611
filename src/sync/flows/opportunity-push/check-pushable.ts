import { fail } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { lineServicesPrice, type PricedLine } from '../opportunity-services/line-services.ts';
import type { OrgOpportunity } from '../opportunity-services/read-opportunity.ts';
import { checkServicePrices } from '../opportunity-services/service-changes.ts';

/**
 * What a push needs before it writes anything (seeds 000–002): a Closed Won opportunity with an account and
 * products, every product an active billing package, and every line's sales price its services' sum with
 * no discount (what was sold is what is billed). The first problem is the error, saying what to fix.
 */
export function checkPushable(opportunity: OrgOpportunity, lines: readonly PricedLine[]): void {
  if (!opportunity.isWon) {
    fail(
      'opportunity_not_won',
      `"${opportunity.name}" is at stage ${opportunity.stage}: only a Closed Won opportunity is pushed to billing.`,
      { stage: opportunity.stage },
    );
  }
  if (!opportunity.accountId) {
    fail('opportunity_has_no_account', `"${opportunity.name}" names no account: set its Account, then push again.`);
  }
  // Checked on the Salesforce account, before the push brings it to billing (where it would bill in its own).
  if (opportunity.account && opportunity.account.currency !== opportunity.currency) {
    fail(
      'currency_mismatch',
      `"${opportunity.name}" is in ${opportunity.currency}; its account ${opportunity.account.name} is in ${opportunity.account.currency}: quote it in ${opportunity.account.currency}.`,
      { expected: opportunity.account.currency, currency: opportunity.currency },
    );
  }
  if (lines.length === 0) {
    fail(
      'opportunity_has_no_products',
      `"${opportunity.name}" has no products: add them from the integrated price book.`,
    );
  }
  // A price typed on a service record first: it is what a mismatched sales price would come from.
  checkServicePrices(lines);
  for (const line of lines) {
    if (!line.package.active) {
      fail(
        'inactive_package',
        `Line ${line.lineItemId} sells ${line.productCode}, which billing has retired: replace it with an active product.`,
        { lineItemId: line.lineItemId, productCode: line.productCode },
      );
    }
    assertSalesPriceIsServices(line);
  }
}

/** `sales_price_mismatch`, naming the line and both figures, when the line would not bill what it sold. */
export function assertSalesPriceIsServices(line: PricedLine): void {
  const services = lineServicesPrice(line);
  const where = `Line ${line.lineItemId} (${line.productCode})`;
  if (!line.salesPrice || line.salesPrice.minor !== services.minor) {
    fail(
      'sales_price_mismatch',
      `${where} sells at ${line.salesPrice ? formatMoney(line.salesPrice) : 'no price'} but its services add up to ${formatMoney(
        services,
      )} ${services.currency}: price the services (\`revbridge opportunity price\`) instead of the sales price.`,
      {
        lineItemId: line.lineItemId,
        salesPrice: line.salesPrice ? formatMoney(line.salesPrice) : null,
        servicesPrice: formatMoney(services),
      },
    );
  }
  if (line.discount !== null && line.discount !== '0') {
    fail(
      'sales_price_mismatch',
      `${where} has a ${line.discount}% discount, which billing would not apply: put it into the services' prices and clear the discount.`,
      { lineItemId: line.lineItemId, discount: line.discount },
    );
  }
}

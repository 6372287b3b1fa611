import type { Command } from 'commander';
import type { OpportunityServicesView } from '../../sync/flows/opportunity-services/opportunity-services.views.ts';
import type { CliRunner } from '../cli-runner.ts';
import { type CommandOutput, renderHuman, table } from '../output.ts';
import { syncOutput } from './sync.command.ts';

interface PriceOptions {
  line?: string;
  service?: string;
  quantity?: string;
  recurring?: string;
  oneTime?: string;
  usageRate?: string;
  included?: string;
  overage?: string;
  state?: string[];
  dryRun?: boolean;
}

export function registerOpportunityCommand(program: Command, run: CliRunner): void {
  const opportunity = program
    .command('opportunity')
    .description("a Salesforce opportunity's Product Services: read and re-price them");

  opportunity
    .command('services')
    .description("each line's services, as negotiated or at billing's list price, and its sales price beside their sum")
    .argument('<opportunityId>', 'the Salesforce Opportunity id')
    .action((id: string) =>
      run.withContext(async (ctx) => {
        const { showOpportunityServices } =
          await import('../../sync/flows/opportunity-services/show-opportunity-services.ts');
        return servicesOutput(await showOpportunityServices(ctx, id));
      }),
    );

  opportunity
    .command('price')
    .description(
      're-price one service of a line (or, with no --service, give every line its services and set each sales price to their sum)',
    )
    .argument('<opportunityId>', 'the Salesforce Opportunity id')
    .option('--line <lineItemId>', 'the OpportunityLineItem id (optional when the opportunity has one line)')
    .option('--service <code>', "the service's code in its package, e.g. SEATS")
    .option('--quantity <q>', 'quantity of the service on one unit of the line')
    .option('--recurring <amount>', 'negotiated recurring price per period')
    .option('--one-time <amount>', 'negotiated one-time price')
    .option('--usage-rate <rate>', 'negotiated price per unit used')
    .option('--included <quantity>', 'units included each period before overage')
    .option('--overage <rate>', 'negotiated price per unit beyond the included quantity')
    .option(
      '--state <state=amount...>',
      'negotiated price by account state, e.g. --state active=15.00 (other states keep theirs)',
    )
    .option('--dry-run', 'show what would change, and write nothing')
    .action((id: string, o: PriceOptions, command: Command) =>
      run.withContext(async (ctx) => {
        const { priceOpportunityServices } =
          await import('../../sync/flows/opportunity-services/price-opportunity-services.ts');
        const { failedRunError } = await import('../../sync/engine/recorded-run.ts');
        const result = await priceOpportunityServices(
          ctx,
          id,
          changesFrom(o, (message) => command.error(`error: ${message}`)),
          { dryRun: o.dryRun, trigger: 'cli' },
        );
        const error = failedRunError(result);
        if (error) throw error;
        const summary = syncOutput(result);
        const services = result.opportunity ? servicesOutput(result.opportunity) : undefined;
        return {
          data: { ...(summary.data as object), opportunity: result.opportunity },
          human: `${renderHuman(summary)}${services ? `\n\n${renderHuman(services)}` : ''}`,
        };
      }),
    );
}

function changesFrom(o: PriceOptions, usage: (message: string) => never) {
  const prices = {
    quantity: o.quantity,
    recurring: o.recurring,
    oneTime: o.oneTime,
    usageRate: o.usageRate,
    includedQuantity: o.included,
    overageRate: o.overage,
    statePrices: o.state && Object.fromEntries(o.state.map((text) => statePrice(text, usage))),
  };
  const given = Object.values(prices).some((v) => v !== undefined);
  if (o.service === undefined) {
    if (given || o.line !== undefined) usage('say which service to price: --service <code>');
    return [];
  }
  if (!given)
    usage(
      'give the service at least one of --quantity, --recurring, --one-time, --usage-rate, --included, --overage, --state',
    );
  return [{ line: o.line, service: o.service, ...prices }];
}

function statePrice(text: string, usage: (message: string) => never): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) usage(`--state takes state=amount, e.g. active=20.00, not "${text}"`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/** One block per line: the sales price against the services' sum, then a row per service. */
function servicesOutput(view: OpportunityServicesView): CommandOutput {
  const head = `${view.name} (${view.opportunityId}): ${view.stage}, closes ${view.closeDate}, ${view.currency}`;
  const blocks = view.lines.map((line) => {
    const check = line.matchesServices ? '= services' : `≠ services ${line.servicesPrice}`;
    const title = `line ${line.lineItemId}  ${line.productCode} × ${line.quantity}  sales price ${line.salesPrice ?? '∅'} ${check}`;
    const rows = table(line.services, [
      { header: 'SERVICE', value: (s) => `${s.serviceCode}${s.active ? '' : ' (retired)'}` },
      { header: 'KIND', value: (s) => s.kind },
      { header: 'QTY', value: (s) => s.quantity },
      { header: 'RECURRING', value: (s) => s.recurring },
      { header: 'ONE-TIME', value: (s) => s.oneTime },
      { header: 'USAGE RATE', value: (s) => s.usageRate },
      { header: 'INCLUDED', value: (s) => s.includedQuantity },
      { header: 'OVERAGE', value: (s) => s.overageRate },
      {
        header: 'STATES',
        value: (s) =>
          s.statePrices
            ? Object.entries(s.statePrices)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')
            : null,
      },
      { header: 'IN SALESFORCE', value: (s) => (s.recordId ? 'yes' : 'not yet (billing default)') },
    ]);
    return `${title}\n${renderHuman({ data: null, human: rows })}`;
  });
  return { data: view, human: [head, ...(blocks.length ? blocks : ['no product lines'])].join('\n\n') };
}

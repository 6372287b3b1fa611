import { type PriceInput, parsePriceInput } from '../../../billing/catalog/price-input.ts';
import { parseQuantity } from '../../../billing/input/decimal-input.ts';
import { fail, RevbridgeError } from '../../../domain/errors.ts';
import { formatMoney, money, parseMoney } from '../../../domain/money.ts';
import { salesforceId18 } from '../../../domain/salesforce-id.ts';
import type { LineService, PricedLine, ServicePrices } from './line-services.ts';

/**
 * A rep's re-pricing of one service of one line: billing's price input (a stated currency must be the
 * opportunity's), plus the line, the service and its quantity. A price left out keeps its value; a price
 * given as null goes back to billing's list price.
 */
export interface ServicePriceChange extends PriceInput {
  /** The OpportunityLineItem id; may be left out when the opportunity has one line. */
  line?: string;
  /** The service's code in its package, or its billing id. */
  service: string;
  quantity?: string;
}

const PRICE_FIELDS = ['recurring', 'oneTime', 'usageRate', 'includedQuantity', 'overageRate', 'statePrices'] as const;

/**
 * Applies every change to the priced lines, or none: each is checked first (the line is the opportunity's,
 * the service its package's, each price one the service's kind takes, exact in the currency, never
 * negative), and the first bad one is the error.
 */
export function applyServiceChanges(lines: PricedLine[], changes: readonly ServicePriceChange[]): void {
  const updates = changes.map((change) => {
    const line = findLine(lines, change.line);
    const target = findService(line, change.service);
    return { target, prices: changedPrices(line, target, change) };
  });
  for (const { target, prices } of updates) target.prices = prices;
}

function findLine(lines: PricedLine[], id: string | undefined): PricedLine {
  const wanted = id === undefined ? undefined : salesforceId18(id.trim());
  const line = id === undefined && lines.length === 1 ? lines[0] : lines.find((l) => l.lineItemId === wanted);
  if (!line) {
    if (id === undefined) {
      fail(
        'validation_failed',
        `Say which line to price: the opportunity has ${lines.length === 0 ? 'no lines' : `${lines.length} lines`}${
          lines.length > 0 ? ` (${lines.map((l) => `${l.lineItemId} ${l.productCode}`).join(', ')})` : ''
        }.`,
        { field: 'line' },
      );
    }
    fail(
      'opportunity_line_not_found',
      `The opportunity has no product line "${id}"; its lines are ${
        lines.map((l) => `${l.lineItemId} (${l.productCode})`).join(', ') || 'none'
      }.`,
      { line: id },
    );
  }
  return line;
}

function findService(line: PricedLine, codeOrId: string): LineService {
  const wanted = codeOrId.trim();
  const found =
    line.services.find((s) => s.service.code === wanted) ?? line.services.find((s) => s.service.id === wanted);
  if (!found) {
    fail(
      'service_not_found',
      `${line.productCode} has no service "${codeOrId}"; its services are ${line.services
        .map((s) => s.service.code)
        .join(', ')}.`,
      { line: line.lineItemId, service: codeOrId },
    );
  }
  return found;
}

function changedPrices(line: PricedLine, target: LineService, change: ServicePriceChange): ServicePrices {
  const currency = line.package.currency;
  const given: PriceInput = { currency: change.currency };
  for (const field of PRICE_FIELDS) if (change[field] != null) Object.assign(given, { [field]: change[field] });
  const next: ServicePrices = { ...target.prices };
  if (change.quantity !== undefined) next.quantity = parseQuantity(change.quantity, 'quantity');
  if (PRICE_FIELDS.some((f) => given[f] != null)) {
    const parsed = parsePriceInput(given, target.service.kind, currency, { partial: true });
    if (given.recurring != null) next.recurring = money(parsed.recurring_minor!, currency);
    if (given.oneTime != null) next.oneTime = money(parsed.one_time_minor!, currency);
    if (given.usageRate != null) next.usageRate = parsed.usage_rate;
    if (given.includedQuantity != null) next.includedQuantity = parsed.included_quantity;
    if (given.overageRate != null) next.overageRate = parsed.overage_rate;
    if (given.statePrices != null) {
      const states = JSON.parse(parsed.state_prices!) as Record<string, string>;
      // The states named change; the others keep their prices.
      next.statePrices = {
        ...target.prices.statePrices,
        ...Object.fromEntries(Object.entries(states).map(([s, a]) => [s, parseMoney(a, currency)])),
      };
    }
  }
  for (const field of PRICE_FIELDS) if (change[field] === null) Object.assign(next, { [field]: target.list[field] });
  return next;
}

/**
 * Every service's prices as they stand (a rep may have typed one on the record in Salesforce): each one its
 * kind takes, exact in the currency, never negative; the first that is not is the error, naming the line and
 * the service. Pricing and pushing check them before writing anything.
 */
export function checkServicePrices(lines: readonly PricedLine[]): void {
  for (const line of lines) {
    for (const s of line.services) {
      const where = `${line.productCode}/${s.service.code} on line ${line.lineItemId}`;
      const p = s.prices;
      const input: PriceInput = {
        recurring: p.recurring ? formatMoney(p.recurring) : null,
        oneTime: p.oneTime ? formatMoney(p.oneTime) : null,
        usageRate: p.usageRate,
        includedQuantity: p.includedQuantity,
        overageRate: p.overageRate,
        statePrices: p.statePrices
          ? Object.fromEntries(Object.entries(p.statePrices).map(([state, m]) => [state, formatMoney(m)]))
          : null,
      };
      try {
        parseQuantity(p.quantity, 'quantity');
        if (PRICE_FIELDS.some((f) => input[f] != null)) {
          parsePriceInput(input, s.service.kind, line.package.currency, { partial: true });
        }
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        throw new RevbridgeError(error.code, `${where}: ${error.message}`, {
          ...error.details,
          lineItemId: line.lineItemId,
        });
      }
    }
  }
}

import { type DecimalText, decimal } from './rate.ts';

/**
 * Seeds: each service of a product is priced and counted on its own. An order's quantity (ten seats) is the
 * quantity of its recurring and state-based services; a one-time service (an onboarding fee) counts 1, unless
 * the order or a later change says otherwise for that service. Usage services are metered, not counted.
 * The billing run's SQL falls back to the same defaults for a service without a quantity of its own
 * (`stageProductCharges`, charges.repo.ts).
 */
export const SERVICE_QUANTITY_RULE =
  'recurring and state-based services count the product quantity, a one-time service 1, usage is metered';

export type CountedServiceKind = 'recurring' | 'one_time' | 'state_based';

/** The quantity a service of a product counts when nothing was set for that service. */
export function defaultServiceQuantity(kind: CountedServiceKind, productQuantity: string): string {
  return kind === 'one_time' ? '1' : productQuantity;
}

/**
 * Seeds 000–002: a service priced on an opportunity counts `quantity` per unit of its line, so the order a
 * push makes counts line quantity × service quantity of it (10 licences × 2 seats each = 20 seats), the
 * same product the line's TotalPrice is (UnitPrice × Quantity, UnitPrice Σ service quantity × price).
 */
export function orderedServiceQuantity(lineQuantity: DecimalText, serviceQuantity: DecimalText): DecimalText {
  return decimal(lineQuantity).times(decimal(serviceQuantity)).toFixed();
}

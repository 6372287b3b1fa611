import { monthTicks } from './proration.ts';

/**
 * The part of an amount spread over `start`..`end` that falls in `from`..`to` (all days counted), by the
 * month-day measure billing prorates with (a whole month counts 1, part of one its days over the month's days),
 * rounded once, half up. Booked revenue and billed amounts are cut to a period the same way, so a contract billed
 * as sold reconciles to the cent.
 */
export function amountInPeriod(amountMinor: bigint, start: string, end: string, from: string, to: string): bigint {
  const overlapStart = start > from ? start : from;
  const overlapEnd = end < to ? end : to;
  if (overlapEnd < overlapStart) return 0n;
  if (overlapStart === start && overlapEnd === end) return amountMinor;
  const part = BigInt(monthTicks(overlapStart, overlapEnd));
  const whole = BigInt(monthTicks(start, end));
  const scaled = amountMinor * part * 2n;
  const sign = scaled < 0n ? -1n : 1n;
  // Half up (away from zero) on the exact quotient.
  return (sign * ((sign * scaled) / whole + 1n)) / 2n;
}

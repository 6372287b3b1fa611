import { toScaled } from '../decimal.ts';

/**
 * Exact line-item arithmetic on scaled integers. Quantity, prices and Discount all have scale 2 in
 * Salesforce; results are stored at scale 2, rounded half up (away from zero) as Salesforce rounds
 * currency. Never multiply or divide money as JS floats: 3 × 33.33 × 0.9 is 89.991 here, not 89.99099999.
 */
const SCALE = 2;

/** n / d rounded half away from zero. */
function divideRounded(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return negative ? -q : q;
}

function toNumber(scaled: bigint): number {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(SCALE + 1, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`);
}

/** Quantity × UnitPrice × (1 − Discount/100), rounded to 2 places. */
export function discountedTotal(quantity: number, unitPrice: number, discountPercent: number | null): number {
  const q = toScaled(quantity, SCALE);
  const u = toScaled(unitPrice, SCALE);
  // (1 − D/100) at scale 4: D has scale 2, so 100% is 10000.
  const keep = 10000n - toScaled(discountPercent ?? 0, SCALE);
  // q·u·keep carries scale 2 + 2 + 4 = 8; bring it back to 2.
  return toNumber(divideRounded(q * u * keep, 10n ** 6n));
}

/** TotalPrice / Quantity, rounded to 2 places (the UnitPrice of a line given by its total). */
export function unitFromTotal(totalPrice: number, quantity: number): number {
  const t = toScaled(totalPrice, SCALE);
  const q = toScaled(quantity, SCALE);
  // (t / 100) / (q / 100) at scale 2 = t · 100 / q.
  return toNumber(divideRounded(t * 100n, q));
}

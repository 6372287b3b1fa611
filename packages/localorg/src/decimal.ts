/**
 * Exact decimal arithmetic for currency and number fields. Salesforce sends these as JSON numbers;
 * the org does its own sums and products (TotalPrice, Amount roll-ups) on scaled integers so that
 * 0.1 + 0.2 is 0.3 here exactly as it is in Salesforce, then hands back a JSON number.
 */
export function toScaled(value: number | string, scale: number): bigint {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${value}`);
  const negative = m[1] === '-';
  const whole = m[2] || '0';
  const frac = m[3] ?? '';
  const kept = frac.slice(0, scale).padEnd(scale, '0');
  let scaled = BigInt(whole + kept);
  // Round half up (away from zero), as Salesforce does when it stores a value at a field's scale.
  if (frac.length > scale && frac.charCodeAt(scale) >= 53) scaled += 1n;
  return negative ? -scaled : scaled;
}

export function fromScaled(scaled: bigint, scale: number): number {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return Number((negative ? '-' : '') + text);
}

/** Rounds a number to `scale` decimal places, half up, without binary-float drift. */
export function roundToScale(value: number | string, scale: number): number {
  return fromScaled(toScaled(value, scale), scale);
}

/** a × b rounded to `scale`, computed exactly. */
export function multiply(a: number, b: number, scale: number): number {
  const sa = decimalPlaces(a);
  const sb = decimalPlaces(b);
  const product = toScaled(a, sa) * toScaled(b, sb);
  return roundToScale(scaledToText(product, sa + sb), scale);
}

export function sum(values: number[], scale: number): number {
  let total = 0n;
  for (const v of values) total += toScaled(v, scale);
  return fromScaled(total, scale);
}

function decimalPlaces(n: number): number {
  const text = numberToPlain(n);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function scaledToText(scaled: bigint, scale: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (negative ? '-' : '') + text;
}

/** Shortest round-trip text of a number, without exponent notation. */
function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

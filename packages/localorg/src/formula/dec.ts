/**
 * Exact decimal numbers for formula arithmetic: `units / 10^scale` on a BigInt. Salesforce
 * evaluates formulas in decimal, so 0.1 + 0.2 is 0.3 and currency results round exactly.
 */

/** Fraction digits kept by division (and by products that would otherwise grow without bound). */
const DIV_SCALE = 32;
const MAX_SCALE = 40;
const POW10: bigint[] = [1n];

function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
}

/** Raised for inputs Salesforce reports as `#Error!` (division by zero, impossible powers). */
export class FormulaValueError extends Error {}

export class Dec {
  constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Dec(0n, 0);
  static readonly ONE = new Dec(1n, 0);

  /** Plain or exponent decimal text (`-12.50`, `1e-7`); null when the text is not a number. */
  static parse(text: string): Dec | null {
    const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
    const frac = m[3] ?? '';
    let units = BigInt((m[2] || '0') + frac);
    let scale = frac.length - Number(m[4] ?? 0);
    if (scale < 0) {
      units *= pow10(-scale);
      scale = 0;
    }
    return new Dec(m[1] === '-' ? -units : units, scale).normalize();
  }

  static fromNumber(n: number): Dec {
    if (!Number.isFinite(n)) throw new FormulaValueError(`not a finite number: ${n}`);
    // String(n) is the shortest text that round-trips, i.e. the decimal the user meant.
    return Dec.parse(String(n))!;
  }

  static int(n: number | bigint): Dec {
    return new Dec(BigInt(n), 0);
  }

  /** Drops trailing fraction zeros so equal values share one representation. */
  normalize(): Dec {
    let { units, scale } = this;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale--;
    }
    return scale === this.scale ? this : new Dec(units, scale);
  }

  private atScale(scale: number): bigint {
    return this.units * pow10(scale - this.scale);
  }

  add(b: Dec): Dec {
    const s = Math.max(this.scale, b.scale);
    return new Dec(this.atScale(s) + b.atScale(s), s).normalize();
  }

  sub(b: Dec): Dec {
    return this.add(b.neg());
  }

  mul(b: Dec): Dec {
    const product = new Dec(this.units * b.units, this.scale + b.scale);
    return (product.scale > MAX_SCALE ? product.round(MAX_SCALE) : product).normalize();
  }

  div(b: Dec): Dec {
    if (b.units === 0n) throw new FormulaValueError('Division by zero');
    const n = this.units * pow10(b.scale + DIV_SCALE);
    const d = b.units * pow10(this.scale);
    return new Dec(divHalfUp(n, d), DIV_SCALE).normalize();
  }

  neg(): Dec {
    return new Dec(-this.units, this.scale);
  }

  abs(): Dec {
    return this.units < 0n ? this.neg() : this;
  }

  sign(): number {
    return this.units === 0n ? 0 : this.units < 0n ? -1 : 1;
  }

  cmp(b: Dec): number {
    const s = Math.max(this.scale, b.scale);
    const x = this.atScale(s);
    const y = b.atScale(s);
    return x === y ? 0 : x < y ? -1 : 1;
  }

  isInteger(): boolean {
    return this.normalize().scale === 0;
  }

  /** Rounds half away from zero to `digits` fraction digits (negative digits round to tens, hundreds…). */
  round(digits: number): Dec {
    if (digits >= this.scale) return this;
    const q = divHalfUp(this.units, pow10(this.scale - digits));
    return digits >= 0 ? new Dec(q, digits) : new Dec(q * pow10(-digits), 0);
  }

  /** Toward negative infinity. */
  floor(): Dec {
    if (this.scale === 0) return this;
    const f = pow10(this.scale);
    let q = this.units / f;
    if (this.units < 0n && this.units % f !== 0n) q -= 1n;
    return new Dec(q, 0);
  }

  ceil(): Dec {
    return this.neg().floor().neg();
  }

  /** Toward zero. */
  trunc(): Dec {
    return this.scale === 0 ? this : new Dec(this.units / pow10(this.scale), 0);
  }

  /** Remainder with the sign of the dividend, like Java's BigDecimal.remainder. */
  mod(b: Dec): Dec {
    if (b.units === 0n) throw new FormulaValueError('Division by zero');
    const s = Math.max(this.scale, b.scale);
    return new Dec(this.atScale(s) % b.atScale(s), s).normalize();
  }

  pow(b: Dec): Dec {
    if (b.isInteger() && b.abs().cmp(Dec.int(1000)) <= 0) {
      let exp = b.normalize().units;
      const negative = exp < 0n;
      if (negative) exp = -exp;
      let result = Dec.ONE;
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the loop squares a copy of the base
      let base: Dec = this;
      while (exp > 0n) {
        if (exp & 1n) result = result.mul(base);
        base = base.mul(base);
        exp >>= 1n;
      }
      return negative ? Dec.ONE.div(result) : result;
    }
    // Fractional powers have no exact decimal result; binary floating point is as good as any.
    const value = this.toNumber() ** b.toNumber();
    if (!Number.isFinite(value)) throw new FormulaValueError('Invalid exponent');
    return Dec.fromNumber(value);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Plain decimal text without exponent or trailing fraction zeros. */
  toString(): string {
    const { units, scale } = this.normalize();
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative ? `-${text}` : text;
  }
}

function divHalfUp(n: bigint, d: bigint): bigint {
  let q = n / d;
  const r = n % d;
  const absR = r < 0n ? -r : r;
  const absD = d < 0n ? -d : d;
  if (absR * 2n >= absD) q += n < 0n !== d < 0n ? -1n : 1n;
  return q;
}

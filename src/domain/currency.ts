/**
 * ISO 4217 currencies revbridge bills in, with their minor units (digits after the decimal point).
 * A code outside this table is refused: billing in a currency whose minor unit we do not know would
 * round invoices wrongly.
 */
export const MINOR_UNITS = {
  AED: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  RON: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  ZAR: 2,
} as const;

export type CurrencyCode = keyof typeof MINOR_UNITS;

export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(MINOR_UNITS, code);
}

export function minorUnits(code: CurrencyCode): number {
  return MINOR_UNITS[code];
}

import type { AppContext } from '../../app-context.ts';
import { type CurrencyCode, isCurrencyCode } from '../../domain/currency.ts';
import { contractsCurrency } from './contracts.repo.ts';

/**
 * The currency revenue is kept in: the org's corporate currency, which every imported contract carries; USD before
 * the first contract (a contract made in revbridge then starts it).
 */
export async function tenantCurrency(ctx: AppContext): Promise<CurrencyCode> {
  const code = await contractsCurrency(ctx.db);
  return code && isCurrencyCode(code) ? code : 'USD';
}

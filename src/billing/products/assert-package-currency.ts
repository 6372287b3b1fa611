import { fail } from '../../domain/errors.ts';

/**
 * An account is charged for a package only in its own currency: ordering it, or giving it a price plan for
 * one of its services, needs the package priced in the account's currency (`currency_mismatch`).
 */
export function assertPackageCurrency(
  pkg: { code: string; currency: string },
  account: { account_number: string; currency: string },
): void {
  if (pkg.currency !== account.currency) {
    fail(
      'currency_mismatch',
      `Package ${pkg.code} is priced in ${pkg.currency}; account ${account.account_number} bills in ${account.currency}.`,
      {
        packageCurrency: pkg.currency,
        accountCurrency: account.currency,
      },
    );
  }
}

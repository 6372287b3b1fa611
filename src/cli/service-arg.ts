import type { AppContext } from '../app-context.ts';
import { getPackage } from '../billing/catalog/get-package.ts';
import { fail } from '../domain/errors.ts';

/** How an `<account>` argument explains itself in `--help` where the command lists its arguments. */
export const ACCOUNT_ARG_HELP = 'account number (A-1001) or id';

/** How `<service>` arguments and `--service` options explain themselves in `--help`. */
export const SERVICE_ARG_HELP = 'a service id, or PACKAGE/SERVICE codes, e.g. TEAM-USD/SEATS';

/**
 * A service as the CLI user names it: its id, or its package's code and its own (`TEAM-USD/SEATS`). Codes
 * are what a person knows and what a script can write down ahead of time; ids differ from store to store
 * (the demo catalog alone takes the first ones), so a walkthrough written with ids breaks on the next store.
 * Codes cannot hold a `/`, so the split is unambiguous. Errors name the field `serviceId`, which the CLI
 * turns into the argument or flag the user typed (`<service>`, `--service`).
 */
export async function resolveServiceArg(ctx: AppContext, value: string): Promise<string> {
  const field = 'serviceId';
  const slash = value.indexOf('/');
  if (slash < 0) return value;
  const packageCode = value.slice(0, slash);
  const serviceCode = value.slice(slash + 1);
  if (!packageCode || !serviceCode) {
    fail('validation_failed', `serviceId takes a service id or PACKAGE/SERVICE codes, got "${value}".`, { field });
  }
  const pkg = await getPackage(ctx, { idOrCode: packageCode });
  const service = pkg.services.find((s) => s.code === serviceCode);
  if (!service) {
    const known = pkg.services.map((s) => s.code).join(', ') || 'none';
    fail('service_not_found', `Package ${pkg.code} has no service "${serviceCode}" (its services: ${known}).`, {
      field,
    });
  }
  return service.id;
}

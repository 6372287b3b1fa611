import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findPackage, updatePackageActive } from './catalog.repo.ts';
import { type PackageView, toPackageView } from './catalog.views.ts';

export interface SetPackageActiveInput {
  packageIdOrCode: string;
  active: boolean;
}

/** An inactive package stays on existing orders and invoices but cannot be ordered again. */
export async function setPackageActive(ctx: AppContext, input: SetPackageActiveInput): Promise<PackageView> {
  return ctx.db.transaction().execute(async (trx) => {
    const pkg = await findPackage(trx, input.packageIdOrCode);
    if (!pkg) fail('package_not_found', `No package has id or code "${input.packageIdOrCode}".`);
    if (pkg.active === input.active) return toPackageView(pkg);
    return toPackageView(await updatePackageActive(trx, pkg.id, input.active, ctx.clock.now()));
  });
}

import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findPackage, findServiceByCode, insertService } from './catalog.repo.ts';
import { type ServiceView, toServiceView } from './catalog.views.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { optionalText, parseCode, requireText } from '../input/text-input.ts';
import { SERVICE_KINDS, type ServiceKind } from './price-input.ts';

export interface AddPackageServiceInput {
  packageIdOrCode: string;
  code: string;
  name: string;
  kind: string;
  /** What one unit is, e.g. 'seat', 'api_call', 'GB'. */
  unit?: string | null;
}

/** Adds a service (one priced line) to a package. Its prices are set separately, in versions. */
export async function addPackageService(ctx: AppContext, input: AddPackageServiceInput): Promise<ServiceView> {
  const code = parseCode(input.code);
  const name = requireText(input.name, 'name');
  const kind = SERVICE_KINDS.find((k) => k === input.kind);
  if (!kind) fail('validation_failed', `kind must be one of ${SERVICE_KINDS.join(', ')}.`, { field: 'kind' });
  const unit = optionalText(input.unit, 'unit', 40);
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const pkg = await findPackage(trx, input.packageIdOrCode);
      if (!pkg) fail('package_not_found', `No package has id or code "${input.packageIdOrCode}".`);
      if (await findServiceByCode(trx, pkg.id, code)) {
        fail('validation_failed', `Package ${pkg.code} already has a service "${code}".`, { field: 'code' });
      }
      const row = await insertService(trx, { package_id: pkg.id, code, name, kind: kind as ServiceKind, unit });
      return toServiceView(row);
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error))
        fail('validation_failed', `The package already has a service "${code}".`, { field: 'code' });
      throw error;
    });
}

import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { insertPackage } from './catalog.repo.ts';
import { type PackageView, toPackageView } from './catalog.views.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { parseCode, requireText } from '../input/text-input.ts';
import { parseCurrency } from '../input/currency-input.ts';
import { parseFrequency } from '../input/frequency-input.ts';

export interface CreatePackageInput {
  code: string;
  name: string;
  currency: string;
  frequency: string;
  active?: boolean;
}

/** Adds a package to the catalog. Its currency is fixed: every price of its services is in it. */
export async function createPackage(ctx: AppContext, input: CreatePackageInput): Promise<PackageView> {
  const values = {
    code: parseCode(input.code),
    name: requireText(input.name, 'name'),
    currency: parseCurrency(input.currency),
    frequency: parseFrequency(input.frequency, 'frequency'),
    active: input.active ?? true,
  };
  try {
    return toPackageView(await insertPackage(ctx.db, values));
  } catch (error) {
    if (isUniqueViolation(error)) fail('package_code_taken', `Package code "${values.code}" is taken.`);
    throw error;
  }
}

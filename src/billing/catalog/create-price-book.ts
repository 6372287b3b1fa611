import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { insertPriceBook } from './catalog.repo.ts';
import { type PriceBookView, toPriceBookView } from './catalog.views.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { parseCode, requireText } from '../input/text-input.ts';
import { parseCurrency } from '../input/currency-input.ts';

export interface CreatePriceBookInput {
  code: string;
  name: string;
  currency: string;
}

/** A price book groups packages of one currency; it becomes a Salesforce Pricebook2 on catalog sync. */
export async function createPriceBook(ctx: AppContext, input: CreatePriceBookInput): Promise<PriceBookView> {
  const values = {
    code: parseCode(input.code),
    name: requireText(input.name, 'name'),
    currency: parseCurrency(input.currency),
  };
  try {
    return toPriceBookView(await insertPriceBook(ctx.db, values), []);
  } catch (error) {
    if (isUniqueViolation(error)) {
      fail('validation_failed', `Price book code "${values.code}" is taken.`, { field: 'code' });
    }
    throw error;
  }
}

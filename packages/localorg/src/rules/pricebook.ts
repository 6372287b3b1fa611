import { SfError } from '../errors.ts';
import type { SfRecord } from '../store/record-store.ts';
import type { ObjectRules } from './types.ts';

/**
 * Pricebook2. Every org has exactly one standard price book: `IsStandard` is read-only in the schema,
 * so the API can never create a second one, and the one that exists can be updated but not deleted.
 * A custom price book's entries are deleted with it (schema cascade), unless a line item uses one.
 */

/**
 * Deleting the standard price book fails. Salesforce refuses it; the exact code and text are not
 * confirmed — `INVALID_OPERATION` "Cannot delete the standard price book" is APPROXIMATE wording.
 */
function refuseStandardPricebookDelete(row: SfRecord): void {
  if (row.IsStandard === true) {
    throw new SfError('INVALID_OPERATION', 'Cannot delete the standard price book', 400, []);
  }
}

export const pricebookRules: ObjectRules = {
  beforeDelete: (_ctx, _obj, row) => refuseStandardPricebookDelete(row),
};

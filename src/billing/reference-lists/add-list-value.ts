import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { parseValueCode } from './reference-input.ts';
import { type Added, type ListRow, type ListValueInput, type ReferenceList, sentenceNoun } from './reference-list.ts';
import { findListValue, insertListValue, listValueRows } from './reference-list.repo.ts';

/**
 * Adds a value to the list. The same code and attribute again is harmless (`created: false`; a name left out
 * matches any); a code taken in any case by another spelling or attribute, or a unique attribute another value
 * has, is the list's `*_taken`. Salesforce learns of it when the value sets are deployed again
 * (`revbridge salesforce metadata`).
 */
export async function addListValue<Row extends ListRow, View>(
  ctx: AppContext,
  list: ReferenceList<Row, View>,
  input: ListValueInput,
): Promise<Added<View>> {
  const { column } = list.attribute;
  const code = parseValueCode(input.code);
  const value = list.attribute.parse(input[column], code);
  const created = await insertListValue(ctx.db, list, code, value);
  const found = await findListValue(ctx.db, list, code);
  // The same again: the code as spelled, and the attribute unless the add left it out (a name).
  const again = found?.code === code && (input[column] == null || found[column] === value);
  if (created || again) return { value: list.toView(found!), created };
  // No value has the code in any case: the insert met the attribute, unique in this list, on another value.
  const taken = found ?? (await listValueRows(ctx.db, list)).find((r) => r[column] === value)!;
  return fail(
    list.errors.taken,
    `${sentenceNoun(list)} "${taken.code}" already exists, ${list.attribute.describe(taken[column]!)}.`,
    {
      field: found ? 'code' : column,
      code: taken.code,
      [column]: taken[column],
    },
  );
}

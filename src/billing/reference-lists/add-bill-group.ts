import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findBillGroup, insertBillGroup } from './bill-groups.repo.ts';
import { parseValueCode, parseValueName } from './reference-input.ts';
import { type Added, type BillGroupView, toBillGroupView } from './reference-lists.views.ts';

export interface AddBillGroupInput {
  code: string;
  /** The label Salesforce shows; the code when absent. */
  name?: string | null;
}

/**
 * Adds a bill group. Adding one that exists with the same code and name is harmless (`created: false`); a
 * code taken in any case by another spelling or name is `bill_group_taken`. Salesforce learns of it when the
 * value sets are deployed again (`revbridge salesforce metadata`).
 */
export async function addBillGroup(ctx: AppContext, input: AddBillGroupInput): Promise<Added<BillGroupView>> {
  const code = parseValueCode(input.code);
  const name = parseValueName(input.name, code);
  const created = await insertBillGroup(ctx.db, { code, name });
  const row = (await findBillGroup(ctx.db, code))!;
  if (!created && (row.code !== code || (input.name != null && row.name !== name))) {
    fail('bill_group_taken', `Bill group "${row.code}" already exists, named "${row.name}".`, {
      field: 'code',
      code: row.code,
      name: row.name,
    });
  }
  return { value: toBillGroupView(row), created };
}

import type { AppContext } from '../../app-context.ts';
import { addListValue } from './add-list-value.ts';
import type { Added } from './reference-list.ts';
import { BILL_GROUPS, type BillGroupView } from './reference-lists.ts';

export interface AddBillGroupInput {
  code: string;
  /** The label Salesforce shows; the code when absent. */
  name?: string | null;
}

/** Adds a bill group (`addListValue` over BILL_GROUPS): `bill_group_taken` when its code is taken otherwise. */
export async function addBillGroup(ctx: AppContext, input: AddBillGroupInput): Promise<Added<BillGroupView>> {
  return addListValue(ctx, BILL_GROUPS, input);
}

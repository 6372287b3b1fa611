import type { AppContext } from '../../app-context.ts';
import { listBillGroupRows } from './bill-groups.repo.ts';
import { type BillGroupView, toBillGroupView } from './reference-lists.views.ts';

/** Every bill group billing defines, by code, with how many accounts set it. */
export async function listBillGroups(ctx: AppContext): Promise<BillGroupView[]> {
  return (await listBillGroupRows(ctx.db)).map(toBillGroupView);
}

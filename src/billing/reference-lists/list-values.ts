import type { AppContext } from '../../app-context.ts';
import type { ListRow, ReferenceList } from './reference-list.ts';
import { listValueRows } from './reference-list.repo.ts';

/** Every value of the list, in its order, with how many accounts set it themselves. */
export async function listValues<Row extends ListRow, View>(
  ctx: AppContext,
  list: ReferenceList<Row, View>,
): Promise<View[]> {
  return (await listValueRows(ctx.db, list)).map((row) => list.toView(row));
}

import type { AppContext } from '../../app-context.ts';
import { listArTermRows } from './ar-terms.repo.ts';
import { type ArTermView, toArTermView } from './reference-lists.views.ts';

/** Every AR term billing defines, by days, with how many accounts set that many days. */
export async function listArTerms(ctx: AppContext): Promise<ArTermView[]> {
  return (await listArTermRows(ctx.db)).map(toArTermView);
}

import type { AppContext } from '../../app-context.ts';
import { listValues } from './list-values.ts';
import { AR_TERMS, type ArTermView } from './reference-lists.ts';

/** Every AR term billing defines, by days, with how many accounts set that many days. */
export async function listArTerms(ctx: AppContext): Promise<ArTermView[]> {
  return listValues(ctx, AR_TERMS);
}

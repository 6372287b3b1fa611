import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findArTerm, insertArTerm, listArTermRows } from './ar-terms.repo.ts';
import { parseArTermDays, parseValueCode } from './reference-input.ts';
import { type Added, type ArTermView, toArTermView } from './reference-lists.views.ts';

export interface AddArTermInput {
  /** The label Salesforce shows and sends: "Net 30". */
  code: string;
  /** Whole days to pay, 0–365. */
  days: number;
}

/**
 * Adds an AR term. The same code and days again is harmless (`created: false`); a code taken in any case, or
 * days another term already names, is `ar_term_taken`: each term names a different number of days, so the
 * days an account holds show in Salesforce as one label.
 */
export async function addArTerm(ctx: AppContext, input: AddArTermInput): Promise<Added<ArTermView>> {
  const code = parseValueCode(input.code);
  const days = parseArTermDays(input.days, 'days');
  const created = await insertArTerm(ctx.db, { code, days });
  if (created) return { value: toArTermView((await findArTerm(ctx.db, code))!), created };
  const same = await findArTerm(ctx.db, code);
  if (same && same.code === code && same.days === days) return { value: toArTermView(same), created };
  const taken = same ?? (await listArTermRows(ctx.db)).find((t) => t.days === days)!;
  return fail('ar_term_taken', `AR term "${taken.code}" already exists, with ${taken.days} days.`, {
    field: same ? 'code' : 'days',
    code: taken.code,
    days: taken.days,
  });
}

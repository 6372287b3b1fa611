import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { accountsWithArTermDays, deleteArTerm, findArTerm } from './ar-terms.repo.ts';
import { unknownArTerm } from './require-reference.ts';

/**
 * Removes an AR term while no account sets its number of days (`ar_term_in_use` names some that do): their
 * AR Term picklist in Salesforce would otherwise have no label to show.
 */
export async function removeArTerm(ctx: AppContext, code: string): Promise<{ removed: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = (await findArTerm(trx, code, true)) ?? (await unknownArTerm(trx, code, 'code'));
    const users = await accountsWithArTermDays(trx, row.days);
    if (users.length > 0) {
      fail(
        'ar_term_in_use',
        `AR term "${row.code}" (${row.days} days) is set on ${row.accounts} account(s), e.g. ${users.join(', ')}; ` +
          'change their AR term first.',
        { code: row.code, days: row.days, accounts: row.accounts },
      );
    }
    await deleteArTerm(trx, row.code);
    return { removed: row.code };
  });
}

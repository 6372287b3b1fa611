import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { accountsInCategory, deleteAccountCategory, findAccountCategory } from './account-categories.repo.ts';
import { unknownAccountCategory } from './require-reference.ts';

/** Removes an account category no account is in (`account_category_in_use` names some that are). */
export async function removeAccountCategory(ctx: AppContext, code: string): Promise<{ removed: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    // Locked: an account cannot take the category between the check and the delete.
    const row = (await findAccountCategory(trx, code, true)) ?? (await unknownAccountCategory(trx, code, 'code'));
    const users = await accountsInCategory(trx, row.code);
    if (users.length > 0) {
      fail(
        'account_category_in_use',
        `Account category "${row.code}" is set on ${row.accounts} account(s), e.g. ${users.join(', ')}; ` +
          'move them to another category first.',
        { code: row.code, accounts: row.accounts },
      );
    }
    await deleteAccountCategory(trx, row.code);
    return { removed: row.code };
  });
}

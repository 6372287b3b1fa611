import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { accountsInBillGroup, deleteBillGroup, findBillGroup } from './bill-groups.repo.ts';
import { unknownBillGroup } from './require-reference.ts';

/**
 * Removes a bill group no account sets (`bill_group_in_use` names some that do). The value stays in a
 * Salesforce org until the value sets are deployed again.
 */
export async function removeBillGroup(ctx: AppContext, code: string): Promise<{ removed: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    // Locked: an account cannot take the bill group between the check and the delete.
    const row = (await findBillGroup(trx, code, true)) ?? (await unknownBillGroup(trx, code, 'code'));
    const users = await accountsInBillGroup(trx, row.code);
    if (users.length > 0) {
      fail(
        'bill_group_in_use',
        `Bill group "${row.code}" is set on ${row.accounts} account(s), e.g. ${users.join(', ')}; ` +
          'move them to another bill group first.',
        { code: row.code, accounts: row.accounts },
      );
    }
    await deleteBillGroup(trx, row.code);
    return { removed: row.code };
  });
}

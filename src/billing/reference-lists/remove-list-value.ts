import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { type ReferenceList, sentenceNoun } from './reference-list.ts';
import { accountsUsing, deleteListValue, findListValue } from './reference-list.repo.ts';
import { unknownListValue } from './require-list-value.ts';

/**
 * Removes a value no account refers to (the list's `*_in_use` names some that do). An AR term is refused while
 * an account sets its days, since their AR Term picklist in Salesforce would otherwise have no label to show.
 */
export async function removeListValue(
  ctx: AppContext,
  list: ReferenceList,
  code: string,
): Promise<{ removed: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    // Locked: an account cannot take the value between the check and the delete.
    const row = (await findListValue(trx, list, code, true)) ?? (await unknownListValue(trx, list, code, 'code'));
    const { holds } = list.usedBy;
    const held = row[holds]!;
    const users = await accountsUsing(trx, list, held);
    if (users.length > 0) {
      // Accounts that hold its days rather than its code hear those too: AR term "Net 30" (30 days).
      const heldAs = holds === 'code' ? {} : { [holds]: held };
      fail(
        list.errors.inUse,
        `${sentenceNoun(list)} "${row.code}"${holds === 'code' ? '' : ` (${held} ${holds})`} is set on ` +
          `${row.accounts} account(s), e.g. ${users.join(', ')}; ${list.inUseAdvice}`,
        { code: row.code, ...heldAs, accounts: row.accounts },
      );
    }
    await deleteListValue(trx, list, row.code);
    return { removed: row.code };
  });
}

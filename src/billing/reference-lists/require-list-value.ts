import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { listedCodes } from './reference-input.ts';
import type { ReferenceList } from './reference-list.ts';
import { findListValue, listValueRows } from './reference-list.repo.ts';

/**
 * The value's code as billing spells it ("default" finds "Default"), or the list's `*_unknown` naming the
 * ones that exist. Accounts store the list's spelling, so the Salesforce picklist gets a value it has.
 */
export async function requireListValue(db: Db, list: ReferenceList, code: string, field: string): Promise<string> {
  return (await findListValue(db, list, code))?.code ?? unknownListValue(db, list, code, field);
}

export async function unknownListValue(db: Db, list: ReferenceList, code: string, field: string): Promise<never> {
  return listValueUnknown(
    list,
    code,
    field,
    (await listValueRows(db, list)).map((r) => r.code),
  );
}

/** The list's `*_unknown`, naming the values billing has and where another is added. */
export function listValueUnknown(list: ReferenceList, code: string, field: string, known: readonly string[]): never {
  return fail(
    list.errors.unknown,
    `${field}: ${list.one} "${code}" is not defined in billing; the ${list.many} are ${listedCodes(known)}. ` +
      `Pick one of them, or add it first (\`revbridge ${list.command} add\`, POST ${list.path}).`,
    { field, value: code, known },
  );
}

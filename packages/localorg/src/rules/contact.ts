import { followPrimaryAccount } from './account-contact-relation.ts';
import { composeRules } from './compose.ts';
import { cascadeParentRules } from './deleting.ts';
import { personNameRules } from './person-name.ts';
import type { ObjectRules } from './types.ts';

/**
 * Contact: Name compound (person-name), AccountContactRelation upkeep, and deleting a contact takes
 * its relations with it — the direct one included (schema cascade; see account-contact-relation.ts).
 */
export const contactRules: ObjectRules = composeRules(personNameRules, cascadeParentRules, {
  afterInsert: (ctx, _obj, row) => followPrimaryAccount(ctx, row),
  afterUpdate: (ctx, _obj, row, old) => followPrimaryAccount(ctx, row, old),
});

import { accountContactRelationRules } from './account-contact-relation.ts';
import { contactRules } from './contact.ts';
import { cascadeParentRules } from './deleting.ts';
import { opportunityRules } from './opportunity.ts';
import { opportunityLineItemRules } from './opportunity-line-item.ts';
import { personNameRules } from './person-name.ts';
import { pricebookRules } from './pricebook.ts';
import { pricebookEntryRules } from './pricebook-entry.ts';
import { productRules } from './product.ts';
import type { ObjectRules } from './types.ts';

const RULES: Record<string, ObjectRules> = {
  // Deleting an account removes its contacts' relations to it, the direct ones included.
  Account: cascadeParentRules,
  AccountContactRelation: accountContactRelationRules,
  Contact: contactRules,
  Opportunity: opportunityRules,
  OpportunityLineItem: opportunityLineItemRules,
  Pricebook2: pricebookRules,
  PricebookEntry: pricebookEntryRules,
  Product2: productRules,
  User: personNameRules,
};

const NONE: ObjectRules = {};

export function rulesFor(objectName: string): ObjectRules {
  return RULES[objectName] ?? NONE;
}

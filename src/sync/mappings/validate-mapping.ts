import { fail } from '../../domain/errors.ts';
import type { CrmConnection, CrmObjectDescribe } from '../../crm/crm.port.ts';
import type { ObjectMapping } from './field-mapping.ts';

/**
 * What is wrong with a mapping against the org's describe, one sentence each: a field that does not
 * exist, or one revbridge writes that its user cannot create or update. Empty when the mapping holds.
 */
export function mappingProblems(mapping: ObjectMapping, describe: CrmObjectDescribe): string[] {
  const problems: string[] = [];
  const object = mapping.salesforceObject;
  const written = new Set([
    ...mapping.fields.filter((f) => f.direction === 'to_salesforce').map((f) => f.salesforce),
    ...Object.values(mapping.state),
  ]);
  const read = new Set([mapping.syncFlag, ...mapping.fields.map((f) => f.salesforce), ...written]);
  for (const name of read) {
    const field = describe.fields.get(name);
    if (!field) {
      problems.push(`${object}.${name} does not exist in the org (deploy salesforce/force-app)`);
    } else if (written.has(name) && !field.updateable) {
      problems.push(`${object}.${name} is not writable by revbridge's Salesforce user (check field-level security)`);
    }
  }
  return problems;
}

/** Checks every mapping against the org before a run writes anything: `mapping_invalid` lists what to fix. */
export async function assertMappingsValid(crm: CrmConnection, mappings: readonly ObjectMapping[]): Promise<void> {
  const problems: string[] = [];
  for (const mapping of mappings) {
    problems.push(...mappingProblems(mapping, await crm.describe(mapping.salesforceObject)));
  }
  if (problems.length > 0) {
    fail('mapping_invalid', `The field mappings do not match the org: ${problems.join('; ')}.`, { problems });
  }
}

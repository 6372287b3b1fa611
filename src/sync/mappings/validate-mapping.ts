import { fail } from '../../domain/errors.ts';
import type { CrmConnection, CrmObjectDescribe } from '../../crm/crm.port.ts';
import type { FieldMapping, ObjectMapping } from './field-mapping.ts';

/**
 * What is wrong with a mapping against the org's describe, one sentence each: a field that does not
 * exist, or one revbridge writes that its user cannot create or update. Empty when the mapping holds.
 * Pass the mapping as the org runs it (`effectiveMapping`): as written, it still names the fields the org
 * may lack.
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

/** The fields of the mapping the org lacks that may be absent (`absentInOrg`): they do not break it. */
export function absentFields(mapping: ObjectMapping, describe: CrmObjectDescribe): FieldMapping[] {
  return mapping.fields.filter(
    (f) => f.absentInOrg !== undefined && f.direction === 'to_billing' && !describe.fields.has(f.salesforce),
  );
}

/**
 * The mapping as this org runs it. A field the org lacks that may be absent is left out of `fields` (no
 * flow reads it, no check misses it) and its billing field gets the org-wide value in `constants`: in a
 * single-currency org, no CurrencyIsoCode and `constants.currency` = the org's currency. The mapping itself
 * (same object) when the org has every field. `orgCurrency` is needed only when a field falls back to it.
 */
export function effectiveMapping(
  mapping: ObjectMapping,
  describe: CrmObjectDescribe,
  orgCurrency: string | undefined,
): ObjectMapping {
  const absent = absentFields(mapping, describe);
  if (absent.length === 0) return mapping;
  const constants: Record<string, string> = { ...mapping.constants };
  for (const field of absent) {
    // The only fallback so far; a new kind of OrgFallback adds its case here.
    if (!orgCurrency) {
      throw new Error(`${mapping.salesforceObject}.${field.salesforce} falls back to the org's currency: pass it`);
    }
    constants[field.billing] = orgCurrency.trim().toUpperCase();
  }
  return { ...mapping, fields: mapping.fields.filter((f) => !absent.includes(f)), constants };
}

export interface MappingCheck {
  /** The mappings as the org runs them, in the order given. */
  effective: ObjectMapping[];
  /** What the org lacks for them (empty when they hold). */
  problems: string[];
}

/**
 * Every mapping against the org: one describe per object (cached by the connection's DescribeCache), and
 * the org's currency only when a mapping falls back to it (one cached call).
 */
export async function checkMappings(crm: CrmConnection, mappings: readonly ObjectMapping[]): Promise<MappingCheck> {
  const effective: ObjectMapping[] = [];
  const problems: string[] = [];
  for (const mapping of mappings) {
    const describe = await crm.describe(mapping.salesforceObject);
    const needsCurrency = absentFields(mapping, describe).some((f) => f.absentInOrg === 'org_currency');
    const runs = effectiveMapping(mapping, describe, needsCurrency ? await crm.orgCurrency() : undefined);
    effective.push(runs);
    problems.push(...mappingProblems(runs, describe));
  }
  return { effective, problems };
}

/**
 * Checks every mapping against the org before a run writes anything (`mapping_invalid` lists what to fix)
 * and returns them as the org runs them (`effectiveMapping`), in the order given: a flow reads and maps
 * records through these, and applies their `constants`.
 */
export async function assertMappingsValid(
  crm: CrmConnection,
  mappings: readonly ObjectMapping[],
): Promise<ObjectMapping[]> {
  const { effective, problems } = await checkMappings(crm, mappings);
  if (problems.length > 0) {
    fail('mapping_invalid', `The field mappings do not match the org: ${problems.join('; ')}.`, { problems });
  }
  return effective;
}

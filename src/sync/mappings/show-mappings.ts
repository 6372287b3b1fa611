import type { AppContext } from '../../app-context.ts';
import { crmOf } from '../engine/sync-context.ts';
import { ACCOUNT_MAPPING } from './account-mapping.ts';
import { CONTACT_MAPPING } from './contact-mapping.ts';
import type { ObjectMapping } from './field-mapping.ts';
import { mappingProblems } from './validate-mapping.ts';

/** Every mapping the flows use. */
export const MAPPINGS: readonly ObjectMapping[] = [ACCOUNT_MAPPING, CONTACT_MAPPING];

export interface MappingRowView {
  mapping: string;
  version: number;
  salesforceObject: string;
  salesforceField: string;
  billingField: string;
  direction: 'to_billing' | 'to_salesforce';
  transform: string;
  required: boolean;
  onLinkOnly: boolean;
}

export interface MappingsView {
  rows: MappingRowView[];
  /** With `check`: what the org's describe says is wrong (empty when the mappings hold). */
  problems?: string[];
}

/** The field mappings as data, and with `check` whether the connected org has every field they name. */
export async function showMappings(ctx: AppContext, input: { check?: boolean } = {}): Promise<MappingsView> {
  const rows = MAPPINGS.flatMap((m) =>
    m.fields.map((f) => ({
      mapping: m.name,
      version: m.version,
      salesforceObject: m.salesforceObject,
      salesforceField: f.salesforce,
      billingField: f.billing,
      direction: f.direction,
      transform: f.transform,
      required: f.required,
      onLinkOnly: f.onLinkOnly ?? false,
    })),
  );
  if (!input.check) return { rows };
  const crm = await crmOf(ctx);
  const problems: string[] = [];
  for (const m of MAPPINGS) problems.push(...mappingProblems(m, await crm.describe(m.salesforceObject)));
  return { rows, problems };
}

import type { AppContext } from '../../app-context.ts';
import { crmOf } from '../engine/sync-context.ts';
import { ACCOUNT_MAPPING } from './account-mapping.ts';
import { CONTACT_MAPPING } from './contact-mapping.ts';
import type { ObjectMapping, OrgFallback } from './field-mapping.ts';
import { checkMappings } from './validate-mapping.ts';

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
  /** What billing takes when the org lacks the field (`org_currency`), or null when the field must exist. */
  absentInOrg: OrgFallback | null;
  /** With `check`, when the connected org lacks the field: the value billing takes for every record instead. */
  orgValue?: string;
}

export interface MappingsView {
  rows: MappingRowView[];
  /** With `check`: what the org's describe says is wrong (empty when the mappings hold). */
  problems?: string[];
}

/**
 * The field mappings as data, and with `check` whether the connected org has every field they name; a
 * field the org lacks but may do without (CurrencyIsoCode in a single-currency org) shows the value billing
 * takes instead.
 */
export async function showMappings(ctx: AppContext, input: { check?: boolean } = {}): Promise<MappingsView> {
  const rows: MappingRowView[] = MAPPINGS.flatMap((m) =>
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
      absentInOrg: f.absentInOrg ?? null,
    })),
  );
  if (!input.check) return { rows };
  const { effective, problems } = await checkMappings(await crmOf(ctx), MAPPINGS);
  MAPPINGS.forEach((m, i) => {
    const runs = effective[i];
    for (const row of rows) {
      const value = runs.constants?.[row.billingField];
      const dropped = !runs.fields.some((f) => f.salesforce === row.salesforceField);
      if (row.mapping === m.name && value !== undefined && dropped) row.orgValue = value;
    }
  });
  return { rows, problems };
}

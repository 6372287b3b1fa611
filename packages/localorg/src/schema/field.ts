import type { FieldDef, FieldSpec, PicklistValue } from './types.ts';

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'multipicklist', 'combobox']);

/** Builds a full field definition from a sparse spec, with the defaults Salesforce's describe reports. */
export function field(spec: FieldSpec): FieldDef {
  const type = spec.type;
  const system = type === 'id' || spec.calculated === true;
  const lengthDefault = type === 'id' || type === 'reference' ? 18 : TEXT_TYPES.has(type) ? 255 : 0;
  const isText = TEXT_TYPES.has(type) || type === 'id' || type === 'reference';
  // Long text areas (more than 255 characters) cannot be filtered or sorted; short ones (street lines) can.
  const longText = type === 'textarea' && (spec.length ?? 255) > 255;
  const filterable = !longText && type !== 'address' && type !== 'base64';
  return {
    label: spec.label ?? labelOf(spec.name),
    custom: spec.name.endsWith('__c'),
    length: lengthDefault,
    precision: type === 'currency' || type === 'double' || type === 'percent' ? 18 : 0,
    scale: type === 'currency' ? 2 : 0,
    nillable: type !== 'boolean' && type !== 'id',
    createable: !system,
    updateable: !system,
    defaultedOnCreate: type === 'boolean' || type === 'id',
    defaultValue: type === 'boolean' ? false : null,
    calculated: false,
    calculatedFormula: null,
    externalId: false,
    unique: false,
    caseSensitive: false,
    idLookup: type === 'id',
    nameField: false,
    filterable,
    sortable: filterable && type !== 'multipicklist',
    groupable: isText || type === 'boolean' || type === 'date' || type === 'int',
    referenceTo: [],
    relationshipName: null,
    childRelationshipName: null,
    cascadeDelete: false,
    restrictedDelete: false,
    picklistValues: [],
    restrictedPicklist: false,
    compoundFieldName: null,
    multiCurrencyOnly: false,
    summary: null,
    ...spec,
  };
}

/** A read-only field the platform maintains (system audit fields, roll-ups, derived flags). */
export function systemField(spec: FieldSpec): FieldDef {
  return field({ createable: false, updateable: false, ...spec });
}

export function picklist(values: string[], defaultValue?: string): PicklistValue[] {
  return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}

function labelOf(apiName: string): string {
  const base = apiName.replace(/__c$/, '').replace(/Id$/, ' ID').replace(/_/g, ' ');
  return base.replace(/([a-z])([A-Z])/g, '$1 $2').trim();
}

import { field } from '../field.ts';
import type { FieldDef, FieldSpec, FieldType, PicklistValue } from '../types.ts';
import { MetadataError, type Reader } from './xml.ts';

/** A field as read from its file, plus what can only be settled once every file is read. */
export interface LoadedField {
  def: FieldDef;
  file: string;
  /** Roll-up summary details; the type comes from the summarized field. */
  summary?: { operation: string; summarizedField: string | null; foreignKey: string };
  /** Global value set whose values fill this picklist. */
  valueSetName?: string;
  /** A default value formula, evaluated later (it may only be a literal). */
  defaultFormula?: string;
}

const FORMULA_TYPES: Record<string, FieldType> = {
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Text: 'string',
  Checkbox: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
  Time: 'time',
};

const NUMBER_TYPES = new Set<FieldType>(['double', 'currency', 'percent']);

/** Builds a FieldDef from a `<CustomField>` element, following what Salesforce's describe reports. */
export function customField(x: Reader, name: string): LoadedField {
  const type = x.text('type');
  if (!type) throw new MetadataError(x.file, 'missing <type>');
  const common: Partial<FieldDef> = {
    label: x.text('label') || undefined,
    externalId: x.bool('externalId'),
    // Salesforce lets API clients find records by external id, so such fields are id lookups.
    idLookup: x.bool('externalId'),
    unique: x.bool('unique'),
    caseSensitive: x.bool('caseSensitive'),
  };
  if (common.label === undefined) delete common.label;
  const required = x.bool('required');
  const loaded: LoadedField = { def: undefined as unknown as FieldDef, file: x.file };
  const formula = x.text('formula');
  if (formula !== undefined && formula !== '') {
    const ftype = FORMULA_TYPES[type];
    if (!ftype) throw new MetadataError(x.file, `formula fields cannot have type ${type}`);
    loaded.def = field({
      name,
      type: ftype,
      ...common,
      ...(NUMBER_TYPES.has(ftype) ? numberShape(x, ftype) : {}),
      ...(ftype === 'string' ? { length: 1300 } : {}),
      calculated: true,
      calculatedFormula: formula,
      createable: false,
      updateable: false,
      nillable: ftype !== 'boolean',
      groupable: false,
      defaultedOnCreate: false,
      defaultValue: null,
    });
    return loaded;
  }
  const spec = baseSpec(x, type, name, loaded);
  loaded.def = field({ ...spec, ...common, ...(required ? { nillable: false } : {}) });
  const defaultText = x.text('defaultValue');
  if (defaultText !== undefined && defaultText !== '' && !loaded.def.calculated) loaded.defaultFormula = defaultText;
  return loaded;
}

function baseSpec(x: Reader, type: string, name: string, loaded: LoadedField): FieldSpec {
  switch (type) {
    case 'Text':
      return { name, type: 'string', length: x.int('length') ?? 255 };
    case 'TextArea':
      // Unlike long text, a 255-character text area can be filtered and sorted on.
      return { name, type: 'textarea', length: 255, filterable: true, sortable: true, groupable: false };
    case 'LongTextArea':
    case 'Html':
      return { name, type: 'textarea', length: x.int('length') ?? 32768, groupable: false };
    case 'EncryptedText':
      return { name, type: 'encryptedstring', length: x.int('length') ?? 175, filterable: false, sortable: false };
    case 'Email':
      return { name, type: 'email', length: 80 };
    case 'Phone':
      return { name, type: 'phone', length: 40 };
    case 'Url':
      return { name, type: 'url', length: 255 };
    case 'Number':
      return { name, type: 'double', ...numberShape(x, 'double'), groupable: false };
    case 'Currency':
      return { name, type: 'currency', ...numberShape(x, 'currency') };
    case 'Percent':
      return { name, type: 'percent', ...numberShape(x, 'percent') };
    case 'Checkbox':
      return { name, type: 'boolean' };
    case 'Date':
      return { name, type: 'date' };
    case 'DateTime':
      return { name, type: 'datetime' };
    case 'Time':
      return { name, type: 'time' };
    case 'Picklist':
    case 'MultiselectPicklist':
      return picklistSpec(x, type, name, loaded);
    case 'Lookup':
    case 'MasterDetail':
      return referenceSpec(x, type, name);
    case 'AutoNumber':
      return autoNumberSpec(x, name);
    case 'Summary':
      return summarySpec(x, name, loaded);
    default:
      throw new MetadataError(x.file, `field type ${type} is not supported by the local org`);
  }
}

function numberShape(x: Reader, type: FieldType): Pick<FieldDef, 'precision' | 'scale'> {
  const precision = x.int('precision') ?? 18;
  const scale = x.int('scale') ?? (type === 'currency' ? 2 : 0);
  if (scale > precision) throw new MetadataError(x.file, `<scale> ${scale} is larger than <precision> ${precision}`);
  return { precision, scale };
}

/** The read-only text field Salesforce numbers on insert; the write pipeline formats `defaultValue`. */
export function autoNumberSpec(x: Reader, name: string): FieldSpec {
  const displayFormat = x.text('displayFormat');
  if (!displayFormat || !/\{0+\}/.test(displayFormat)) {
    throw new MetadataError(
      x.file,
      `AutoNumber needs a <displayFormat> with a {0…} counter, got "${displayFormat ?? ''}"`,
    );
  }
  return {
    name,
    type: 'string',
    length: 30,
    nillable: false,
    createable: false,
    updateable: false,
    defaultedOnCreate: true,
    defaultValue: displayFormat,
  };
}

function picklistSpec(x: Reader, type: string, name: string, loaded: LoadedField): FieldSpec {
  const multi = type === 'MultiselectPicklist';
  const base: FieldSpec = {
    name,
    type: multi ? 'multipicklist' : 'picklist',
    length: multi ? 4099 : 255,
    groupable: !multi,
  };
  const valueSet = x.child('valueSet');
  const setName = valueSet.text('valueSetName');
  if (setName) {
    loaded.valueSetName = setName;
    return { ...base, restrictedPicklist: true };
  }
  const values = valueSet.has('valueSetDefinition')
    ? valueSet.child('valueSetDefinition').list('value')
    : x.child('picklist').list('picklistValues');
  const picklistValues = values.map(picklistValue);
  if (picklistValues.length === 0) throw new MetadataError(x.file, 'picklist has no values');
  return {
    ...base,
    picklistValues,
    restrictedPicklist: valueSet.bool('restricted'),
    defaultedOnCreate: picklistValues.some((v) => v.defaultValue),
  };
}

export function picklistValue(v: Reader): PicklistValue {
  const raw = v.text('fullName');
  if (!raw) throw new MetadataError(v.file, 'picklist value without <fullName>');
  // The Metadata API URL-encodes some characters in value names (e.g. %2C for a comma).
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    value = raw;
  }
  return {
    value,
    label: v.text('label') || value,
    active: v.bool('isActive', true),
    defaultValue: v.bool('default'),
  };
}

function referenceSpec(x: Reader, type: string, name: string): FieldSpec {
  const referenceTo = x.text('referenceTo');
  if (!referenceTo) throw new MetadataError(x.file, `${type} field needs <referenceTo>`);
  const childName = x.text('relationshipName');
  if (!childName) throw new MetadataError(x.file, `${type} field needs <relationshipName>`);
  const spec: FieldSpec = {
    name,
    type: 'reference',
    length: 18,
    referenceTo: [referenceTo],
    relationshipName: name.replace(/__c$/i, '__r'),
    // Describe (and SOQL subqueries) name custom child relationships with the __r suffix.
    childRelationshipName: `${childName}__r`,
  };
  if (type === 'MasterDetail') {
    return { ...spec, nillable: false, cascadeDelete: true, updateable: x.bool('reparentableMasterDetail') };
  }
  const constraint = x.text('deleteConstraint') ?? 'SetNull';
  if (!['SetNull', 'Restrict', 'Cascade'].includes(constraint)) {
    throw new MetadataError(x.file, `unknown <deleteConstraint> ${constraint}`);
  }
  return { ...spec, restrictedDelete: constraint === 'Restrict', cascadeDelete: constraint === 'Cascade' };
}

function summarySpec(x: Reader, name: string, loaded: LoadedField): FieldSpec {
  const operation = x.text('summaryOperation')?.toLowerCase();
  if (!operation || !['count', 'sum', 'min', 'max'].includes(operation)) {
    throw new MetadataError(x.file, `roll-up summary needs <summaryOperation> count, sum, min or max`);
  }
  const foreignKey = x.text('summaryForeignKey');
  if (!foreignKey) throw new MetadataError(x.file, 'roll-up summary needs <summaryForeignKey>');
  const summarizedField = x.text('summarizedField') || null;
  if (operation !== 'count' && !summarizedField) {
    throw new MetadataError(x.file, `roll-up ${operation} needs <summarizedField>`);
  }
  loaded.summary = { operation, summarizedField, foreignKey };
  // The final type is set once the summarized field is known; COUNT stays a whole-number double.
  return {
    name,
    type: 'double',
    precision: 18,
    scale: 0,
    calculated: true,
    createable: false,
    updateable: false,
    groupable: false,
  };
}

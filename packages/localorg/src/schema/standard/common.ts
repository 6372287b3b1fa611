import { field, picklist, systemField } from '../field.ts';
import type { FieldDef } from '../types.ts';

/** Fields every standard and custom object has, in the order describe lists them. */
export function auditFields(): FieldDef[] {
  return [
    systemField({ name: 'IsDeleted', type: 'boolean', label: 'Deleted', defaultedOnCreate: true }),
    systemField({ name: 'CreatedDate', type: 'datetime', nillable: false, defaultedOnCreate: true }),
    systemField({
      name: 'CreatedById',
      type: 'reference',
      nillable: false,
      defaultedOnCreate: true,
      referenceTo: ['User'],
      relationshipName: 'CreatedBy',
    }),
    systemField({ name: 'LastModifiedDate', type: 'datetime', nillable: false, defaultedOnCreate: true }),
    systemField({
      name: 'LastModifiedById',
      type: 'reference',
      nillable: false,
      defaultedOnCreate: true,
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy',
    }),
    systemField({ name: 'SystemModstamp', type: 'datetime', label: 'System Modstamp', nillable: false }),
  ];
}

export function idField(): FieldDef {
  return field({ name: 'Id', type: 'id', label: 'Record ID', nillable: false });
}

export function ownerField(): FieldDef {
  return field({
    name: 'OwnerId',
    type: 'reference',
    label: 'Owner ID',
    nillable: false,
    defaultedOnCreate: true,
    referenceTo: ['User'],
    relationshipName: 'Owner',
  });
}

/** Present only when the org has multi-currency enabled; its picklist is the org's active currencies. */
export function currencyField(createableOnly = false, readOnly = false): FieldDef {
  return field({
    name: 'CurrencyIsoCode',
    type: 'picklist',
    label: 'Currency ISO Code',
    length: 3,
    defaultedOnCreate: true,
    restrictedPicklist: true,
    multiCurrencyOnly: true,
    createable: !readOnly,
    updateable: !readOnly && !createableOnly,
  });
}

/** Street/City/State/PostalCode/Country components plus the read-only compound address field. */
export function addressFields(prefix: string): FieldDef[] {
  const compound = `${prefix}Address`;
  return [
    field({ name: `${prefix}Street`, type: 'textarea', compoundFieldName: compound }),
    field({ name: `${prefix}City`, type: 'string', length: 40, compoundFieldName: compound }),
    field({ name: `${prefix}State`, type: 'string', length: 80, compoundFieldName: compound }),
    field({ name: `${prefix}PostalCode`, type: 'string', length: 20, compoundFieldName: compound }),
    field({ name: `${prefix}Country`, type: 'string', length: 80, compoundFieldName: compound }),
    field({ name: `${prefix}Latitude`, type: 'double', precision: 18, scale: 15, compoundFieldName: compound }),
    field({ name: `${prefix}Longitude`, type: 'double', precision: 18, scale: 15, compoundFieldName: compound }),
    field({
      name: `${prefix}GeocodeAccuracy`,
      type: 'picklist',
      length: 40,
      compoundFieldName: compound,
      picklistValues: picklist(['Address', 'NearAddress', 'Block', 'Street', 'ExtendedZip', 'Zip', 'City']),
      restrictedPicklist: true,
    }),
    systemField({ name: compound, type: 'address', filterable: false, sortable: false, groupable: false }),
  ];
}

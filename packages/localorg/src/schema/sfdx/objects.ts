import { field } from '../field.ts';
import { auditFields, currencyField, idField, ownerField } from '../standard/common.ts';
import type { FieldDef, SObjectDef } from '../types.ts';
import { autoNumberSpec } from './fields.ts';
import { MetadataError, type Reader } from './xml.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX_SPACE = 62 * 62;

/** What `<Object>.object-meta.xml` says about a custom object. */
export interface ObjectHeader {
  label: string;
  labelPlural: string;
  nameField: FieldDef;
  controlledByParent: boolean;
}

export function readObjectHeader(x: Reader): ObjectHeader {
  const label = x.text('label');
  if (!label) throw new MetadataError(x.file, 'missing <label>');
  const nameX = x.child('nameField');
  const nameType = nameX.text('type');
  const nameLabel = nameX.text('label') || `${label} Name`;
  let nameField: FieldDef;
  if (nameType === 'AutoNumber') {
    nameField = field({ ...autoNumberSpec(nameX, 'Name'), label: nameLabel, nameField: true });
  } else if (nameType === 'Text' || nameType === undefined) {
    // The API accepts a custom record without a Name and then uses its Id, so Name is nillable.
    nameField = field({
      name: 'Name',
      type: 'string',
      length: 80,
      label: nameLabel,
      nameField: true,
      defaultedOnCreate: true,
    });
  } else {
    throw new MetadataError(x.file, `name field type ${nameType} is not supported (Text or AutoNumber)`);
  }
  return {
    label,
    labelPlural: x.text('pluralLabel') || `${label}s`,
    nameField,
    controlledByParent: x.text('sharingModel') === 'ControlledByParent',
  };
}

/**
 * A custom object's definition with its system fields in the order Salesforce's describe lists
 * them: Id, OwnerId, IsDeleted, Name, CurrencyIsoCode, the audit fields, then the custom fields.
 * A master-detail child has no owner, and its currency is its master's.
 */
export function customObject(name: string, keyPrefix: string, header: ObjectHeader, fields: FieldDef[]): SObjectDef {
  const detail =
    header.controlledByParent || fields.some((f) => f.type === 'reference' && f.cascadeDelete && !f.nillable);
  const [isDeleted, ...audit] = auditFields();
  return {
    name,
    label: header.label,
    labelPlural: header.labelPlural,
    keyPrefix,
    custom: true,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    fields: [
      idField(),
      ...(detail ? [] : [ownerField()]),
      isDeleted,
      header.nameField,
      detail ? currencyField(false, true) : currencyField(),
      ...audit,
      ...fields,
    ],
    validationRules: [],
  };
}

/**
 * Key prefixes for custom objects: 'a' plus two base-62 characters from a hash of the API name, so
 * an object keeps its prefix (and its records their ids) when other objects are added. Collisions
 * take the next free value, settled in name order.
 */
export function assignKeyPrefixes(names: string[], taken: Iterable<string>): Map<string, string> {
  const used = new Set(taken);
  const out = new Map<string, string>();
  for (const name of [...names].sort(byLowerCase)) {
    let n = fnv1a(name.toLowerCase()) % PREFIX_SPACE;
    for (let tries = 0; used.has(prefixOf(n)); tries++) {
      if (tries >= PREFIX_SPACE) throw new Error('no free custom object key prefix left');
      n = (n + 1) % PREFIX_SPACE;
    }
    used.add(prefixOf(n));
    out.set(name, prefixOf(n));
  }
  return out;
}

/** Code-unit order, so the result does not depend on the machine's locale. */
export function byLowerCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function prefixOf(n: number): string {
  return `a${BASE62[Math.floor(n / 62)]}${BASE62[n % 62]}`;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

import type { ChildRelationship, FieldDef, SObjectDef } from './types.ts';

export interface SchemaSettings {
  multiCurrency: boolean;
  /** Active currencies, corporate currency first. */
  currencies: string[];
}

/** One object as the org currently sees it: fields filtered by org settings, lookups indexed. */
export class ObjectSchema {
  readonly name: string;
  readonly keyPrefix: string;
  readonly fields: FieldDef[];
  readonly childRelationships: ChildRelationship[] = [];
  readonly uniqueFields: FieldDef[];
  readonly referenceFields: FieldDef[];
  readonly nameField: FieldDef | undefined;
  private readonly byName = new Map<string, FieldDef>();
  private readonly byRelationship = new Map<string, FieldDef>();
  private readonly childByName = new Map<string, ChildRelationship>();

  constructor(
    readonly def: SObjectDef,
    settings: SchemaSettings,
  ) {
    this.name = def.name;
    this.keyPrefix = def.keyPrefix;
    this.fields = def.fields
      .filter((f) => !f.multiCurrencyOnly || settings.multiCurrency)
      .map((f) =>
        f.name === 'CurrencyIsoCode' ||
        f.name === 'DefaultCurrencyIsoCode' ||
        (def.name === 'CurrencyType' && f.name === 'IsoCode')
          ? { ...f, picklistValues: currencyPicklist(settings.currencies) }
          : f,
      );
    for (const f of this.fields) {
      this.byName.set(f.name.toLowerCase(), f);
      if (f.relationshipName) this.byRelationship.set(f.relationshipName.toLowerCase(), f);
    }
    this.uniqueFields = this.fields.filter((f) => f.unique && f.type !== 'id');
    this.referenceFields = this.fields.filter((f) => f.type === 'reference');
    this.nameField = this.fields.find((f) => f.nameField);
  }

  field(name: string): FieldDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The lookup field behind a parent relationship name (`Parent`, `Account`, `Owner`, `Product_Service__r`). */
  relationship(name: string): FieldDef | undefined {
    return this.byRelationship.get(name.toLowerCase());
  }

  childRelationship(name: string): ChildRelationship | undefined {
    return this.childByName.get(name.toLowerCase());
  }

  addChildRelationship(rel: ChildRelationship): void {
    this.childRelationships.push(rel);
    if (rel.relationshipName) this.childByName.set(rel.relationshipName.toLowerCase(), rel);
  }
}

function currencyPicklist(currencies: string[]) {
  return currencies.map((code, i) => ({ value: code, label: code, active: true, defaultValue: i === 0 }));
}

/**
 * The schema registry. Every consumer (describe, the write pipeline, SOQL, Bulk) asks it, so
 * there is exactly one answer to "does this field exist, and what is it".
 */
export class Schema {
  private readonly byName = new Map<string, ObjectSchema>();
  private readonly byPrefix = new Map<string, ObjectSchema>();
  readonly objects: ObjectSchema[];

  constructor(
    defs: SObjectDef[],
    readonly settings: SchemaSettings,
  ) {
    this.objects = defs
      .filter((d) => !d.multiCurrencyOnly || settings.multiCurrency)
      .map((d) => new ObjectSchema(d, settings));
    for (const o of this.objects) {
      this.byName.set(o.name.toLowerCase(), o);
      this.byPrefix.set(o.keyPrefix, o);
    }
    for (const child of this.objects) {
      for (const f of child.referenceFields) {
        for (const target of f.referenceTo) {
          this.byName.get(target.toLowerCase())?.addChildRelationship({
            childSObject: child.name,
            field: f.name,
            relationshipName: f.childRelationshipName,
            cascadeDelete: f.cascadeDelete,
            restrictedDelete: f.restrictedDelete,
          });
        }
      }
    }
  }

  get(name: string): ObjectSchema | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The object an id belongs to, from its 3-char key prefix. */
  forId(id: string): ObjectSchema | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFormula } from '../src/formula/formula.ts';
import { Org } from '../src/org.ts';
import { assignKeyPrefixes } from '../src/schema/sfdx/objects.ts';
import { loadSfdxSchema, MetadataError } from '../src/schema/sfdx-loader.ts';
import { STANDARD_OBJECTS } from '../src/schema/standard/objects.ts';
import type { FieldDef, SObjectDef } from '../src/schema/types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const BASIC = join(fixture('sfdx-basic'), 'force-app');
const REPO_METADATA = fileURLToPath(new URL('../../../salesforce/force-app', import.meta.url));

const schema = loadSfdxSchema(BASIC);
const object = (name: string): SObjectDef => {
  const def = schema.objects.find((o) => o.name === name);
  if (!def) throw new Error(`no object ${name}`);
  return def;
};
const fieldOf = (fields: FieldDef[], name: string): FieldDef => {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

describe('custom objects', () => {
  it('loads custom objects in name order and skips custom metadata types', () => {
    expect(schema.objects.map((o) => o.name)).toEqual(['Product_Service__c', 'Usage_Record__c']);
    const ps = object('Product_Service__c');
    expect(ps).toMatchObject({
      label: 'Product Service',
      labelPlural: 'Product Services',
      custom: true,
      queryable: true,
    });
    expect(ps.validationRules).toEqual([]);
  });

  it('gives stable key prefixes derived from the API name, unlike any standard prefix', () => {
    // Pinned: ids already handed out embed these prefixes, so they must never change.
    expect(object('Product_Service__c').keyPrefix).toBe('amR');
    expect(object('Usage_Record__c').keyPrefix).toBe('awl');
    const standard = new Set(STANDARD_OBJECTS.map((o) => o.keyPrefix));
    for (const o of schema.objects) {
      expect(o.keyPrefix).toMatch(/^a[0-9A-Za-z]{2}$/);
      expect(standard.has(o.keyPrefix)).toBe(false);
    }
  });

  it('keeps prefixes when objects are added and moves only the later of two colliding names', () => {
    const alone = assignKeyPrefixes(['Product_Service__c'], []);
    const crowd = assignKeyPrefixes(['Zeta__c', 'Alpha__c', 'Product_Service__c', 'Invoice__c'], []);
    expect(crowd.get('Product_Service__c')).toBe(alone.get('Product_Service__c'));
    expect(new Set(crowd.values()).size).toBe(4);
    const preferred = alone.get('Product_Service__c')!;
    const bumped = assignKeyPrefixes(['Product_Service__c'], [preferred]).get('Product_Service__c')!;
    expect(bumped).not.toBe(preferred);
    expect(bumped.slice(0, 2)).toBe(preferred.slice(0, 2));
  });

  it('builds a master-detail child without OwnerId and with its currency read-only', () => {
    const ps = object('Product_Service__c');
    expect(ps.fields.slice(0, 9).map((f) => f.name)).toEqual([
      'Id',
      'IsDeleted',
      'Name',
      'CurrencyIsoCode',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
    ]);
    expect(ps.fields.some((f) => f.name === 'OwnerId')).toBe(false);
    expect(fieldOf(ps.fields, 'CurrencyIsoCode')).toMatchObject({
      createable: false,
      updateable: false,
      multiCurrencyOnly: true,
    });
  });

  it('makes an AutoNumber name read-only, generated, with its display format as the default', () => {
    expect(fieldOf(object('Product_Service__c').fields, 'Name')).toMatchObject({
      type: 'string',
      label: 'Product Service Number',
      nameField: true,
      createable: false,
      updateable: false,
      defaultedOnCreate: true,
      nillable: false,
      defaultValue: 'PS-{0000}',
    });
  });

  it('gives a Text-named object with private sharing an owner and a writable Name', () => {
    const usage = object('Usage_Record__c');
    expect(usage.fields.slice(0, 4).map((f) => f.name)).toEqual(['Id', 'OwnerId', 'IsDeleted', 'Name']);
    expect(fieldOf(usage.fields, 'Name')).toMatchObject({
      type: 'string',
      length: 80,
      createable: true,
      updateable: true,
      nameField: true,
    });
    expect(fieldOf(usage.fields, 'CurrencyIsoCode')).toMatchObject({ createable: true, updateable: true });
    expect(fieldOf(usage.fields, 'Used_At__c')).toMatchObject({ type: 'datetime', nillable: false });
  });
});

describe('custom fields', () => {
  const ps = () => object('Product_Service__c').fields;

  it('maps master-detail and lookup relationships', () => {
    expect(fieldOf(ps(), 'Product__c')).toMatchObject({
      type: 'reference',
      custom: true,
      referenceTo: ['Product2'],
      relationshipName: 'Product__r',
      childRelationshipName: 'Product_Services__r',
      nillable: false,
      cascadeDelete: true,
      restrictedDelete: false,
      createable: true,
      updateable: false,
    });
    expect(fieldOf(ps(), 'Billing_Account__c')).toMatchObject({
      referenceTo: ['Account'],
      relationshipName: 'Billing_Account__r',
      childRelationshipName: 'Billed_Services__r',
      nillable: true,
      cascadeDelete: false,
      restrictedDelete: true,
      updateable: true,
    });
  });

  it('maps number, currency, percent, checkbox, date and text types', () => {
    expect(fieldOf(ps(), 'Unit_Price__c')).toMatchObject({
      type: 'currency',
      precision: 16,
      scale: 2,
      nillable: false,
    });
    expect(fieldOf(ps(), 'Quantity__c')).toMatchObject({
      type: 'double',
      precision: 12,
      scale: 2,
      defaultValue: 1,
      defaultedOnCreate: true,
    });
    expect(fieldOf(ps(), 'Discount__c')).toMatchObject({ type: 'percent', precision: 5, scale: 2 });
    expect(fieldOf(ps(), 'Active__c')).toMatchObject({
      type: 'boolean',
      defaultValue: true,
      nillable: false,
      defaultedOnCreate: true,
    });
    // A default that needs the clock is computed at insert, not a describe default.
    expect(fieldOf(ps(), 'Start_Date__c')).toMatchObject({
      type: 'date',
      defaultValue: null,
      defaultedOnCreate: false,
    });
    expect(fieldOf(ps(), 'Notes__c')).toMatchObject({
      type: 'textarea',
      length: 32768,
      filterable: false,
      sortable: false,
    });
    expect(fieldOf(ps(), 'Code__c')).toMatchObject({
      type: 'string',
      length: 20,
      externalId: true,
      idLookup: true,
      unique: true,
      caseSensitive: true,
    });
  });

  it('reads picklist values, defaults and restriction, including global value sets', () => {
    const freq = fieldOf(ps(), 'Billing_Frequency__c');
    expect(freq).toMatchObject({ type: 'picklist', restrictedPicklist: true, defaultedOnCreate: true, length: 255 });
    expect(freq.picklistValues).toEqual([
      { value: 'Monthly', label: 'Monthly', active: true, defaultValue: true },
      { value: 'Quarterly', label: 'Quarterly', active: true, defaultValue: false },
      { value: 'Annual, upfront', label: 'Annual, upfront', active: true, defaultValue: false },
    ]);
    const region = fieldOf(ps(), 'Region__c');
    expect(region).toMatchObject({ type: 'multipicklist', length: 4099, restrictedPicklist: true });
    expect(region.picklistValues.map((v) => [v.value, v.label])).toEqual([
      ['EMEA', 'EMEA'],
      ['AMER', 'Americas'],
    ]);
  });

  it('makes formula fields calculated and read-only, and their formulas evaluate', () => {
    const total = fieldOf(ps(), 'Total__c');
    expect(total).toMatchObject({ type: 'currency', calculated: true, createable: false, updateable: false, scale: 2 });
    expect(total.calculatedFormula).toContain('Unit_Price__c * Quantity__c');
    const row: Record<string, unknown> = { Unit_Price__c: 19.99, Quantity__c: 3, Discount__c: 0.1 };
    const value = compileFormula(
      total.calculatedFormula!,
      total.type,
      total.scale,
    )({
      get: (p) => row[p] ?? null,
      prior: () => null,
      isNew: true,
      now: () => 0,
      timeZone: 'UTC',
    });
    expect(value).toBe(53.97);
    expect(fieldOf(ps(), 'Product_Code__c')).toMatchObject({ type: 'string', length: 1300, calculated: true });
  });

  it('adds custom fields of standard objects to `fields` and leaves standard field files alone', () => {
    expect(Object.keys(schema.fields).sort()).toEqual(['Account', 'Product2']);
    expect(schema.fields.Account.map((f) => f.name)).toEqual(['Billing_Account_Number__c', 'Billing_Currency__c']);
    expect(fieldOf(schema.fields.Account, 'Billing_Currency__c')).toMatchObject({
      defaultValue: 'USD',
      defaultedOnCreate: true,
      length: 3,
    });
  });

  it('types roll-up summaries from the summarized field and keeps them read-only', () => {
    expect(fieldOf(schema.fields.Product2, 'Service_Count__c')).toMatchObject({
      type: 'double',
      scale: 0,
      calculated: true,
      calculatedFormula: null,
      createable: false,
      updateable: false,
    });
    expect(fieldOf(schema.fields.Product2, 'Service_Total__c')).toMatchObject({
      type: 'currency',
      precision: 16,
      scale: 2,
      calculated: true,
    });
  });
});

describe('validation rules', () => {
  it('loads rules per object', () => {
    expect(schema.validationRules.Product_Service__c).toEqual([
      {
        fullName: 'Quantity_Positive',
        active: true,
        errorConditionFormula: 'NOT(ISBLANK(Quantity__c)) && Quantity__c <= 0',
        errorMessage: 'Quantity must be greater than zero.',
        errorDisplayField: 'Quantity__c',
      },
    ]);
    expect(schema.validationRules.Account.map((r) => r.fullName)).toEqual(['Billing_Number_Format']);
  });
});

describe('use by the org', () => {
  it('merges into the org schema with child relationships on the parents', () => {
    const org = new Org(schema);
    const product = org.schema.get('Product2')!;
    expect(product.childRelationship('Product_Services__r')).toMatchObject({
      childSObject: 'Product_Service__c',
      field: 'Product__c',
      cascadeDelete: true,
    });
    expect(org.schema.get('Account')!.field('Billing_Account_Number__c')?.externalId).toBe(true);
    expect(org.schema.forId(`${object('Usage_Record__c').keyPrefix}0LO000000001`)?.name).toBe('Usage_Record__c');
  });
});

describe('the repository metadata (salesforce/force-app)', () => {
  it('adds Account.Billing_Account_Number__c as a unique 40-character external id', () => {
    const repo = loadSfdxSchema(REPO_METADATA);
    expect(repo.objects.map((o) => o.name)).toEqual(['Opportunity_Product_Service__c', 'Product_Service__c']);
    const f = fieldOf(repo.fields.Account, 'Billing_Account_Number__c');
    expect(f).toMatchObject({
      type: 'string',
      length: 40,
      label: 'Billing Account Number',
      externalId: true,
      unique: true,
      caseSensitive: false,
      custom: true,
    });
  });
});

describe('errors', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
  const fieldXml = (body: string) => `${XML}<CustomField ${NS}>${body}</CustomField>`;
  const ruleXml = (formula: string) =>
    `${XML}<ValidationRule ${NS}><active>true</active><errorConditionFormula>${formula}</errorConditionFormula><errorMessage>No</errorMessage></ValidationRule>`;
  const objectXml = `${XML}<CustomObject ${NS}><label>Thing</label><nameField><label>Thing Name</label><type>Text</type></nameField><pluralLabel>Things</pluralLabel><sharingModel>ReadWrite</sharingModel></CustomObject>`;
  const base = 'force-app/main/default/objects';

  function project(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'sfdx-loader-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('fails on a bad formula, naming the file and the problem', () => {
    const attempt = () => loadSfdxSchema(fixture('sfdx-bad-formula'));
    expect(attempt).toThrow(MetadataError);
    expect(attempt).toThrow(
      /Account\/fields\/Broken__c\.field-meta\.xml: <formula>: Syntax error: unexpected end of formula/,
    );
  });

  it.each([
    [
      'an unknown function in a validation rule',
      { [`${base}/Account/validationRules/Bad.validationRule-meta.xml`]: ruleXml('ISBLANKK(Name)') },
      /Bad\.validationRule-meta\.xml: <errorConditionFormula>: Unknown function ISBLANKK/,
    ],
    [
      'a formula naming a field that does not exist',
      { [`${base}/Account/fields/F__c.field-meta.xml`]: fieldXml('<formula>Nope__c * 2</formula><type>Number</type>') },
      /F__c\.field-meta\.xml: <formula>: field Nope__c does not exist on Account/,
    ],
    [
      'a formula following an unknown relationship',
      { [`${base}/Contact/fields/F__c.field-meta.xml`]: fieldXml('<formula>Acount.Name</formula><type>Text</type>') },
      /Contact has no relationship Acount/,
    ],
    [
      'ISCHANGED in a formula field',
      {
        [`${base}/Account/fields/F__c.field-meta.xml`]: fieldXml(
          '<formula>ISCHANGED(Name)</formula><type>Checkbox</type>',
        ),
      },
      /ISCHANGED cannot be used in a formula field/,
    ],
    [
      'formula fields that refer to each other',
      {
        [`${base}/Account/fields/A__c.field-meta.xml`]: fieldXml('<formula>B__c + 1</formula><type>Number</type>'),
        [`${base}/Account/fields/B__c.field-meta.xml`]: fieldXml('<formula>A__c + 1</formula><type>Number</type>'),
      },
      /circular formula reference: a__c → b__c → a__c/,
    ],
    [
      'an unsupported field type',
      { [`${base}/Account/fields/Where__c.field-meta.xml`]: fieldXml('<type>Location</type>') },
      /Where__c\.field-meta\.xml: field type Location is not supported/,
    ],
    [
      'malformed XML',
      { [`${base}/Account/fields/X__c.field-meta.xml`]: `${XML}<CustomField ${NS}><type>Text</type>` },
      /X__c\.field-meta\.xml: malformed XML/,
    ],
    [
      'a custom object without its object file',
      { [`${base}/Thing__c/fields/Size__c.field-meta.xml`]: fieldXml('<type>Number</type>') },
      /custom object Thing__c has no Thing__c\.object-meta\.xml/,
    ],
    [
      'a lookup without a relationship name',
      {
        [`${base}/Contact/fields/Boss__c.field-meta.xml`]: fieldXml(
          '<referenceTo>Contact</referenceTo><type>Lookup</type>',
        ),
      },
      /Boss__c\.field-meta\.xml: Lookup field needs <relationshipName>/,
    ],
    [
      'a lookup to OpportunityLineItem, which Salesforce does not allow',
      {
        [`${base}/Opportunity/fields/Line__c.field-meta.xml`]: fieldXml(
          '<referenceTo>OpportunityLineItem</referenceTo><relationshipName>Services</relationshipName><type>Lookup</type>',
        ),
      },
      /Line__c\.field-meta\.xml: <referenceTo> OpportunityLineItem: a Lookup field cannot point at OpportunityLineItem/,
    ],
    [
      'a master-detail under OpportunityLineItem',
      {
        [`${base}/Thing__c/Thing__c.object-meta.xml`]: objectXml,
        [`${base}/Thing__c/fields/Line__c.field-meta.xml`]: fieldXml(
          '<referenceTo>OpportunityLineItem</referenceTo><relationshipName>Things</relationshipName><type>MasterDetail</type>',
        ),
      },
      /a MasterDetail field cannot point at OpportunityLineItem/,
    ],
    [
      'a master-detail under User',
      {
        [`${base}/Thing__c/Thing__c.object-meta.xml`]: objectXml,
        [`${base}/Thing__c/fields/Owner__c.field-meta.xml`]: fieldXml(
          '<referenceTo>User</referenceTo><relationshipName>Things</relationshipName><type>MasterDetail</type>',
        ),
      },
      /User cannot be the master of a MasterDetail field/,
    ],
    [
      'a lookup to an object that does not exist',
      {
        [`${base}/Contact/fields/Boss__c.field-meta.xml`]: fieldXml(
          '<referenceTo>Bosses__c</referenceTo><relationshipName>Reports</relationshipName><type>Lookup</type>',
        ),
      },
      /Boss__c\.field-meta\.xml: <referenceTo> Bosses__c: no such object/,
    ],
    [
      'a roll-up over a key that does not point at the parent',
      {
        [`${base}/Thing__c/Thing__c.object-meta.xml`]: objectXml,
        [`${base}/Account/fields/Things__c.field-meta.xml`]: fieldXml(
          '<summaryForeignKey>Thing__c.Missing__c</summaryForeignKey><summaryOperation>count</summaryOperation><type>Summary</type>',
        ),
      },
      /Things__c\.field-meta\.xml: <summaryForeignKey> Thing__c\.Missing__c is not a relationship to Account/,
    ],
    [
      'a picklist using a global value set that is not in the package',
      {
        [`${base}/Account/fields/Tier__c.field-meta.xml`]: fieldXml(
          '<type>Picklist</type><valueSet><valueSetName>Tiers</valueSetName></valueSet>',
        ),
      },
      /Tier__c\.field-meta\.xml: global value set Tiers not found/,
    ],
    [
      'a file whose fullName disagrees with its name',
      { [`${base}/Account/fields/A__c.field-meta.xml`]: fieldXml('<fullName>B__c</fullName><type>Checkbox</type>') },
      /<fullName> B__c does not match the file name A__c/,
    ],
  ])('fails on %s', (_what, files, message) => {
    const attempt = () => loadSfdxSchema(project(files));
    expect(attempt).toThrow(MetadataError);
    expect(attempt).toThrow(message);
  });

  it('fails on a missing directory', () => {
    expect(() => loadSfdxSchema(join(tmpdir(), 'no-such-sfdx-dir'))).toThrow(/SFDX package directory not found/);
  });

  it('merges several package directories and refuses a field defined in two of them', () => {
    const a = project({ [`${base}/Account/fields/A__c.field-meta.xml`]: fieldXml('<type>Checkbox</type>') });
    const b = project({ [`${base}/Account/fields/B__c.field-meta.xml`]: fieldXml('<type>Date</type>') });
    expect(loadSfdxSchema([a, b]).fields.Account.map((f) => f.name)).toEqual(['A__c', 'B__c']);
    expect(() => loadSfdxSchema([a, a])).toThrow(/field Account\.A__c is defined more than once/);
  });
});

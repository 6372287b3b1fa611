import { notFound } from '../errors.ts';
import type { Reply, RequestContext } from '../http/types.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
  address: 'urn:address',
  base64: 'xsd:base64Binary',
  anyType: 'xsd:anyType',
};

function urls(version: string, obj: ObjectSchema) {
  const base = `/services/data/v${version}/sobjects/${obj.name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    describe: `${base}/describe`,
    sobject: base,
  };
}

/** The describeGlobal entry of an object; describe repeats it at the top level. */
function objectSummary(version: string, obj: ObjectSchema) {
  const d = obj.def;
  return {
    activateable: false,
    createable: d.createable,
    custom: d.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: d.deletable,
    deprecatedAndHidden: false,
    feedEnabled: !d.custom,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: d.keyPrefix,
    label: d.label,
    labelPlural: d.labelPlural,
    layoutable: true,
    mergeable: d.name === 'Account' || d.name === 'Contact',
    mruEnabled: true,
    name: d.name,
    queryable: d.queryable,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: d.deletable,
    updateable: d.updateable,
    urls: urls(version, obj),
  };
}

export function describeField(f: FieldDef) {
  const isText = [
    'string',
    'textarea',
    'email',
    'phone',
    'url',
    'picklist',
    'multipicklist',
    'combobox',
    'id',
    'reference',
  ].includes(f.type);
  return {
    aggregatable: f.type !== 'textarea' && f.type !== 'address',
    aiPredictionField: false,
    autoNumber: f.defaultedOnCreate && !f.createable && f.name === 'Name' && typeof f.defaultValue === 'string',
    byteLength: isText ? f.length * 3 : 0,
    calculated: f.calculated,
    calculatedFormula: f.calculatedFormula,
    cascadeDelete: f.cascadeDelete,
    caseSensitive: f.caseSensitive,
    compoundFieldName: f.compoundFieldName,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.type === 'boolean' ? (f.defaultValue ?? false) : null,
    defaultValueFormula: f.type !== 'boolean' && f.defaultValue !== null ? String(f.defaultValue) : null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.type === 'int' ? f.precision : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: f.type === 'textarea' && f.length > 255 ? 'plaintextarea' : null,
    filterable: f.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: f.groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.idLookup || f.externalId,
    inlineHelpText: null,
    label: f.label,
    length: isText ? f.length : 0,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: false,
    nillable: f.nillable,
    permissionable: f.custom && f.nillable,
    picklistValues: f.picklistValues.map((p) => ({ ...p, validFor: null })),
    polymorphicForeignKey: false,
    precision: f.type === 'int' ? 0 : f.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: f.restrictedDelete,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    searchPrefilterable: f.type === 'reference',
    soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: false,
  };
}

function objectFor(ctx: RequestContext): ObjectSchema {
  const obj = ctx.app.org.schema.get(ctx.params.type);
  if (!obj) throw notFound();
  return obj;
}

export function describeGlobal(ctx: RequestContext): Reply {
  return {
    status: 200,
    json: {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: ctx.app.org.schema.objects.map((o) => objectSummary(ctx.version, o)),
    },
  };
}

export function describeSObject(ctx: RequestContext): Reply {
  const obj = objectFor(ctx);
  return {
    status: 200,
    json: {
      ...objectSummary(ctx.version, obj),
      actionOverrides: [],
      childRelationships: obj.childRelationships.map((r) => ({
        cascadeDelete: r.cascadeDelete,
        childSObject: r.childSObject,
        deprecatedAndHidden: false,
        field: r.field,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: r.relationshipName,
        restrictedDelete: r.restrictedDelete,
      })),
      compactLayoutable: true,
      fields: obj.fields.map(describeField),
      listviewable: null,
      lookupLayoutable: null,
      namedLayoutInfos: [],
      networkScopeFieldName: null,
      recordTypeInfos: [
        {
          active: true,
          available: true,
          defaultRecordTypeMapping: true,
          developerName: 'Master',
          master: true,
          name: 'Master',
          recordTypeId: '012000000000000AAA',
          urls: { layout: `/services/data/v${ctx.version}/sobjects/${obj.name}/describe/layouts/012000000000000AAA` },
        },
      ],
      searchLayoutable: true,
      supportedScopes: [{ label: 'All records', name: 'everything' }],
    },
  };
}

/** `GET /sobjects/{Type}`: basic info plus recently viewed items (none are tracked here). */
export function sobjectBasicInfo(ctx: RequestContext): Reply {
  const obj = objectFor(ctx);
  return { status: 200, json: { objectDescribe: objectSummary(ctx.version, obj), recentItems: [] } };
}

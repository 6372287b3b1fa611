import { foldCase } from '../case-fold.ts';
import { noSuchColumn, notFound, SfError } from '../errors.ts';
import { compileFormula } from '../formula/formula.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../org.ts';
import { rulesFor } from '../rules/index.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { FieldDef } from '../schema/types.ts';
import type { SfRecord, Transaction } from '../store/record-store.ts';
import { coerceValue } from './coerce.ts';
import { formulaScope } from './read.ts';
import { stampModified, stampOf, type WriteContext } from './write-context.ts';

export type { WriteContext } from './write-context.ts';

export function writeContext(org: Org, tx: Transaction, source: 'json' | 'csv' = 'json'): WriteContext {
  // Salesforce stores audit datetimes to the second (`….000+0000`).
  const now = org.clock.now();
  return { org, tx, userId: org.integrationUserId, now: now - (now % 1000), source, insert: insertRecord };
}

export function objectOrThrow(org: Org, name: string): ObjectSchema {
  const obj = org.schema.get(name);
  if (!obj) throw notFound();
  return obj;
}

const IGNORED_KEYS = new Set(['attributes']);

/**
 * Resolves the body of a write to canonical fields and stored values. Keys are case-insensitive,
 * as in Salesforce. A key naming a parent relationship with an object value
 * (`"Account": {"Billing_Account_Number__c": "A-1"}`) sets the lookup by the parent's external id.
 */
function resolveInput(
  ctx: WriteContext,
  obj: ObjectSchema,
  input: Record<string, unknown>,
  mode: 'insert' | 'update',
): Map<FieldDef, unknown> {
  const out = new Map<FieldDef, unknown>();
  for (const [key, raw] of Object.entries(input)) {
    if (IGNORED_KEYS.has(key)) continue;
    const f = obj.field(key);
    if (!f) {
      const lookup = obj.relationship(key);
      if (lookup && raw !== null && typeof raw === 'object') {
        out.set(lookup, lookupByExternalId(ctx, lookup, raw as Record<string, unknown>));
        continue;
      }
      throw noSuchColumn(key, obj.name);
    }
    if (f.type === 'id') continue; // the id travels in the URL or the collection record
    const allowed = mode === 'insert' ? f.createable : f.updateable;
    if (!allowed) {
      throw new SfError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${f.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        400,
        [f.name],
      );
    }
    out.set(f, coerceValue(f, raw, ctx.source));
  }
  return out;
}

function lookupByExternalId(ctx: WriteContext, lookup: FieldDef, ref: Record<string, unknown>): string {
  const parentObj = ctx.org.schema.get(lookup.referenceTo[0]);
  const entries = Object.entries(ref).filter(([k]) => k !== 'attributes');
  const [keyName, value] = entries[0] ?? [];
  const keyField = keyName ? parentObj?.field(keyName) : undefined;
  if (!parentObj || !keyField || entries.length !== 1 || !(keyField.externalId || keyField.idLookup)) {
    throw new SfError(
      'INVALID_FIELD',
      `Foreign key external ID field must be an indexed external ID field: ${keyName ?? '(none)'}`,
      400,
      [lookup.name],
    );
  }
  const id =
    keyField.type === 'id'
      ? normalizeId(String(value))
      : ctx.org.store.findUnique(parentObj.name, keyField.name, value);
  if (!id || !ctx.org.store.get(parentObj.name, id)) {
    throw new SfError(
      'INVALID_FIELD',
      `Foreign key external ID: ${String(value)} not found for field ${keyField.name} in entity ${parentObj.name}`,
      400,
      [lookup.name],
    );
  }
  return id;
}

/** The stored row a new record starts from: every field present, defaults applied. */
function newRow(ctx: WriteContext, obj: ObjectSchema): SfRecord {
  const { create, autoNumbers, audit, owner, currency } = rowTemplate(obj);
  const row = create();
  row.Id = ctx.org.nextId(obj.keyPrefix);
  for (const f of autoNumbers) row[f.name] = nextAutoNumber(ctx, obj, f);
  if (audit) {
    const stamp = stampOf(ctx.now);
    row.IsDeleted = false;
    row.CreatedDate = stamp;
    row.CreatedById = ctx.userId;
    row.LastModifiedDate = stamp;
    row.LastModifiedById = ctx.userId;
    row.SystemModstamp = stamp;
  }
  if (owner) row.OwnerId = ctx.userId;
  if (currency) row.CurrencyIsoCode = defaultCurrency(ctx);
  return row;
}

/** New records take the running user's default currency, else the corporate currency. */
function defaultCurrency(ctx: WriteContext): string {
  const user = ctx.org.store.get('User', ctx.userId);
  const preferred = user?.DefaultCurrencyIsoCode;
  return typeof preferred === 'string' && ctx.org.settings.currencies.includes(preferred)
    ? preferred
    : ctx.org.settings.currencies[0];
}

interface RowTemplate {
  create: () => SfRecord;
  autoNumbers: FieldDef[];
  audit: boolean;
  owner: boolean;
  currency: boolean;
}

const templates = new WeakMap<ObjectSchema, RowTemplate>();

/** The stored fields of a new row with their initial values, worked out once per object schema. */
function rowTemplate(obj: ObjectSchema): RowTemplate {
  let cached = templates.get(obj);
  if (!cached) {
    const template: Record<string, unknown> = { Id: null };
    const autoNumbers: FieldDef[] = [];
    for (const f of obj.fields) {
      if (f.type === 'id' || f.calculated || f.type === 'address' || f.summary) continue;
      if (isAutoNumber(f)) autoNumbers.push(f);
      template[f.name] = initialValue(f);
    }
    cached = {
      create: rowFactory(template),
      autoNumbers,
      audit: obj.field('SystemModstamp') !== undefined,
      owner: obj.field('OwnerId') !== undefined,
      currency: obj.field('CurrencyIsoCode') !== undefined,
    };
    templates.set(obj, cached);
  }
  return cached;
}

/**
 * A constructor that assigns every field in a fixed order: rows of one object then share one hidden
 * class with in-object fields, which is several times faster to create than copying a template and
 * smaller in memory (measured with a million stored Accounts in `npm run bench`).
 */
function rowFactory(template: Record<string, unknown>): () => SfRecord {
  const body = Object.keys(template)
    .map((k, i) => `this[${JSON.stringify(k)}] = values[${i}];`)
    .join('\n');
  const Row = new Function('values', `return function Row() {\n${body}\n}`)(
    Object.values(template),
  ) as new () => SfRecord;
  return () => new Row();
}

function initialValue(f: FieldDef): unknown {
  if (f.type === 'boolean') return f.defaultValue ?? false;
  if (f.defaultValue !== null) return f.defaultValue;
  if (f.type === 'picklist' || f.type === 'multipicklist') {
    return f.picklistValues.find((p) => p.defaultValue && p.active)?.value ?? null;
  }
  return null;
}

/** An Auto Number field: read-only text numbered by the platform from a display format like `PS-{0000}`. */
function isAutoNumber(f: FieldDef): boolean {
  return !f.createable && !f.calculated && typeof f.defaultValue === 'string' && /\{0+\}/.test(f.defaultValue);
}

function nextAutoNumber(ctx: WriteContext, obj: ObjectSchema, f: FieldDef): string {
  const format = String(f.defaultValue);
  const n = ctx.org.nextAutoNumber(`${obj.name}.${f.name}`, () => highestAutoNumber(ctx, obj, f, format));
  return format.replace(/\{(0+)\}/, (_, zeros: string) => String(n).padStart(zeros.length, '0'));
}

function highestAutoNumber(ctx: WriteContext, obj: ObjectSchema, f: FieldDef, format: string): number {
  const [prefix, suffix] = format.split(/\{0+\}/);
  let max = 0;
  for (const row of ctx.org.store.scan(obj.name, true)) {
    const v = row[f.name];
    if (typeof v !== 'string' || !v.startsWith(prefix) || !v.endsWith(suffix)) continue;
    const n = Number(v.slice(prefix.length, v.length - suffix.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max;
}

/**
 * Platform defaults that depend on the rest of the record: a custom object's text Name falls back to
 * the record id, and a master-detail child takes its master's currency.
 */
function applyRecordDefaults(ctx: WriteContext, obj: ObjectSchema, row: SfRecord): void {
  if (obj.def.custom && obj.nameField?.createable && (row[obj.nameField.name] ?? null) === null) {
    row[obj.nameField.name] = row.Id;
  }
  if (!obj.field('CurrencyIsoCode')) return;
  const master = obj.referenceFields.find((f) => f.cascadeDelete && !f.nillable && f.custom);
  const masterId = master ? row[master.name] : null;
  if (!master || typeof masterId !== 'string') return;
  const parent = ctx.org.store.get(master.referenceTo[0], masterId);
  if (typeof parent?.CurrencyIsoCode === 'string') row.CurrencyIsoCode = parent.CurrencyIsoCode;
}

export function insertRecord(ctx: WriteContext, objectName: string, input: Record<string, unknown>): string {
  const obj = objectOrThrow(ctx.org, objectName);
  if (!obj.def.createable) throw new SfError('INVALID_TYPE', `entity type ${obj.name} does not support insert`);
  const values = resolveInput(ctx, obj, input, 'insert');
  const row = newRow(ctx, obj);
  for (const [f, v] of values) row[f.name] = v;
  applyRecordDefaults(ctx, obj, row);
  const rules = rulesFor(obj.name);
  rules.beforeInsert?.(ctx, obj, row, requestedNames(values));
  checkReferences(ctx, row, values);
  checkRequired(obj, row, 'insert');
  runValidationRules(ctx, obj, row);
  checkUnique(ctx, obj, row);
  ctx.tx.put(obj.name, row);
  rules.afterInsert?.(ctx, obj, row);
  return row.Id;
}

export function updateRecord(ctx: WriteContext, objectName: string, id: string, input: Record<string, unknown>): void {
  const obj = objectOrThrow(ctx.org, objectName);
  const old = liveRowOrThrow(ctx, obj, id);
  const values = resolveInput(ctx, obj, input, 'update');
  const row: SfRecord = { ...old };
  for (const [f, v] of values) row[f.name] = v;
  const rules = rulesFor(obj.name);
  rules.beforeUpdate?.(ctx, obj, row, old, requestedNames(values));
  checkReferences(ctx, row, values);
  checkRequired(obj, row, 'update', values);
  runValidationRules(ctx, obj, row, old);
  checkUnique(ctx, obj, row);
  stampModified(ctx, row);
  ctx.tx.put(obj.name, row);
  rules.afterUpdate?.(ctx, obj, row, old);
}

/** Upsert by an external id field (or `Id`). Returns whether a record was created. */
export function upsertRecord(
  ctx: WriteContext,
  objectName: string,
  externalField: string,
  externalValue: unknown,
  input: Record<string, unknown>,
): { id: string; created: boolean } {
  const obj = objectOrThrow(ctx.org, objectName);
  const f = obj.field(externalField);
  if (!f || !(f.externalId || f.idLookup)) {
    throw new SfError(
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${externalField}`,
      404,
    );
  }
  const matches = findByExternalId(ctx, obj, f, externalValue);
  if (matches.length > 1) {
    throw new SfError(
      'MULTIPLE_CHOICES',
      `More than one record found for external id field ${f.name} with value ${String(externalValue)}`,
      300,
    );
  }
  if (
    matches.length === 0 &&
    f.type === 'id' &&
    externalValue !== null &&
    externalValue !== undefined &&
    externalValue !== ''
  ) {
    // An upsert by Id only creates when no Id is given; an Id that matches nothing is an error.
    throw new SfError(
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${String(externalValue)}`,
      404,
    );
  }
  if (matches.length === 1) {
    const rest = withoutKey(input, f.name);
    updateRecord(ctx, obj.name, matches[0], rest);
    return { id: matches[0], created: false };
  }
  const body = f.type === 'id' ? withoutKey(input, f.name) : { ...withoutKey(input, f.name), [f.name]: externalValue };
  return { id: insertRecord(ctx, obj.name, body), created: true };
}

function findByExternalId(ctx: WriteContext, obj: ObjectSchema, f: FieldDef, value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (f.type === 'id') {
    const id = normalizeId(String(value));
    return id && ctx.org.store.get(obj.name, id) ? [id] : [];
  }
  if (ctx.org.store.hasUniqueIndex(obj.name, f.name) && f.unique) {
    const id = ctx.org.store.findUnique(obj.name, f.name, value);
    return id ? [id] : [];
  }
  // A non-unique external id can match several rows: Salesforce answers 300 Multiple Choices.
  const key = foldCase(String(value));
  const ids: string[] = [];
  for (const row of ctx.org.store.scan(obj.name)) {
    const v = row[f.name];
    if (v !== null && v !== undefined && foldCase(String(v)) === key) ids.push(row.Id);
  }
  return ids;
}

export function deleteRecord(ctx: WriteContext, id: string, expectedObject?: string): void {
  const obj = ctx.org.schema.forId(id);
  if (!obj || (expectedObject && obj.name.toLowerCase() !== expectedObject.toLowerCase())) throw notFound();
  if (!obj.def.deletable) throw new SfError('INVALID_TYPE', `entity type ${obj.name} does not support delete`);
  const row = liveRowOrThrow(ctx, obj, id);
  const rules = rulesFor(obj.name);
  rules.beforeDelete?.(ctx, obj, row);
  for (const rel of obj.childRelationships) {
    const childIds = [...ctx.org.store.childIds(rel.childSObject, rel.field, id)];
    if (childIds.length === 0) continue;
    if (rel.restrictedDelete) {
      throw new SfError(
        'DELETE_FAILED',
        `Your attempt to delete ${String(row.Name ?? id)} could not be completed because it is associated with the following ${rel.childSObject} records: ${childIds.length}`,
      );
    }
    for (const childId of childIds) {
      if (rel.cascadeDelete) deleteRecord(ctx, childId);
      else if (!(rel.childSObject === obj.name && rel.field === 'Id'))
        clearLookup(ctx, rel.childSObject, childId, rel.field);
    }
  }
  const binned: SfRecord = { ...row, IsDeleted: true };
  stampModified(ctx, binned);
  ctx.tx.put(obj.name, binned, 'bin');
  rules.afterDelete?.(ctx, obj, binned);
}

/** A deleted parent leaves its lookup children pointing at nothing: Salesforce clears the field. */
function clearLookup(ctx: WriteContext, object: string, id: string, field: string): void {
  const row = ctx.org.store.get(object, id);
  if (!row) return;
  const next: SfRecord = { ...row, [field]: null };
  stampModified(ctx, next);
  ctx.tx.put(object, next);
}

export function liveRowOrThrow(ctx: WriteContext, obj: ObjectSchema, id: string): SfRecord {
  const canonical = normalizeId(id);
  const slot = canonical ? ctx.org.store.getSlot(obj.name, canonical) : undefined;
  if (slot?.location === 'bin') throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', 404);
  if (!slot) throw notFound();
  return slot.row;
}

function requestedNames(values: Map<FieldDef, unknown>): ReadonlySet<string> {
  return new Set([...values.keys()].map((f) => f.name));
}

function withoutKey(input: Record<string, unknown>, field: string): Record<string, unknown> {
  const lower = field.toLowerCase();
  return Object.fromEntries(Object.entries(input).filter(([k]) => k.toLowerCase() !== lower));
}

function checkReferences(ctx: WriteContext, row: SfRecord, values: Map<FieldDef, unknown>): void {
  for (const f of values.keys()) {
    if (f.type !== 'reference') continue;
    const id = row[f.name];
    if (typeof id !== 'string') continue;
    const target = ctx.org.schema.forId(id);
    if (!target || !f.referenceTo.includes(target.name)) {
      throw new SfError('FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${id}`, 400, [f.name]);
    }
    const slot = ctx.org.store.getSlot(target.name, id);
    if (slot?.location === 'bin') throw new SfError('ENTITY_IS_DELETED', 'entity is deleted', 400, [f.name]);
    if (!slot) throw new SfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', 400, [f.name]);
  }
}

function checkRequired(
  obj: ObjectSchema,
  row: SfRecord,
  mode: 'insert' | 'update',
  set?: Map<FieldDef, unknown>,
): void {
  const missing: string[] = [];
  for (const f of obj.fields) {
    if (f.nillable || f.type === 'id' || f.type === 'boolean' || f.calculated || f.type === 'address') continue;
    if (mode === 'insert' && (!f.createable || f.defaultedOnCreate)) continue;
    if (mode === 'update' && !set?.has(f)) continue;
    const v = row[f.name];
    if (v === null || v === undefined || v === '') missing.push(f.name);
  }
  if (missing.length > 0) {
    throw new SfError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, 400, missing);
  }
}

/** Declarative validation rules: the save fails when a rule's error condition is true. */
function runValidationRules(ctx: WriteContext, obj: ObjectSchema, row: SfRecord, old?: SfRecord): void {
  for (const rule of obj.def.validationRules) {
    if (!rule.active) continue;
    const failed = compileFormula(rule.errorConditionFormula, 'boolean')(formulaScope(ctx.org, obj, row, old));
    if (failed === true) {
      const field = rule.errorDisplayField ? obj.field(rule.errorDisplayField)?.name : undefined;
      throw new SfError('FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.errorMessage, 400, field ? [field] : []);
    }
  }
}

function checkUnique(ctx: WriteContext, obj: ObjectSchema, row: SfRecord): void {
  for (const f of obj.uniqueFields) {
    const v = row[f.name];
    if (v === null || v === undefined || v === '') continue;
    const holder = ctx.org.store.findUnique(obj.name, f.name, v);
    if (holder && holder !== row.Id) {
      throw new SfError(
        'DUPLICATE_VALUE',
        `duplicate value found: ${f.name} duplicates value on record with id: ${holder}`,
        400,
        [f.name],
      );
    }
  }
}

/**
 * Loads custom objects, custom fields and validation rules from SFDX source-format metadata (the
 * files an admin deploys with `sf project deploy start`), so the local org runs the same schema.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CustomSchema } from '../org.ts';
import { customField, type LoadedField, picklistValue } from './sfdx/fields.ts';
import { assignKeyPrefixes, byLowerCase, customObject, type ObjectHeader, readObjectHeader } from './sfdx/objects.ts';
import { checkFormulas, checkRelationshipTargets, type ObjectLookup, resolveSummaries } from './sfdx/validate.ts';
import { MetadataError, Reader, readMetadata } from './sfdx/xml.ts';
import { STANDARD_OBJECTS } from './standard/objects.ts';
import type { FieldDef, PicklistValue, ValidationRuleDef } from './types.ts';

export { MetadataError } from './sfdx/xml.ts';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.sfdx', '.sf']);

/** Everything found for one object across the package directories. */
interface ObjectSource {
  name: string;
  dirs: string[];
  header?: ObjectHeader;
  fields: LoadedField[];
  rules: Array<{ def: ValidationRuleDef; file: string }>;
}

export function loadSfdxSchema(dir: string | string[]): CustomSchema {
  const roots = (Array.isArray(dir) ? dir : [dir]).map((d) => resolve(d));
  const objects = new Map<string, ObjectSource>();
  const valueSets = new Map<string, string>();
  for (const root of roots) {
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new Error(`SFDX package directory not found: ${root}`);
    }
    walk(root, objects, valueSets);
  }

  const sources = [...objects.values()].filter((o) => isLoadable(o.name)).sort((a, b) => byLowerCase(a.name, b.name));
  for (const source of sources) readObject(source);
  fillGlobalValueSets(sources, valueSets);

  const standardNames = new Set(STANDARD_OBJECTS.map((o) => o.name.toLowerCase()));
  const custom = sources.filter((o) => /__c$/i.test(o.name) && !standardNames.has(o.name.toLowerCase()));
  const prefixes = assignKeyPrefixes(
    custom.map((o) => o.name),
    STANDARD_OBJECTS.map((o) => o.keyPrefix),
  );
  const schema: CustomSchema = { objects: [], fields: {}, validationRules: {} };
  for (const source of sources) {
    const defs = source.fields.map((f) => f.def);
    if (custom.includes(source)) {
      if (!source.header) {
        throw new MetadataError(source.dirs[0], `custom object ${source.name} has no ${source.name}.object-meta.xml`);
      }
      schema.objects.push(customObject(source.name, prefixes.get(source.name)!, source.header, defs));
    } else if (defs.length > 0) {
      schema.fields[source.name] = defs;
    }
    if (source.rules.length > 0) schema.validationRules[source.name] = source.rules.map((r) => r.def);
  }

  const lookup = objectLookup(schema);
  const loaded = sources.flatMap((s) => s.fields.map((f) => ({ object: s.name, field: f })));
  checkRelationshipTargets(loaded, lookup);
  resolveSummaries(loaded, lookup);
  checkFormulas(sources, lookup);
  return schema;
}

/** Finds every `objects/<Name>/` and `globalValueSets/` folder, at any depth. */
function walk(dir: string, objects: Map<string, ObjectSource>, valueSets: Map<string, string>): void {
  for (const entry of sortedEntries(dir)) {
    if (!entry.isDirectory() || SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'objects') {
      for (const obj of sortedEntries(path).filter((e) => e.isDirectory())) {
        const key = obj.name.toLowerCase();
        const source = objects.get(key) ?? { name: obj.name, dirs: [], fields: [], rules: [] };
        source.dirs.push(join(path, obj.name));
        objects.set(key, source);
      }
    } else if (entry.name === 'globalValueSets') {
      for (const file of sortedEntries(path)) {
        const m = /^(.+)\.globalValueSet-meta\.xml$/.exec(file.name);
        if (m) valueSets.set(m[1].toLowerCase(), join(path, file.name));
      }
    } else {
      walk(path, objects, valueSets);
    }
  }
}

function sortedEntries(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Standard objects and custom objects (`__c`). Custom metadata types, platform events, external
 * and big objects (`__mdt`, `__e`, `__x`, `__b`) are not records the local org stores.
 */
function isLoadable(name: string): boolean {
  return !name.includes('__') || /__c$/i.test(name);
}

function readObject(source: ObjectSource): void {
  const isCustom = /__c$/i.test(source.name);
  for (const dir of source.dirs) {
    const metaFile = join(dir, `${source.name}.object-meta.xml`);
    if (isCustom && existsSync(metaFile)) {
      source.header = readObjectHeader(new Reader(readMetadata(metaFile, 'CustomObject'), metaFile));
    }
    for (const file of metaFiles(join(dir, 'fields'), '.field-meta.xml')) {
      const name = basename(file, '.field-meta.xml');
      // Files for standard fields only restyle them (help text, history); their shape is built in.
      if (!/__c$/i.test(name)) continue;
      const x = new Reader(readMetadata(file, 'CustomField'), file);
      checkFullName(x, name);
      if (source.fields.some((f) => f.def.name.toLowerCase() === name.toLowerCase())) {
        throw new MetadataError(file, `field ${source.name}.${name} is defined more than once`);
      }
      source.fields.push(customField(x, name));
    }
    for (const file of metaFiles(join(dir, 'validationRules'), '.validationRule-meta.xml')) {
      source.rules.push({ def: validationRule(file), file });
    }
  }
  source.fields.sort((a, b) => byLowerCase(a.def.name, b.def.name));
}

function metaFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return sortedEntries(dir)
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(dir, e.name));
}

function checkFullName(x: Reader, name: string): void {
  const fullName = x.text('fullName');
  if (fullName && fullName.toLowerCase() !== name.toLowerCase()) {
    throw new MetadataError(x.file, `<fullName> ${fullName} does not match the file name ${name}`);
  }
}

function validationRule(file: string): ValidationRuleDef {
  const x = new Reader(readMetadata(file, 'ValidationRule'), file);
  const fullName = basename(file, '.validationRule-meta.xml');
  checkFullName(x, fullName);
  const errorConditionFormula = x.text('errorConditionFormula');
  if (!errorConditionFormula) throw new MetadataError(file, 'missing <errorConditionFormula>');
  const errorMessage = x.text('errorMessage');
  if (!errorMessage) throw new MetadataError(file, 'missing <errorMessage>');
  return {
    fullName,
    active: x.bool('active'),
    errorConditionFormula,
    errorMessage,
    errorDisplayField: x.text('errorDisplayField') || null,
  };
}

function fillGlobalValueSets(sources: ObjectSource[], files: Map<string, string>): void {
  const cache = new Map<string, PicklistValue[]>();
  for (const f of sources.flatMap((s) => s.fields)) {
    if (!f.valueSetName) continue;
    const key = f.valueSetName.toLowerCase();
    let values = cache.get(key);
    if (!values) {
      const file = files.get(key);
      if (!file) throw new MetadataError(f.file, `global value set ${f.valueSetName} not found in the package`);
      values = new Reader(readMetadata(file, 'GlobalValueSet'), file).list('customValue').map(picklistValue);
      cache.set(key, values);
    }
    f.def = { ...f.def, picklistValues: values, defaultedOnCreate: values.some((v) => v.defaultValue) };
  }
}

/** Field lists by object name: standard objects with their new custom fields, and custom objects. */
function objectLookup(schema: CustomSchema): ObjectLookup {
  const byName = new Map<string, { name: string; fields: FieldDef[] }>();
  for (const def of STANDARD_OBJECTS) {
    const extra = Object.entries(schema.fields).find(([n]) => n.toLowerCase() === def.name.toLowerCase())?.[1] ?? [];
    byName.set(def.name.toLowerCase(), { name: def.name, fields: [...def.fields, ...extra] });
  }
  for (const def of schema.objects) byName.set(def.name.toLowerCase(), { name: def.name, fields: def.fields });
  return (name) => byName.get(name.toLowerCase());
}

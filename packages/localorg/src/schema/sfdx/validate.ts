import { compileFormula, type FormulaScope, formulaFunctions, formulaReferences } from '../../formula/formula.ts';
import type { FieldDef, RollupSummary, ValidationRuleDef } from '../types.ts';
import type { LoadedField } from './fields.ts';
import { MetadataError } from './xml.ts';

export type ObjectLookup = (name: string) => { name: string; fields: FieldDef[] } | undefined;

interface Source {
  name: string;
  dirs: string[];
  fields: LoadedField[];
  rules: Array<{ def: ValidationRuleDef; file: string }>;
}

/** Functions that only make sense while a record is being saved, so formula fields may not use them. */
const SAVE_ONLY = ['ISCHANGED', 'PRIORVALUE', 'ISNEW'];

/**
 * Standard objects no custom relationship may point at: a real org offers no lookup (or master-detail)
 * to them in Setup and refuses such a field on deploy. OpportunityLineItem is the one integrations trip
 * over: a record pricing an opportunity product has to hang off the Opportunity and carry the line's id.
 */
const NOT_REFERENCEABLE = new Set([
  'opportunitylineitem',
  'pricebookentry',
  'accountcontactrelation',
  'currencytype',
  'organization',
  'profile',
]);
/** Standard objects that may be looked up but never be the master of a master-detail relationship. */
const NEVER_MASTER = new Set(['user']);

/** Every custom relationship points at an object the package or the org has, and one Salesforce allows. */
export function checkRelationshipTargets(
  loaded: Array<{ object: string; field: LoadedField }>,
  lookup: ObjectLookup,
): void {
  for (const { field } of loaded) {
    const def = field.def;
    if (def.type !== 'reference') continue;
    const kind = def.cascadeDelete && !def.nillable ? 'MasterDetail' : 'Lookup';
    for (const target of def.referenceTo) {
      const key = target.toLowerCase();
      if (!lookup(target)) throw new MetadataError(field.file, `<referenceTo> ${target}: no such object`);
      // [approx] Salesforce's deploy message for these is not documented word for word.
      if (NOT_REFERENCEABLE.has(key)) {
        throw new MetadataError(field.file, `<referenceTo> ${target}: a ${kind} field cannot point at ${target}`);
      }
      if (kind === 'MasterDetail' && NEVER_MASTER.has(key)) {
        throw new MetadataError(
          field.file,
          `<referenceTo> ${target}: ${target} cannot be the master of a MasterDetail field`,
        );
      }
    }
  }
}

/**
 * Gives each roll-up summary the type of the field it summarizes, after checking that the
 * foreign key is a lookup from the child to this object. Updates the FieldDef in place because
 * the object definitions already hold it.
 */
export function resolveSummaries(loaded: Array<{ object: string; field: LoadedField }>, lookup: ObjectLookup): void {
  for (const { object, field } of loaded) {
    const summary = field.summary;
    if (!summary) continue;
    const [childName, keyName] = summary.foreignKey.split('.');
    const child = lookup(childName ?? '');
    const key = child?.fields.find((f) => f.name.toLowerCase() === (keyName ?? '').toLowerCase());
    if (!child || !key?.referenceTo.some((t) => t.toLowerCase() === object.toLowerCase())) {
      throw new MetadataError(
        field.file,
        `<summaryForeignKey> ${summary.foreignKey} is not a relationship to ${object}`,
      );
    }
    field.def.summary = {
      operation: summary.operation as RollupSummary['operation'],
      childObject: child.name,
      foreignKey: key.name,
      field: null,
    };
    if (summary.operation === 'count' || !summary.summarizedField) continue;
    const [sumObject, sumField] = summary.summarizedField.split('.');
    const source = sumObject?.toLowerCase() === child.name.toLowerCase() ? child : undefined;
    const summarized = source?.fields.find((f) => f.name.toLowerCase() === (sumField ?? '').toLowerCase());
    if (!summarized)
      throw new MetadataError(field.file, `<summarizedField> ${summary.summarizedField} not found on ${child.name}`);
    const numeric = ['currency', 'double', 'percent', 'int'].includes(summarized.type);
    const temporal = summarized.type === 'date' || summarized.type === 'datetime';
    if (!numeric && !(temporal && summary.operation !== 'sum')) {
      throw new MetadataError(field.file, `cannot ${summary.operation} a ${summarized.type} field`);
    }
    field.def.summary.field = summarized.name;
    Object.assign(field.def, {
      type: summarized.type === 'int' ? 'double' : summarized.type,
      precision: summarized.precision,
      scale: summarized.scale,
    });
  }
}

/**
 * Compiles every formula (formula fields, validation rules, default values) and checks the fields
 * it names exist, so a bad file fails at load with its name rather than at the first save.
 */
export function checkFormulas(sources: Source[], lookup: ObjectLookup): void {
  for (const source of sources) {
    for (const f of source.fields) {
      const formula = f.def.calculatedFormula;
      if (formula) {
        attempt(f.file, 'formula', () => {
          compileFormula(formula, f.def.type, f.def.scale);
          const saveOnly = formulaFunctions(formula).filter((n) => SAVE_ONLY.includes(n));
          if (saveOnly.length > 0) throw new Error(`${saveOnly.join(', ')} cannot be used in a formula field`);
          checkReferences(formula, source.name, lookup);
        });
      }
      if (f.defaultFormula) {
        const text = f.defaultFormula;
        attempt(f.file, 'defaultValue', () => applyDefault(f.def, text, source.name, lookup));
      }
    }
    checkCycles(source, lookup);
    for (const { def: rule, file } of source.rules) {
      attempt(file, 'errorConditionFormula', () => {
        compileFormula(rule.errorConditionFormula, 'boolean');
        checkReferences(rule.errorConditionFormula, source.name, lookup);
      });
      if (rule.errorDisplayField && !findField(lookup, source.name, rule.errorDisplayField)) {
        throw new MetadataError(file, `<errorDisplayField> ${rule.errorDisplayField} is not a field of ${source.name}`);
      }
    }
  }
}

function attempt(file: string, what: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    if (error instanceof MetadataError) throw error;
    throw new MetadataError(file, `<${what}>: ${(error as Error).message}`);
  }
}

function findField(lookup: ObjectLookup, objectName: string, name: string): FieldDef | undefined {
  return lookup(objectName)?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

/**
 * Follows each referenced path through lookups (`Account.Owner.Name`). Objects the local org
 * does not model end the check; globals such as `$User.Id` are left to the evaluator's scope.
 */
function checkReferences(formula: string, objectName: string, lookup: ObjectLookup): void {
  for (const path of formulaReferences(formula)) {
    if (path.startsWith('$')) continue;
    const parts = path.split('.');
    let obj = lookup(objectName);
    for (let i = 0; obj && i < parts.length - 1; i++) {
      const rel = obj.fields.find((f) => f.relationshipName?.toLowerCase() === parts[i].toLowerCase());
      if (!rel) throw new Error(`${obj.name} has no relationship ${parts[i]} (in ${path})`);
      obj = rel.referenceTo.length === 1 ? lookup(rel.referenceTo[0]) : undefined;
    }
    const last = parts[parts.length - 1];
    if (obj && !obj.fields.some((f) => f.name.toLowerCase() === last.toLowerCase())) {
      throw new Error(`field ${last} does not exist on ${obj.name} (in ${path})`);
    }
  }
}

/** Formula fields that reach themselves through other formula fields would never finish evaluating. */
function checkCycles(source: Source, lookup: ObjectLookup): void {
  const obj = lookup(source.name);
  if (!obj) return;
  const formulas = new Map(
    obj.fields.filter((f) => f.calculatedFormula).map((f) => [f.name.toLowerCase(), f.calculatedFormula!]),
  );
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const file = source.fields.find((f) => f.def.name.toLowerCase() === name)?.file ?? source.dirs[0];
      throw new MetadataError(file, `circular formula reference: ${[...chain, name].join(' → ')}`);
    }
    state.set(name, 'visiting');
    for (const ref of formulaReferences(formulas.get(name)!)) {
      const key = ref.toLowerCase();
      if (formulas.has(key)) visit(key, [...chain, name]);
    }
    state.set(name, 'done');
  };
  for (const name of formulas.keys()) visit(name, []);
}

const NOT_CONSTANT = new Error('not constant');

/** Evaluated against nothing: any field, clock or user reference means "computed at insert". */
const CONSTANT_SCOPE: FormulaScope = {
  get: () => {
    throw NOT_CONSTANT;
  },
  prior: () => {
    throw NOT_CONSTANT;
  },
  isNew: true,
  now: () => {
    throw NOT_CONSTANT;
  },
  timeZone: 'UTC',
};

/**
 * A default value is a formula; literals (`false`, `'USD'`, `10`) become describe's defaultValue.
 * Formulas that need the record or the clock (`TODAY() + 30`) are checked but not applied.
 */
function applyDefault(def: FieldDef, text: string, objectName: string, lookup: ObjectLookup): void {
  const type = def.type === 'reference' || def.type === 'id' ? 'string' : def.type;
  const evaluate = compileFormula(text, type, def.scale);
  checkReferences(text, objectName, lookup);
  let value: unknown;
  try {
    value = evaluate(CONSTANT_SCOPE);
  } catch (error) {
    if (error === NOT_CONSTANT) return;
    throw error;
  }
  if (value === null || value === undefined) return;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
  def.defaultValue = value;
  def.defaultedOnCreate = true;
}

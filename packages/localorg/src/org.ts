import { formatDateTime, OrgClock } from './clock.ts';
import { makeId } from './ids.ts';
import { Schema, type SchemaSettings } from './schema/registry.ts';
import { STANDARD_OBJECTS } from './schema/standard/objects.ts';
import type { FieldDef, SObjectDef, ValidationRuleDef } from './schema/types.ts';
import { type JournalOp, RecordStore, Transaction } from './store/record-store.ts';
import { checkTimeZone, timeZoneSidKey } from './time-zone.ts';

export interface OrgSettings extends SchemaSettings {
  /** Daily API request allowance; `REQUEST_LIMIT_EXCEEDED` once spent. */
  apiLimit: number;
  /** Time zone that SOQL date literals resolve in (IANA name). */
  timeZone: string;
  /**
   * Conversion rates of a multi-currency org (CurrencyType.ConversionRate): units of each currency per one
   * unit of the corporate currency, as decimal strings; a currency not named converts at 1.
   */
  conversionRates: Record<string, string>;
}

export const DEFAULT_SETTINGS: OrgSettings = {
  multiCurrency: false,
  currencies: ['USD'],
  apiLimit: 15_000,
  timeZone: 'UTC',
  conversionRates: {},
};

/** Custom schema added to the standard objects: new objects, extra fields and validation rules. */
export interface CustomSchema {
  objects: SObjectDef[];
  fields: Record<string, FieldDef[]>;
  validationRules: Record<string, ValidationRuleDef[]>;
}

export const EMPTY_CUSTOM_SCHEMA: CustomSchema = { objects: [], fields: {}, validationRules: {} };

export interface Persistence {
  append(ops: JournalOp[]): void;
  appendSettings(settings: OrgSettings): void;
}

/**
 * One org: its schema, records, clock and settings. Everything that serves the API reads and writes
 * through this object; it holds no HTTP concerns.
 */
export class Org {
  readonly clock = new OrgClock();
  readonly store = new RecordStore();
  schema!: Schema;
  settings: OrgSettings;
  persistence: Persistence | null = null;
  private idCounter = 1;

  readonly orgId = makeId('00D', 1);
  /** The user every API session runs as. Created by `reset`. */
  integrationUserId = '';

  constructor(
    private readonly custom: CustomSchema = EMPTY_CUSTOM_SCHEMA,
    settings: Partial<OrgSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    checkTimeZone(this.settings.timeZone);
    this.rebuildSchema();
  }

  /** Object definitions: the standard objects with custom fields and rules merged in, then custom objects. */
  definitions(): SObjectDef[] {
    const standard = STANDARD_OBJECTS.map((def) => ({
      ...def,
      fields: mergeFields(def.fields, this.custom.fields[def.name] ?? []),
      validationRules: [...def.validationRules, ...(this.custom.validationRules[def.name] ?? [])],
    }));
    const custom = this.custom.objects.map((def) => ({
      ...def,
      validationRules: [...def.validationRules, ...(this.custom.validationRules[def.name] ?? [])],
    }));
    return [...standard, ...custom];
  }

  private rebuildSchema(): void {
    this.schema = new Schema(this.definitions(), this.settings);
    for (const o of this.schema.objects) {
      this.store.defineTable(
        o.name,
        o.uniqueFields.map((f) => ({ name: f.name, caseSensitive: f.caseSensitive })),
        o.referenceFields.map((f) => f.name),
      );
    }
  }

  updateSettings(patch: Partial<OrgSettings>): void {
    const enablingCurrencies = patch.multiCurrency === true && !this.settings.multiCurrency;
    this.updateSettingsSilently(patch);
    this.persistence?.appendSettings(this.settings);
    if (enablingCurrencies) this.fillCorporateCurrency();
    if (patch.multiCurrency !== undefined || patch.currencies !== undefined || patch.conversionRates !== undefined) {
      this.followCurrencies();
    }
    if (patch.timeZone !== undefined) this.followTimeZone();
  }

  /**
   * A multi-currency org has a CurrencyType row per currency of its settings, the first one corporate; a
   * currency dropped from the settings stays, inactive, as Salesforce never deletes one. Each row's
   * ConversionRate is the settings' (1 when not set); localorg itself converts no amounts (roll-ups and
   * formulas see each record's own currency). Called after settings change and after a reset seeds the org.
   */
  followCurrencies(): void {
    if (!this.schema.get('CurrencyType')) return;
    const wanted = this.settings.currencies;
    const existing = new Map([...this.store.scan('CurrencyType')].map((r) => [String(r.IsoCode), r]));
    const now = this.clock.now();
    const stamp = formatDateTime(now - (now % 1000));
    const by = this.integrationUserId || null;
    this.transaction((tx) => {
      for (const code of new Set([...wanted, ...existing.keys()])) {
        const state = {
          IsActive: wanted.includes(code),
          IsCorporate: wanted[0] === code,
          ConversionRate: wanted[0] === code ? 1 : Number(this.settings.conversionRates[code] ?? 1),
        };
        const row = existing.get(code);
        if (
          row &&
          row.IsActive === state.IsActive &&
          row.IsCorporate === state.IsCorporate &&
          row.ConversionRate === state.ConversionRate
        ) {
          continue;
        }
        const modified = { LastModifiedDate: stamp, LastModifiedById: by, SystemModstamp: stamp };
        tx.put(
          'CurrencyType',
          row
            ? { ...row, ...state, ...modified }
            : {
                Id: this.nextId('01L'),
                IsoCode: code,
                DecimalPlaces: minorDigits(code),
                ...state,
                CreatedDate: stamp,
                CreatedById: by,
                ...modified,
              },
        );
      }
    });
  }

  /** The Organization row reports the org's time zone. */
  private followTimeZone(): void {
    const row = this.store.get('Organization', this.orgId);
    if (!row) return;
    const key = timeZoneSidKey(this.settings.timeZone);
    if (row.TimeZoneSidKey !== key) this.transaction((tx) => tx.put('Organization', { ...row, TimeZoneSidKey: key }));
  }

  /** Turning multi-currency on gives every existing record the corporate currency, as Salesforce does. */
  private fillCorporateCurrency(): void {
    const corporate = this.settings.currencies[0];
    this.transaction((tx) => {
      for (const o of this.schema.objects) {
        if (!o.field('CurrencyIsoCode')) continue;
        for (const row of [...this.store.scan(o.name, true)]) {
          if (row.CurrencyIsoCode == null) {
            tx.put(o.name, { ...row, CurrencyIsoCode: corporate }, this.store.getSlot(o.name, row.Id)!.location);
          }
        }
      }
    });
  }

  /** Applies settings without journaling them (loading a data dir). */
  updateSettingsSilently(patch: Partial<OrgSettings>): void {
    if (patch.timeZone !== undefined) checkTimeZone(patch.timeZone);
    this.settings = { ...this.settings, ...patch };
    this.rebuildSchema();
  }

  nextId(keyPrefix: string): string {
    return makeId(keyPrefix, this.idCounter++);
  }

  private readonly autoNumbers = new Map<string, number>();

  /** The next number of an Auto Number field; `highest` finds where numbering stands on first use. */
  nextAutoNumber(key: string, highest: () => number): number {
    const next = (this.autoNumbers.get(key) ?? highest()) + 1;
    this.autoNumbers.set(key, next);
    return next;
  }

  peekNextId(keyPrefix: string): string {
    return makeId(keyPrefix, this.idCounter);
  }

  /** After loading persisted records, continue numbering after the highest id seen. */
  bumpIdCounter(atLeast: number): void {
    if (atLeast >= this.idCounter) this.idCounter = atLeast + 1;
  }

  /** The transaction that spans a whole composite request, when one is open. */
  private outer: Transaction | undefined;

  begin(): Transaction {
    return new Transaction(this.store, (ops) => this.persistence?.append(ops), this.outer);
  }

  /**
   * Runs `work` with every transaction it opens nested in one outer transaction (composite
   * allOrNone). Synchronous on purpose: no other request can interleave while the outer one is open.
   */
  withinOuterTransaction<T>(work: (outer: Transaction) => T): T {
    if (this.outer) throw new Error('outer transactions do not nest');
    const outer = this.begin();
    this.outer = outer;
    try {
      return work(outer);
    } finally {
      this.outer = undefined;
    }
  }

  /** Runs `work` in a transaction: commits when it returns, rolls back when it throws. */
  transaction<T>(work: (tx: Transaction) => T): T {
    const tx = this.begin();
    try {
      const result = work(tx);
      tx.commit();
      return result;
    } catch (error) {
      tx.rollback();
      throw error;
    }
  }

  /** Empties every table and restarts id numbering. Callers seed the standard rows afterwards. */
  clear(): void {
    this.store.clear();
    this.autoNumbers.clear();
    this.idCounter = 1;
  }
}

/** Digits after the decimal point of a currency (2 for USD, 0 for JPY), as ISO 4217 has them. */
function minorDigits(code: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

function mergeFields(standard: FieldDef[], extra: FieldDef[]): FieldDef[] {
  if (extra.length === 0) return standard;
  // Custom fields go before the audit fields, as Salesforce's describe lists them.
  const auditStart = standard.findIndex((f) => f.name === 'IsDeleted');
  const at = auditStart < 0 ? standard.length : auditStart;
  return [...standard.slice(0, at), ...extra, ...standard.slice(at)];
}

import type { CrmConnection, CrmObjectDescribe } from './crm.port.ts';

/** How long a describe is trusted: an admin's field change is noticed within this, at one call per object. */
export const DESCRIBE_TTL_MS = 10 * 60_000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/**
 * Describes and the org's currency, shared by the connections one process opens (each run opens its own
 * connection), so the mapping check before every run costs no API call once they are known: at most one
 * call per object, and one for the currency, per DESCRIBE_TTL_MS.
 */
export class DescribeCache {
  private readonly entries = new Map<string, Entry<CrmObjectDescribe>>();
  private currency: Entry<string> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** `crm` with its describe and orgCurrency answered from this cache. */
  wrap(crm: CrmConnection): CrmConnection {
    const describe = (object: string): Promise<CrmObjectDescribe> => {
      const hit = this.entries.get(object);
      if (this.fresh(hit)) return hit.value;
      const value = crm.describe(object);
      this.entries.set(object, { at: this.now(), value });
      // A failed describe is not remembered.
      value.catch(() => this.entries.delete(object));
      return value;
    };
    const orgCurrency = (): Promise<string> => {
      if (this.fresh(this.currency)) return this.currency.value;
      const entry = { at: this.now(), value: crm.orgCurrency() };
      this.currency = entry;
      entry.value.catch(() => {
        if (this.currency === entry) this.currency = undefined;
      });
      return entry.value;
    };
    return new Proxy(crm, {
      get: (target, key, receiver) =>
        key === 'describe' ? describe : key === 'orgCurrency' ? orgCurrency : Reflect.get(target, key, receiver),
    });
  }

  private fresh<T>(entry: Entry<T> | undefined): entry is Entry<T> {
    return entry !== undefined && this.now() - entry.at < DESCRIBE_TTL_MS;
  }
}

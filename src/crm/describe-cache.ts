import type { CrmConnection, CrmObjectDescribe } from './crm.port.ts';

/** How long a describe is trusted: an admin's field change is noticed within this, at one call per object. */
export const DESCRIBE_TTL_MS = 10 * 60_000;

/**
 * Describes shared by the connections one process opens (each run opens its own connection), so the
 * mapping check before every run costs no API call once the objects are known.
 */
export class DescribeCache {
  private readonly entries = new Map<string, { at: number; value: Promise<CrmObjectDescribe> }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** `crm` with its describe answered from this cache. */
  wrap(crm: CrmConnection): CrmConnection {
    const describe = (object: string): Promise<CrmObjectDescribe> => {
      const hit = this.entries.get(object);
      if (hit && this.now() - hit.at < DESCRIBE_TTL_MS) return hit.value;
      const value = crm.describe(object);
      this.entries.set(object, { at: this.now(), value });
      // A failed describe is not remembered.
      value.catch(() => this.entries.delete(object));
      return value;
    };
    return new Proxy(crm, {
      get: (target, key, receiver) => (key === 'describe' ? describe : Reflect.get(target, key, receiver)),
    });
  }
}

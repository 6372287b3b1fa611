import { fail } from '../../domain/errors.ts';
import type { CrmUsage } from '../crm.port.ts';

/**
 * The API budget governor. Salesforce counts every REST call against a rolling daily allowance that the
 * org's own users and other integrations share; exhausting it stops them too (`REQUEST_LIMIT_EXCEEDED`).
 * The governor keeps `reservePercent` of the allowance for them: once a call would dip into the reserve it
 * refuses with `api_budget_low`, which the sync engine records as "deferred" and retries later, instead
 * of failing records. It reads the usage Salesforce reports on every response (`Sforce-Limit-Info`), so
 * it costs no call of its own.
 */
export class ApiBudget {
  private last: CrmUsage | undefined;

  constructor(readonly reservePercent: number) {}

  /** Records the usage a response reported. */
  observe(usage: CrmUsage | undefined): void {
    if (usage && usage.limit > 0) this.last = { used: usage.used, limit: usage.limit };
  }

  usage(): CrmUsage | undefined {
    return this.last;
  }

  /** Calls left before the reserve; undefined before the org has reported its usage. */
  available(): number | undefined {
    if (!this.last) return undefined;
    return this.last.limit - this.last.used - this.reserveCalls(this.last.limit);
  }

  /** Throws `api_budget_low` when `calls` more calls would spend the reserve. */
  spend(calls = 1): void {
    const available = this.available();
    if (available === undefined || available >= calls) return;
    const { used, limit } = this.last!;
    fail(
      'api_budget_low',
      `Salesforce has used ${used} of its ${limit} daily API calls; revbridge keeps the last ${this.reserveCalls(limit)} (${this.reservePercent}%) for the org's own users, so this work waits until the allowance recovers.`,
      { used, limit, reserve: this.reserveCalls(limit) },
    );
  }

  /** Salesforce reports the limit itself exhausted: the same deferral, whatever the reserve. */
  exhausted(): never {
    const usage = this.last;
    if (usage) this.last = { used: usage.limit, limit: usage.limit };
    fail('api_budget_low', 'Salesforce refused the call: the daily API allowance is spent (REQUEST_LIMIT_EXCEEDED).', {
      used: usage?.limit,
      limit: usage?.limit,
    });
  }

  private reserveCalls(limit: number): number {
    return Math.ceil((limit * this.reservePercent) / 100);
  }
}

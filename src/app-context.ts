import type { Logger } from 'pino';
import type { CrmConnection } from './crm/crm.port.ts';
import type { Clock } from './domain/clock.ts';
import type { OpportunityProcess } from './domain/opportunity-process.ts';
import type { RevenuePolicies } from './domain/revenue-policies.ts';
import type { Db } from './store/db.ts';

/**
 * What every use-case, route and command receives: the database, the clock and a logger. Built once
 * in the process entry point (hub, CLI, tests) and passed down; nothing else reads configuration.
 */
export interface AppContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Billing policies from the configuration; absent means the defaults (late usage is billed). */
  billing?: BillingPolicies;
  /**
   * Opens a connection to the configured Salesforce org (SALESFORCE_* or the local org); absent when
   * none is configured. Each call logs in afresh: a run owns its connection and its API count.
   */
  crm?: () => Promise<CrmConnection>;
  /** Where the job queue lives; absent means graphile-worker's default schema, `graphile_worker`. */
  jobs?: JobQueueSettings;
  /** Sync policies from the configuration; absent means the defaults. */
  sync?: SyncPolicies;
  /** Revenue import policies from the configuration; absent means `DEFAULT_REVENUE_POLICIES`. */
  revenue?: RevenuePolicies;
}

export interface SyncPolicies {
  /** `REVBRIDGE_OPPORTUNITY_PROCESSES` over `DEFAULT_OPPORTUNITY_PROCESSES`: Opportunity Type → billing process. */
  opportunityProcesses: Readonly<Record<string, OpportunityProcess>>;
}

export interface JobQueueSettings {
  /** `config.jobsSchema`: the PostgreSQL schema of graphile-worker's tables for this store. */
  schema: string;
}

export interface BillingPolicies {
  /** `REVBRIDGE_LATE_USAGE`: bill usage recorded for an invoiced period on the next run, or refuse it. */
  lateUsage: 'bill' | 'refuse';
}

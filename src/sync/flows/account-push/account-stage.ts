import { NewAccountBatch } from '../../../billing/accounts/create-accounts.ts';
import type { CrmRecord } from '../../../crm/crm.port.ts';
import { parentsFirst } from '../../../domain/parents-first.ts';
import type { Db } from '../../../store/db.ts';
import { TableStatistics } from '../../../store/table-statistics.ts';
import { applyChunk, RECORDS_PER_TRANSACTION, withSavepoint } from '../../engine/apply-in-chunks.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { findLinksBySalesforceId, type LinkRow, saveLinks } from '../../links/links.repo.ts';
import { type AccountState, applyExistingAccount, definedOnly, isNewToBilling, planAccount } from './apply-account.ts';
import { describeFailure } from './map-account.ts';
import { nest } from './nested.ts';
import { chunks } from './read-accounts.ts';
import { type DesiredState, identityFields } from './salesforce-state.ts';
import { type StageSetup, SyncStage } from './stage-setup.ts';
import type { AccountDetail } from '../../../billing/accounts/accounts.views.ts';
import { sql } from 'kysely';

const LOOKUPS = ['ParentId', 'Subscription_Invoicer__c', 'Usage_Invoicer__c', 'Tax_Inheritance_Account__c'];

type PendingWrite = { record: CrmRecord; desired: DesiredState };

/**
 * The account half of the sync, fed page by page as the read goes (never the whole read set at once). A
 * record is applied as soon as its parent is settled (in billing, refused, or in the same page); until
 * then it waits, and it is released when its parent is applied. Records billing has never seen are created
 * in batches (one statement per chunk, the seed rules checked in memory by `NewAccountBatch`); the others
 * go one by one behind a savepoint; an unchanged one costs nothing. Each chunk commits with its links and
 * history, then its state is queued for Salesforce.
 */
export class AccountStage extends SyncStage {
  /** Every account of the run, by Salesforce id: its billing id, or why it stayed out. */
  readonly states = new Map<string, AccountState>();
  private readonly names = new Map<string, string>();
  private readonly links = new Map<string, LinkRow>();
  /** Records whose parent is not settled yet, by parent. */
  private readonly waiting = new Map<string, CrmRecord[]>();
  private readonly retried: Set<string>;
  private readonly statistics: TableStatistics;

  /** `retriedIds`: accounts read again only because polling retries them (see `take`). */
  constructor(setup: StageSetup, retriedIds: readonly string[] = []) {
    super(setup);
    this.retried = new Set(retriedIds);
    this.statistics = new TableStatistics(this.run.db, ['accounts', 'sync_links'], !this.run.dryRun);
  }

  async take(page: CrmRecord[]): Promise<void> {
    this.read += page.length;
    for (const r of page) this.names.set(r.Id, String(r.Name ?? r.Id));
    await this.loadLinks(page);
    const inPage = new Set(page.map((r) => r.Id));
    const ready: CrmRecord[] = [];
    for (const r of page) {
      const parent = r.ParentId as string | null;
      if (parent && !this.states.has(parent) && !inPage.has(parent)) {
        const list = this.waiting.get(parent);
        if (list) list.push(r);
        else this.waiting.set(parent, [r]);
      } else {
        ready.push(r);
      }
    }
    await this.apply(ready);
  }

  /**
   * The records whose parent was never read (nor is in billing): applied now, and refused as such. Then the
   * stage keeps only `states`, which the contacts need.
   */
  async finish(): Promise<void> {
    const rest = [...this.waiting.values()].flat();
    this.waiting.clear();
    await this.apply(rest);
    await this.statistics.settled();
    this.names.clear();
    this.links.clear();
  }

  private async apply(records: CrmRecord[]): Promise<void> {
    let batch = records;
    while (batch.length > 0) {
      const ordered = parentsFirst(
        batch,
        (r) => r.Id,
        (r) => (r.ParentId as string | null) ?? null,
      );
      for (const chunk of chunks(ordered, RECORDS_PER_TRANSACTION)) await this.applyChunk(chunk);
      batch = ordered.flatMap((r) => {
        const children = this.waiting.get(r.Id) ?? [];
        this.waiting.delete(r.Id);
        return children;
      });
    }
  }

  /** The links of the page's records and of the accounts they point at, once per page. */
  private async loadLinks(page: CrmRecord[]): Promise<void> {
    const ids = new Set<string>();
    for (const r of page) {
      ids.add(r.Id);
      for (const f of LOOKUPS) {
        const id = r[f] as string | null;
        if (id && !this.states.has(id)) ids.add(id);
      }
    }
    const found = await findLinksBySalesforceId(this.ctx.db, 'account', [...ids]);
    for (const [id, link] of found) {
      if (!this.states.has(id)) this.states.set(id, { billingId: link.billing_id });
    }
    for (const r of page) {
      const link = found.get(r.Id);
      if (link) this.links.set(r.Id, link);
    }
  }

  private async applyChunk(chunk: CrmRecord[]): Promise<void> {
    const writes: PendingWrite[] = [];
    await applyChunk(this.run, async (trx) => {
      const outcomes: RecordOutcome[] = [];
      let creates: CrmRecord[] = [];
      for (const record of chunk) {
        const link = this.links.get(record.Id);
        // A still-failing child read again only because polling retries it: worth a try once its parent is
        // in billing, otherwise it is left alone (no new history row every poll).
        const parent = record.ParentId as string | null;
        if (this.retried.has(record.Id) && parent && !this.states.get(parent)?.billingId) continue;
        if (isNewToBilling(record, link)) {
          creates.push(record);
          continue;
        }
        // A batch of creations goes in before a record that may point at one of them.
        if (creates.length > 0) outcomes.push(...(await this.create(trx, creates, writes)));
        creates = [];
        outcomes.push(await this.update(trx, record, link, writes));
      }
      if (creates.length > 0) outcomes.push(...(await this.create(trx, creates, writes)));
      return outcomes;
    });
    for (const r of chunk) this.links.delete(r.Id);
    await this.statistics.grew(chunk.length);
    this.onProgress?.(this.run.outcomes.total, this.read);
    if (this.writer && !this.run.dryRun) {
      await fillAccountNumbers(this.ctx.db, writes);
      await this.writer.add(writes);
    }
  }

  /** Accounts billing has never seen: checked in memory, then one statement for all that pass. */
  private async create(trx: Db, records: CrmRecord[], writes: PendingWrite[]): Promise<RecordOutcome[]> {
    const referenced = new Set<bigint>();
    for (const r of records) {
      for (const f of LOOKUPS) {
        const billingId = this.states.get(r[f] as string)?.billingId;
        if (billingId != null) referenced.add(billingId);
      }
    }
    const batch = await NewAccountBatch.open(trx, this.ctx, [...referenced], records.length);
    const now = this.ctx.clock.now();
    type Added = { record: CrmRecord; id: bigint; hash: string; warnings: string[] };
    const results: Array<RecordOutcome | Added> = records.map((record) => {
      try {
        const plan = planAccount(this.mapping, record, true, this.states, this.lists, this.nameOf);
        const ref = (field: string) => {
          const v = plan.refs[field];
          return v === null || v === undefined ? null : v === 'self' ? ('self' as const) : BigInt(v);
        };
        const { id } = batch.add({
          ...(nest(definedOnly(plan.values)) as { name: string; currency: string }),
          parentId: ref('parentId') as bigint | null,
          subscriptionInvoicerId: ref('subscriptionInvoicerId'),
          usageInvoicerId: ref('usageInvoicerId'),
          taxAccountId: ref('taxAccountId'),
          syncedAt: now,
        });
        this.states.set(record.Id, { billingId: id, joinedNow: true });
        return { record, id, hash: plan.hash, warnings: plan.warnings };
      } catch (caught) {
        return this.refused(record, caught, writes);
      }
    });
    const added = results.filter((r): r is Added => 'hash' in r);
    const details = await batch.insert();
    await saveLinks(
      trx,
      added.map((a) => ({
        object: 'account' as const,
        salesforceId: a.record.Id,
        billingId: a.id,
        hash: a.hash,
        mappingVersion: this.mapping.version,
        at: now,
      })),
    );
    return results.map((r) => {
      if (!('hash' in r)) return r;
      writes.push({ record: r.record, desired: this.synced(details.get(r.id)!, false, r.warnings, true) });
      return {
        object: 'account',
        salesforceId: r.record.Id,
        billingId: r.id,
        label: String(r.record.Name ?? ''),
        outcome: 'created',
        diff: null,
        warnings: r.warnings,
      };
    });
  }

  /** An account billing knows: unchanged (no statement at all), or updated / linked behind a savepoint. */
  private async update(
    trx: Db,
    record: CrmRecord,
    link: LinkRow | undefined,
    writes: PendingWrite[],
  ): Promise<RecordOutcome> {
    let plan;
    try {
      plan = planAccount(this.mapping, record, !link, this.states, this.lists, this.nameOf);
    } catch (caught) {
      return this.refused(record, caught, writes);
    }
    const label = String(record.Name ?? '');
    if (link && link.synced_hash === plan.hash) {
      this.states.set(record.Id, { billingId: link.billing_id });
      const fields = identityFields(this.mapping, { id: link.billing_id.toString() }, false, this.lists);
      writes.push({ record, desired: { ok: true, fields, warnings: plan.warnings, touched: false } });
      return {
        object: 'account',
        salesforceId: record.Id,
        billingId: link.billing_id,
        label,
        outcome: 'unchanged',
        diff: null,
        warnings: plan.warnings,
      };
    }
    return withSavepoint(trx, async () => {
      try {
        const applied = await applyExistingAccount(trx, this.ctx, record, link, plan);
        this.states.set(record.Id, { billingId: applied.billingId, joinedNow: applied.linked });
        writes.push({ record, desired: this.synced(applied.detail, applied.linked, applied.warnings, true) });
        return {
          object: 'account',
          salesforceId: record.Id,
          billingId: applied.billingId,
          label,
          outcome: applied.outcome,
          diff: applied.diff,
          warnings: applied.warnings,
        };
      } catch (caught) {
        return this.refused(record, caught, writes);
      }
    });
  }

  /** The state a synced account shows in Salesforce: billing's identity (and, on link, billing's values). */
  private synced(detail: AccountDetail, linked: boolean, warnings: string[], touched: boolean): DesiredState {
    const billing = {
      id: detail.id,
      accountNumber: detail.accountNumber,
      billingCycleId: detail.effective.billingCycle,
      primaryEmail: detail.primaryEmail,
      billingCycle: detail.billingCycle,
      accountCategory: detail.accountCategory,
      accountCategoryId: detail.accountCategory === null ? null : this.lists.categoryIds.get(detail.accountCategory),
    };
    return { ok: true, fields: identityFields(this.mapping, billing, linked, this.lists), warnings, touched };
  }

  /** A refused record: its code on the record and in the history; its dependants learn why. */
  private refused(record: CrmRecord, caught: unknown, writes: PendingWrite[]): RecordOutcome {
    const failure = describeFailure(caught, String(record.Name ?? record.Id), this.nameOfBillingAccount);
    this.states.set(record.Id, { billingId: this.states.get(record.Id)?.billingId ?? null, failedWith: failure.code });
    writes.push({ record, desired: { ok: false, ...failure } });
    return {
      object: 'account',
      salesforceId: record.Id,
      billingId: null,
      label: String(record.Name ?? ''),
      outcome: 'failed',
      errorCode: failure.code,
      errorMessage: failure.message,
    };
  }

  private readonly nameOf = (salesforceId: string): string => this.names.get(salesforceId) ?? salesforceId;

  /** The Salesforce name of a billing account the run knows (failures only: a scan is fine). */
  private readonly nameOfBillingAccount = (billingId: string): string | undefined => {
    for (const [salesforceId, state] of this.states) {
      if (state.billingId?.toString() === billingId) return this.names.get(salesforceId);
    }
    return undefined;
  };
}

/** Unchanged accounts carry only their billing id; their number comes from one query per chunk. */
async function fillAccountNumbers(db: Db, writes: PendingWrite[]): Promise<void> {
  const bare = writes.filter((w) => w.desired.ok && w.desired.fields.Billing_Account_Number__c === undefined);
  const fieldsOf = (w: PendingWrite) => (w.desired as { fields: Record<string, unknown> }).fields;
  const ids = bare.map((w) => fieldsOf(w).Billing_Account_Id__c as string);
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'account_number'])
    .where('id', '=', sql<bigint>`ANY(${ids}::bigint[])`)
    .execute();
  const numbers = new Map(rows.map((r) => [r.id.toString(), r.account_number]));
  for (const w of bare) {
    const fields = fieldsOf(w);
    fields.Billing_Account_Number__c = numbers.get(fields.Billing_Account_Id__c as string) ?? null;
  }
}

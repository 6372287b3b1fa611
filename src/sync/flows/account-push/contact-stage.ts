import {
  checkNewContact,
  type CheckedContact,
  insertContactsWithin,
} from '../../../billing/contacts/create-contacts.ts';
import type { CrmRecord } from '../../../crm/crm.port.ts';
import type { Db } from '../../../store/db.ts';
import { TableStatistics } from '../../../store/table-statistics.ts';
import { applyChunk, RECORDS_PER_TRANSACTION, withSavepoint } from '../../engine/apply-in-chunks.ts';
import type { RecordOutcome } from '../../history/history.repo.ts';
import { findLinksBySalesforceId, type LinkRow, saveLinks } from '../../links/links.repo.ts';
import type { AccountState } from './apply-account.ts';
import {
  applyExistingContact,
  CONTACT_WITHOUT_ACCOUNT,
  type ContactPlan,
  type ContactRelation,
  planContact,
} from './apply-contact.ts';
import { describeFailure } from './map-account.ts';
import { chunks } from './read-accounts.ts';
import { type DesiredState, identityFields } from './salesforce-state.ts';
import { type StageSetup, SyncStage } from './stage-setup.ts';

type PendingWrite = { record: CrmRecord; desired: DesiredState };

/** Chunks of contacts in flight at once in a real run. */
const CONCURRENT_CHUNKS = 2;

/**
 * The contact half of the sync, fed page by page after the accounts: each contact goes to billing with the
 * accounts it serves that are in billing (the run's account states, else their links). New contacts are
 * created in batches (two statements per chunk), known ones updated one by one behind a savepoint, and an
 * unchanged one costs nothing. Each chunk commits with its links and history, then its state is queued
 * for Salesforce.
 */
export class ContactStage extends SyncStage {
  private readonly statistics: TableStatistics;

  /** `accounts`: where the run's accounts stand in billing (the account stage's states). */
  constructor(
    setup: StageSetup,
    private readonly accounts: Map<string, AccountState>,
  ) {
    super(setup);
    this.statistics = new TableStatistics(
      this.run.db,
      ['contacts', 'account_contacts', 'sync_links'],
      !this.run.dryRun,
    );
  }

  /** After the last page: the statistics analyses still in flight. */
  async finish(): Promise<void> {
    await this.statistics.settled();
  }

  /**
   * Contacts do not depend on each other, so a real run applies two chunks at once, each in its own
   * transaction: one is built in the hub while PostgreSQL writes the other. A dry run has one transaction,
   * and goes one chunk at a time.
   */
  async take(contacts: CrmRecord[], relations: Map<string, ContactRelation[]>): Promise<void> {
    this.read += contacts.length;
    const pending = [...chunks(contacts, RECORDS_PER_TRANSACTION)];
    const lane = async () => {
      for (let chunk = pending.shift(); chunk; chunk = pending.shift()) await this.applyChunk(chunk, relations);
    };
    await Promise.all(Array.from({ length: this.run.dryRun ? 1 : CONCURRENT_CHUNKS }, lane));
  }

  private async applyChunk(chunk: CrmRecord[], relations: Map<string, ContactRelation[]>): Promise<void> {
    const links = await findLinksBySalesforceId(
      this.ctx.db,
      'contact',
      chunk.map((c) => c.Id),
    );
    // A poll reads a changed contact without its (unchanged) accounts: their links say where they are.
    const served = new Set<string>();
    for (const c of chunk) {
      for (const r of relations.get(c.Id) ?? []) {
        if (!this.accounts.has(r.accountSalesforceId)) served.add(r.accountSalesforceId);
      }
    }
    const accountLinks = await findLinksBySalesforceId(this.ctx.db, 'account', [...served]);
    const billingAccountOf = (id: string) =>
      this.accounts.get(id)?.billingId ?? accountLinks.get(id)?.billing_id ?? null;
    const writes: PendingWrite[] = [];
    await applyChunk(this.run, async (trx) => {
      type New = { record: CrmRecord; checked: CheckedContact; hash: string };
      const results: Array<RecordOutcome | New> = [];
      for (const record of chunk) {
        results.push(
          await this.applyOne(
            trx,
            record,
            relations.get(record.Id) ?? [],
            links.get(record.Id),
            billingAccountOf,
            writes,
          ),
        );
      }
      const created = results.filter((r): r is New => 'checked' in r);
      const ids = await insertContactsWithin(
        trx,
        this.ctx,
        created.map((c) => c.checked),
      );
      const billingIds = new Map(created.map((c, i) => [c, ids[i]]));
      const now = this.ctx.clock.now();
      await saveLinks(
        trx,
        created.map((c) => ({
          object: 'contact' as const,
          salesforceId: c.record.Id,
          billingId: billingIds.get(c)!,
          hash: c.hash,
          mappingVersion: this.mapping.version,
          at: now,
        })),
      );
      return results.map((r) => {
        if (!('checked' in r)) return r;
        const billingId = billingIds.get(r)!;
        writes.push({ record: r.record, desired: this.synced(billingId, true) });
        return outcome(r.record, 'created', billingId);
      });
    });
    await this.statistics.grew(chunk.length);
    this.onProgress?.(this.run.outcomes.total, this.read);
    if (this.writer && !this.run.dryRun) await this.writer.add(writes);
  }

  /** One contact: skipped, refused, unchanged, updated behind a savepoint, or checked for the batch of new ones. */
  private async applyOne(
    trx: Db,
    record: CrmRecord,
    relations: ContactRelation[],
    link: LinkRow | undefined,
    billingAccountOf: (salesforceId: string) => bigint | null,
    writes: PendingWrite[],
  ): Promise<RecordOutcome | { record: CrmRecord; checked: CheckedContact; hash: string }> {
    let plan: ContactPlan | null;
    try {
      plan = planContact(this.mapping, record, relations, !link, billingAccountOf, this.lists);
      if (plan === null) {
        return { ...outcome(record, 'skipped', link?.billing_id ?? null), warnings: [CONTACT_WITHOUT_ACCOUNT] };
      }
      if (!link)
        return { record, checked: checkNewContact({ contact: plan.values, accounts: plan.served }), hash: plan.hash };
    } catch (caught) {
      return this.refused(record, caught, writes);
    }
    if (link.synced_hash === plan.hash) {
      writes.push({ record, desired: this.synced(link.billing_id, false) });
      return outcome(record, 'unchanged', link.billing_id);
    }
    const known = plan;
    return withSavepoint(trx, async () => {
      try {
        const applied = await applyExistingContact(trx, this.ctx, record, link, known);
        writes.push({ record, desired: this.synced(applied.billingId, true) });
        return outcome(record, applied.outcome, applied.billingId);
      } catch (caught) {
        return this.refused(record, caught, writes);
      }
    });
  }

  private synced(billingId: bigint, touched: boolean): DesiredState {
    const fields = identityFields(this.mapping, { id: billingId.toString() }, false, this.lists);
    return { ok: true, fields, warnings: [], touched };
  }

  private refused(record: CrmRecord, caught: unknown, writes: PendingWrite[]): RecordOutcome {
    const failure = describeFailure(caught, labelOf(record), () => undefined);
    writes.push({ record, desired: { ok: false, ...failure } });
    return {
      ...outcome(record, 'failed', null),
      errorCode: failure.code,
      errorMessage: failure.message,
    };
  }
}

function labelOf(record: CrmRecord): string {
  return [record.FirstName, record.LastName].filter(Boolean).join(' ');
}

function outcome(record: CrmRecord, kind: RecordOutcome['outcome'], billingId: bigint | null): RecordOutcome {
  return { object: 'contact', salesforceId: record.Id, billingId, label: labelOf(record), outcome: kind, diff: null };
}

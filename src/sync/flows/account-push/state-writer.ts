import type { AppContext } from '../../../app-context.ts';
import type { CrmConnection, CrmRecord, CrmWrite } from '../../../crm/crm.port.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import { type DesiredState, stateWrite } from './salesforce-state.ts';

/**
 * Writes to Salesforce are held until this many are due: one Bulk job (about 6 calls) per 10,000 records
 * keeps a large sync far under the 50 calls per 10k written, and what is held is small (the
 * changed fields of each record, not the record).
 */
export const STATE_WRITES_PER_FLUSH = 10_000;

/**
 * The sync state (billing identity, status, error, last synced) of records whose billing side has
 * committed, written back where it differs from what the record shows, in batches as the run goes.
 */
export class StateWriter {
  private patches: CrmWrite[] = [];
  /** The batch on its way to Salesforce while billing goes on with the next records. */
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly crm: CrmConnection,
    private readonly mapping: ObjectMapping,
    private readonly object: string,
    private readonly flushAt = STATE_WRITES_PER_FLUSH,
  ) {}

  /**
   * Notes the state a committed record should show. Once enough are due they go as one batch, sent while the
   * caller applies the next records (a Bulk job spends most of its time in Salesforce); one batch at a time,
   * and a failed one (a deferral) stops the caller at its next batch.
   */
  async add(writes: ReadonlyArray<{ record: CrmRecord; desired: DesiredState }>): Promise<void> {
    const now = this.ctx.clock.now();
    for (const w of writes) {
      const patch = stateWrite(this.mapping, w.record, w.desired, now);
      if (patch) this.patches.push(patch);
    }
    if (this.patches.length < this.flushAt) return;
    await this.sending;
    const patches = this.take();
    // Chained: two callers past the threshold at once still send one batch after the other.
    this.sending = this.sending.then(() => this.send(patches));
    // Seen at the next `add` or `flush`; not an unhandled rejection meanwhile.
    this.sending.catch(() => undefined);
  }

  /** Sends what is due and waits for every batch to be written. */
  async flush(): Promise<void> {
    await this.sending;
    await this.send(this.take());
  }

  private take(): CrmWrite[] {
    const patches = this.patches;
    this.patches = [];
    return patches;
  }

  private async send(patches: CrmWrite[]): Promise<void> {
    if (patches.length === 0) return;
    const results = await this.crm.update(this.object, patches);
    // Billing already holds the change; a record Salesforce refuses to update (a validation rule, a locked
    // field) keeps its old state until the next run, and the log says why.
    results.forEach((r, i) => {
      if (!r.success)
        this.ctx.logger.warn(
          { object: this.object, salesforceId: patches[i].Id, errors: r.errors },
          'sync state not written',
        );
    });
  }
}

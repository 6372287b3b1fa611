import { describe, expect, it } from 'vitest';
import { syncOutput } from '../../src/cli/commands/sync.command.ts';
import type { SyncRunResult } from '../../src/sync/engine/recorded-run.ts';

const run = (records: SyncRunResult['records'], created: number): SyncRunResult => ({
  runId: '7',
  flow: 'accounts',
  status: 'succeeded',
  dryRun: false,
  counts: { created, updated: 0, unchanged: 0, skipped: 0, failed: 0, deferred: 0 },
  objects: { Account: { created, updated: 0, unchanged: 0, skipped: 0, failed: 0, deferred: 0 } },
  apiCalls: 3,
  retries: [],
  records,
});

const created = (i: number): SyncRunResult['records'][number] => ({
  object: 'account',
  salesforceId: `001000000000000${i}AAA`,
  billingId: BigInt(i),
  label: `Account ${i}`,
  outcome: 'created',
});

describe('the sync command’s output', () => {
  it('says when the records shown are only the first of the run, and where to read them all', () => {
    const cut = syncOutput(run([created(1), created(2)], 5)).human!;
    expect(cut).toContain('the records below are the first 2 of 5; `revbridge history --run 7` lists them all');
    const whole = syncOutput(run([created(1), created(2)], 2)).human!;
    expect(whole).not.toContain('the records below are the first');
    expect(whole).toContain('Account 2');
  });
});

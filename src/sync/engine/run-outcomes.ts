import { emptyCounts, type OutcomeCounts } from '../../domain/sync-run.ts';
import type { RecordOutcome } from '../history/history.repo.ts';

/** Outcomes a run's result carries itself; the history holds every one. */
export const KEPT_OUTCOMES = 1_000;

/**
 * A run's outcomes as they happen: counted per object and in all, and the first KEPT_OUTCOMES kept for the
 * run's result (a CLI or API caller reads those; `revbridge history --run` reads them all). An initial sync of
 * 350,000 records does not hold 350,000 outcomes in memory.
 */
export class RunOutcomes {
  readonly counts: OutcomeCounts = emptyCounts();
  readonly objects: Record<string, OutcomeCounts>;
  readonly kept: RecordOutcome[] = [];

  constructor(private readonly objectNames: Record<string, string>) {
    this.objects = Object.fromEntries(Object.values(objectNames).map((name) => [name, emptyCounts()]));
  }

  add(...outcomes: RecordOutcome[]): void {
    for (const o of outcomes) {
      (this.objects[this.objectNames[o.object] ?? o.object] ??= emptyCounts())[o.outcome]++;
      this.counts[o.outcome]++;
      if (this.kept.length < KEPT_OUTCOMES) this.kept.push(o);
    }
  }

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

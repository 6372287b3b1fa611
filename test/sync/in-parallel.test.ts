import { describe, expect, it } from 'vitest';
import { inParallel } from '../../src/sync/engine/apply-in-chunks.ts';

async function* items(n: number, taken: number[]): AsyncIterable<number> {
  for (let i = 0; i < n; i++) {
    taken.push(i);
    yield i;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('inParallel: work on each item as it comes, at most `limit` at a time', () => {
  it('does every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await inParallel(items(9, []), 2, async (i) => {
      running++;
      most = Math.max(most, running);
      await tick();
      done.push(i);
      running--;
    });
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(most).toBe(2);
  });

  it('a failure stops taking items, waits for the work in flight, then is thrown', async () => {
    const taken: number[] = [];
    const finished: number[] = [];
    await expect(
      inParallel(items(20, taken), 2, async (i) => {
        if (i === 3) throw new Error('chunk 3 refused');
        await tick();
        finished.push(i);
      }),
    ).rejects.toThrow('chunk 3 refused');
    expect(taken.length).toBeLessThan(8);
    // Whatever was started has finished before the failure is reported.
    expect(finished.every((i) => i < taken.length)).toBe(true);
    expect(finished).toContain(2);
  });

  it('a source that fails mid-way: the work in flight finishes before the failure is thrown', async () => {
    const finished: number[] = [];
    async function* pages(): AsyncIterable<number> {
      yield 0;
      yield 1;
      await tick();
      throw new Error('page 3 not served');
    }
    await expect(
      inParallel(pages(), 3, async (i) => {
        for (let t = 0; t < 4; t++) await tick();
        finished.push(i);
      }),
    ).rejects.toThrow('page 3 not served');
    expect(finished.sort()).toEqual([0, 1]);
  });
});

import type { AppContext } from '../../../app-context.ts';
import type { ChunkRun } from '../../engine/apply-in-chunks.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import type { TransformLists } from '../../mappings/transforms.ts';
import type { StateWriter } from './state-writer.ts';

/** What a stage of the account sync works with: the run, its object's mapping as the org runs it, billing's lists. */
export interface StageSetup {
  ctx: AppContext;
  run: ChunkRun;
  /** The object's mapping as this org runs it (see `effectiveMapping`). */
  mapping: ObjectMapping;
  lists: TransformLists;
  /** Where the Salesforce state goes; none in a dry run. */
  writer: StateWriter | undefined;
  /** Told after each chunk: records done, records read so far. */
  onProgress?: (done: number, total: number) => void;
}

/** The fields every stage works with, from its setup. */
export abstract class SyncStage {
  protected readonly ctx: AppContext;
  protected readonly run: ChunkRun;
  protected readonly mapping: ObjectMapping;
  protected readonly lists: TransformLists;
  protected readonly writer: StateWriter | undefined;
  protected readonly onProgress?: (done: number, total: number) => void;
  /** Records this stage has been given so far. */
  protected read = 0;

  constructor(setup: StageSetup) {
    this.ctx = setup.ctx;
    this.run = setup.run;
    this.mapping = setup.mapping;
    this.lists = setup.lists;
    this.writer = setup.writer;
    this.onProgress = setup.onProgress;
  }
}

import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { counterOf } from '../ids.ts';
import type { Org, OrgSettings, Persistence } from '../org.ts';
import type { JournalOp } from './record-store.ts';

const SNAPSHOT = 'snapshot.jsonl';
const JOURNAL = 'journal.jsonl';

interface Meta {
  kind: 'meta';
  format: 1;
  settings: OrgSettings;
  integrationUserId: string;
}

/**
 * Durable org state in a folder: a snapshot (one JSON line per record) plus a journal of committed
 * transactions appended since. Loading replays both; `compact` (on a clean stop) folds the journal
 * into a new snapshot. A crash loses nothing that was committed: each transaction is one appended line.
 */
export class DataDir implements Persistence {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  hasState(): boolean {
    return existsSync(join(this.dir, SNAPSHOT)) || existsSync(join(this.dir, JOURNAL));
  }

  /** Loads records and settings into `org`; returns false when the folder holds no org yet. */
  load(org: Org): boolean {
    if (!this.hasState()) return false;
    let maxCounter = 0;
    const apply = (ops: JournalOp[]) => {
      for (const op of ops) {
        org.store.replay(op);
        const id = op[0] === 'put' ? op[2].Id : op[2];
        maxCounter = Math.max(maxCounter, counterOf(id));
      }
    };
    for (const line of readLines(join(this.dir, SNAPSHOT))) {
      const entry = JSON.parse(line);
      if (entry.kind === 'meta') this.applyMeta(org, entry as Meta);
      else apply([entry as JournalOp]);
    }
    for (const line of readLines(join(this.dir, JOURNAL))) {
      const entry = JSON.parse(line);
      if (entry.kind === 'meta') this.applyMeta(org, entry as Meta);
      else apply(entry as JournalOp[]);
    }
    org.bumpIdCounter(maxCounter);
    return true;
  }

  private applyMeta(org: Org, meta: Meta): void {
    org.updateSettingsSilently(meta.settings);
    if (meta.integrationUserId) org.integrationUserId = meta.integrationUserId;
  }

  append(ops: JournalOp[]): void {
    appendFileSync(join(this.dir, JOURNAL), `${JSON.stringify(ops)}\n`);
  }

  appendSettings(settings: OrgSettings): void {
    appendFileSync(
      join(this.dir, JOURNAL),
      `${JSON.stringify({ kind: 'meta', format: 1, settings, integrationUserId: '' })}\n`,
    );
  }

  /** Writes every record to a fresh snapshot and starts an empty journal. */
  compact(org: Org): void {
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      const meta: Meta = { kind: 'meta', format: 1, settings: org.settings, integrationUserId: org.integrationUserId };
      let buffer = `${JSON.stringify(meta)}\n`;
      for (const op of org.store.dump()) {
        buffer += `${JSON.stringify(op)}\n`;
        if (buffer.length > 1 << 20) {
          writeSync(fd, buffer);
          buffer = '';
        }
      }
      writeSync(fd, buffer);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    closeSync(openSync(join(this.dir, JOURNAL), 'w'));
  }

  /** Forgets everything (a reset): the next load starts from an empty org. */
  truncate(org: Org): void {
    this.compact(org);
  }
}

/** Reads a file line by line in chunks, so a snapshot of a million records never becomes one string. */
function* readLines(file: string): IterableIterator<string> {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(8 << 20);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const text = carry + decoder.write(chunk.subarray(0, n));
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) yield line;
    }
  } finally {
    closeSync(fd);
  }
  // A torn last line (crash mid-append) is a transaction that never committed: skip it.
  if (carry.trim() && isCompleteJson(carry)) yield carry;
}
function isCompleteJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

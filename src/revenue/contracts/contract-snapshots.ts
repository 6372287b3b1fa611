import { type ContractSnapshot, contractSnapshot, type SnapshotSource } from '../../domain/contract-snapshot.ts';

type KeyedLine = { lineItemId: string | null; lineKey?: string | null };

/** How a line is known in a snapshot: its Salesforce id, else its revbridge key, else its place. */
export function lineKeyOf(line: KeyedLine, position: number): string {
  return line.lineItemId ?? line.lineKey ?? `#${position + 1}`;
}

type Snapshotted = Omit<SnapshotSource, 'lines'> & {
  lines: ReadonlyArray<SnapshotSource['lines'][number] extends infer L ? Omit<L, 'key'> & KeyedLine : never>;
};

/** A contract (as stored, as an import plans it from its opportunity, or as a person changes it) as a snapshot. */
export function snapshotOf(c: Snapshotted): ContractSnapshot {
  return contractSnapshot({ ...c, lines: c.lines.map((l, i) => ({ ...l, key: lineKeyOf(l, i) })) });
}

import type { CrmObjectDescribe, CrmRecord } from '../crm.port.ts';

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

type Cell = (text: string) => unknown;

/**
 * Builds the records of one Bulk API results page from its CSV header: each column's path (`Parent.Name`
 * nests as REST nests it) and type are worked out once per page, then each row is one object built in one
 * pass over its cells (a 100,000-row read would otherwise build, split and copy every row three times).
 * Empty cells are null, as REST returns them.
 *
 * With the object's `describe`, cells are typed as the REST API types them (checkboxes as booleans,
 * numbers as numbers, the rest as strings; a column the describe does not know stays a string), so a flow
 * hashing values sees the same record through either API; and strings are copied out of the page: a cell
 * is a slice of the page's text, and one id a flow keeps (a link lookup, a parent it waits for) would
 * otherwise keep the whole page's text alive for as long as the run.
 */
export function bulkRecordBuilder(
  header: readonly string[],
  describe?: CrmObjectDescribe,
): (cells: readonly string[]) => CrmRecord {
  const columns = header.map((name) => {
    const path = name.split('.');
    return { path, cell: cellOf(path.length === 1 ? describe?.fields.get(name)?.type : undefined, !!describe) };
  });
  return (cells) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const { path, cell } = columns[i];
      const text = cells[i] ?? '';
      const value = text === '' ? null : cell(text);
      let target = out;
      for (let p = 0; p < path.length - 1; p++) target = (target[path[p]] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]] = value;
    }
    return out as CrmRecord;
  };
}

function cellOf(type: string | undefined, typed: boolean): Cell {
  if (!typed) return (text) => text;
  if (type === 'boolean') return (text) => text === 'true';
  if (type !== undefined && NUMERIC.has(type)) return Number;
  return ownCopy;
}

/** A string that holds its own characters (V8 flattens a concatenation before slicing it). */
function ownCopy(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}

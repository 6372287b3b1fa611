import type { CrmObjectDescribe, CrmRecord } from '../crm.port.ts';

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

/**
 * A Bulk API CSV row typed as the REST API types it: checkboxes as booleans, numbers as numbers, the rest
 * as strings (empty cells are already null). Fields the describe does not know keep their string.
 *
 * Strings are copied out of the page: a cell is a slice of the results page's text, and one id a flow
 * keeps (a link lookup, a parent it waits for) would otherwise keep the whole page's text alive — tens of
 * megabytes per page of 25,000 rows, for as long as the run.
 */
export function typedRow(row: CrmRecord, describe: CrmObjectDescribe): CrmRecord {
  const out: CrmRecord = { Id: row.Id };
  for (const [name, value] of Object.entries(row)) {
    if (typeof value !== 'string') {
      out[name] = value;
      continue;
    }
    const type = describe.fields.get(name)?.type;
    if (type === 'boolean') out[name] = value === 'true';
    else if (type !== undefined && NUMERIC.has(type)) out[name] = Number(value);
    else out[name] = ownCopy(value);
  }
  return out;
}

/** A string that holds its own characters (V8 flattens a concatenation before slicing it). */
function ownCopy(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}

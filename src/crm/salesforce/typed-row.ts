import type { CrmObjectDescribe, CrmRecord } from '../crm.port.ts';

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

/**
 * A Bulk API CSV row typed as the REST API types it: checkboxes as booleans, numbers as numbers, the rest
 * as strings (empty cells are already null). Fields the describe does not know keep their string.
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
    else out[name] = value;
  }
  return out;
}

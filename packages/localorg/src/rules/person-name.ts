import type { SfRecord } from '../store/record-store.ts';
import type { ObjectRules } from './types.ts';

/** Contact.Name and User.Name are read-only compounds of FirstName and LastName. */
function deriveName(row: SfRecord): void {
  const first = typeof row.FirstName === 'string' ? row.FirstName : '';
  const last = typeof row.LastName === 'string' ? row.LastName : '';
  row.Name = [first, last].filter(Boolean).join(' ') || null;
}

export const personNameRules: ObjectRules = {
  beforeInsert: (_ctx, _obj, row) => deriveName(row),
  beforeUpdate: (_ctx, _obj, row) => deriveName(row),
};

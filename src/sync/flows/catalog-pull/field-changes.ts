import { decimal } from '../../../domain/rate.ts';

/** A field that differs between what Salesforce holds and what it should hold. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * The fields of `wanted` whose value differs from the record's, compared as Salesforce stores them: blank
 * and null are the same, numbers by value ("49.00" is 49), the rest as text. Nothing changed: an empty
 * object, and no write.
 */
export function fieldChanges(
  current: Record<string, unknown> | undefined,
  wanted: Record<string, unknown>,
): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, to] of Object.entries(wanted)) {
    const from = current?.[field] ?? null;
    if (!sameValue(from, to)) changes[field] = { from, to };
  }
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  if (typeof a === 'number' || typeof b === 'number') {
    const text = (v: unknown) => String(v);
    if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text(a)) || !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text(b))) return false;
    return decimal(text(a)).equals(decimal(text(b)));
  }
  return String(a) === String(b);
}

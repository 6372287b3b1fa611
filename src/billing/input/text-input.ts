import { fail } from '../../domain/errors.ts';

/**
 * Free text as people type it: trimmed, bounded, and free of control characters. PostgreSQL refuses a
 * NUL byte in text with its own error, so it is refused here first, with the field's name.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when `text` holds a control character other than tab and line breaks. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

export function requireText(value: string | null | undefined, field: string, max = 255): string {
  if (value != null && typeof value !== 'string') fail('validation_failed', `${field} must be text.`, { field });
  const text = value?.trim() ?? '';
  if (text === '') fail('validation_failed', `${field} is required.`, { field });
  if (text.length > max) fail('validation_failed', `${field} is longer than ${max} characters.`, { field });
  if (CONTROL.test(text)) fail('validation_failed', `${field} holds a control character.`, { field });
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max = 255): string | null {
  if (value == null || (typeof value === 'string' && value.trim() === '')) return null;
  return requireText(value, field, max);
}

/** Codes are what Salesforce external ids and CLI users type: short, no spaces. */
export function parseCode(value: string | null | undefined, field = 'code'): string {
  const code = requireText(value, field, 64);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(code)) {
    fail('validation_failed', `${field} may hold letters, digits and _ . : - only, got "${code}".`, { field });
  }
  return code;
}

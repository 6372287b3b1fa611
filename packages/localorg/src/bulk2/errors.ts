import { SfError } from '../errors.ts';

/**
 * Bulk API 2.0 reports request errors as `[{errorCode, message}]` with its own upper-case codes
 * (INVALIDJOB, INVALIDJOBSTATE); jsforce's Bulk2 client reads exactly those two keys.
 */
export const invalidJob = (message: string) => new SfError('INVALIDJOB', message);

export function invalidJobState(from: string, to: string): SfError {
  return new SfError('INVALIDJOBSTATE', `Invalid state transition for job: the job is ${from} and cannot become ${to}`);
}

export const wrongState = (message: string) => new SfError('INVALIDJOBSTATE', message);

/** `CODE:message:fields --`, the sf__Error text of a failed row (`:--` when no field is named). */
export function rowErrorText(code: string, message: string, fields: readonly string[]): string {
  return fields.length > 0 ? `${code}:${message}:${fields.join(',')} --` : `${code}:${message}:--`;
}

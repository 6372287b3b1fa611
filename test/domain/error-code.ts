import { type ErrorCode, RevbridgeError } from '../../src/domain/errors.ts';

/**
 * The code of the expected failure `run` raises, or null when it succeeds. Lets one table hold both the
 * accepted and the refused cases of a rule. Anything that is not a RevbridgeError is a bug and rethrown.
 */
export function errorCodeOf(run: () => unknown): ErrorCode | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof RevbridgeError) return error.code;
    throw error;
  }
}

import { OAuthError, SfError } from '../errors.ts';
import type { Reply } from './types.ts';

/** Expected failures become Salesforce's error array; anything else is a bug, reported without a stack. */
export function errorReply(error: unknown): Reply {
  if (error instanceof SfError) return { status: error.status, json: error.toBody() };
  if (error instanceof OAuthError)
    return { status: error.status, json: { error: error.code, error_description: error.message } };
  console.error('localorg: unexpected error', error);
  return {
    status: 500,
    json: [
      {
        errorCode: 'UNKNOWN_EXCEPTION',
        message: 'An unexpected error occurred. Please include this ErrorId if you contact support: localorg',
      },
    ],
  };
}

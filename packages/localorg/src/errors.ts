/**
 * Salesforce errors as the REST API reports them: an HTTP status plus a JSON array of
 * `{ message, errorCode, fields }`. Inside sObject Collections results the same error is
 * reported with `statusCode` instead of `errorCode` (see `toRecordError`).
 */
export class SfError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly status = 400,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = errorCode;
  }

  /** Body of a single-record REST error response. */
  toBody(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    const body: { message: string; errorCode: string; fields?: string[] } = {
      message: this.message,
      errorCode: this.errorCode,
    };
    if (this.fields.length > 0 || FIELD_CODES.has(this.errorCode)) body.fields = this.fields;
    return [body];
  }

  /** Shape used per record in sObject Collections and composite results. */
  toRecordError(): RecordError {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields };
  }
}

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** Codes whose REST body always carries a `fields` array, even when empty. */
const FIELD_CODES = new Set([
  'REQUIRED_FIELD_MISSING',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'DUPLICATE_VALUE',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'STANDARD_PRICE_NOT_DEFINED',
  'MALFORMED_ID',
  'INVALID_CROSS_REFERENCE_KEY',
  'STRING_TOO_LONG',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'ENTITY_IS_DELETED',
  'UNABLE_TO_LOCK_ROW',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'INVALID_EMAIL_ADDRESS',
]);

export const notFound = () => new SfError('NOT_FOUND', 'The requested resource does not exist', 404);

/** SOQL and Bulk name an unknown object this way; REST paths answer `notFound()` instead. */
export const invalidType = (name: string) =>
  new SfError(
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export const noSuchColumn = (field: string, object: string) =>
  new SfError('INVALID_FIELD', `No such column '${field}' on sobject of type ${object}`);

/** OAuth endpoints answer `{ error, error_description }` instead of Salesforce's error array. */
export class OAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

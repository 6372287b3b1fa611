/**
 * revbridge's expected failures: a closed set of string codes, each with the HTTP status the API
 * answers and a sentence a billing operator or Salesforce admin understands. Bugs throw ordinary errors.
 */
export const ERROR_CATALOG = {
  validation_failed: { status: 400, text: 'The request is not valid.' },
  malformed_money: {
    status: 400,
    text: 'Amounts are written as decimal strings with at most the currency\'s minor units, e.g. "12.50".',
  },
  malformed_rate: { status: 400, text: 'Rates are written as decimal strings, e.g. "0.0125".' },
  unknown_currency: { status: 400, text: 'The currency is not an ISO 4217 code revbridge bills in.' },
  currency_locked: { status: 409, text: "The account's currency cannot change once it has been synced or billed." },
  currency_mismatch: { status: 409, text: 'Parent and child accounts must use the same currency.' },
  hierarchy_cycle: { status: 409, text: 'An account cannot be its own ancestor.' },
  reparent_outside_hierarchy: {
    status: 409,
    text: 'Once synced, an account can only be moved to a parent within the same hierarchy.',
  },
  invoicer_outside_hierarchy: {
    status: 409,
    text: 'Invoicer and tax accounts must be the account itself or another account in its hierarchy.',
  },
  account_not_found: { status: 404, text: 'No billing account has that id or number.' },
  account_number_taken: { status: 409, text: 'Another billing account already has that account number.' },
  contact_not_found: { status: 404, text: 'No contact has that id.' },
  package_not_found: { status: 404, text: 'No package has that id or code.' },
  package_code_taken: { status: 409, text: 'Another package already has that code.' },
  service_not_found: { status: 404, text: 'No package service has that id or code.' },
  price_book_not_found: { status: 404, text: 'No price book has that id or code.' },
  price_plan_not_found: { status: 404, text: 'No account price plan has that id.' },
  product_not_found: { status: 404, text: 'No account product has that id.' },
  invoice_not_found: { status: 404, text: 'No invoice has that id or number.' },
  tax_rate_not_found: { status: 404, text: 'No tax rate is set for that jurisdiction.' },
  negative_quantity: { status: 400, text: 'Quantities cannot be negative.' },
  invalid_period: { status: 400, text: 'The end date must not be before the start date.' },
  inactive_package: { status: 409, text: 'The package is not active and cannot be ordered.' },
  price_not_defined: { status: 409, text: 'The service has no price effective on that date.' },
  run_date_in_future: {
    status: 400,
    text: 'A billing run cannot be dated after today: it would bill usage that has not happened yet.',
  },
  usage_period_billed: {
    status: 409,
    text: 'The usage falls in a period that is already invoiced, and late usage is set to be refused.',
  },
  payment_exceeds_due: { status: 409, text: 'The payment is larger than the amount due on the invoice.' },
  invoice_voided: { status: 409, text: 'The invoice is void: it can be neither paid nor credited.' },
  invoice_already_void: { status: 409, text: 'The invoice is already void.' },
  invoice_has_payments: {
    status: 409,
    text: 'The invoice has payments applied and cannot be voided; issue a credit note instead.',
  },
  invoice_has_credit_notes: {
    status: 409,
    text: 'The invoice has credit notes and cannot be voided; credit what is left instead.',
  },
  invoice_corrected_later: {
    status: 409,
    text: 'A later invoice adjusted periods this invoice billed, so it cannot be voided; issue a credit note instead.',
  },
  invoice_line_not_found: { status: 404, text: 'The invoice has no line with that id.' },
  credit_exceeds_invoice: { status: 409, text: 'Credit notes cannot credit more than the invoice total.' },
  credit_exceeds_line: { status: 409, text: 'A credit note cannot credit more than is left on an invoice line.' },
  credit_note_not_found: { status: 404, text: 'No credit note has that id or number.' },
  unauthenticated: {
    status: 401,
    text: 'This request needs a valid API key, sent as "Authorization: Bearer <key>" (create one with `revbridge apikey create`).',
  },
  forbidden: { status: 403, text: "The API key's role does not allow this request." },
  api_key_not_found: { status: 404, text: 'No API key has that id or prefix.' },
  job_task_unknown: { status: 400, text: 'No queue task has that name.' },
  job_payload_invalid: { status: 400, text: "The job's payload does not match what its task takes." },
  job_queue_not_installed: {
    status: 503,
    text: 'The job queue is not installed in this database yet; start the hub or `revbridge worker` once.',
  },
} as const satisfies Record<string, { status: number; text: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** An expected failure with its code, a specific message, and optional details (e.g. the field). */
export class RevbridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message ?? ERROR_CATALOG[code].text);
    this.name = 'RevbridgeError';
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }
}

export function fail(code: ErrorCode, message?: string, details?: Record<string, unknown>): never {
  throw new RevbridgeError(code, message, details);
}

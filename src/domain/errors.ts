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
  price_plan_account_changed: {
    status: 409,
    text: 'A price plan stays on the account it was made for; the opportunity now names another account: push a new opportunity for that account.',
  },
  product_not_found: { status: 404, text: 'No account product has that id.' },
  invoice_not_found: { status: 404, text: 'No invoice has that id or number.' },
  tax_rate_not_found: { status: 404, text: 'No tax rate is set for that jurisdiction.' },
  bill_group_unknown: {
    status: 404,
    text: 'The bill group is not one billing defines: pick one listed by `revbridge bill-group list` (GET /bill-groups), or add it with `revbridge bill-group add`.',
  },
  bill_group_taken: {
    status: 409,
    text: 'A bill group with that code (in any case) already exists with another name; use it as it is, or pick another code.',
  },
  bill_group_in_use: {
    status: 409,
    text: 'Accounts are in that bill group, so it cannot be removed: move them to another bill group first.',
  },
  ar_term_unknown: {
    status: 404,
    text: 'The AR term is not one billing defines: pick one listed by `revbridge ar-term list` (GET /ar-terms), or add it with `revbridge ar-term add`.',
  },
  ar_term_taken: {
    status: 409,
    text: 'An AR term with that code (in any case) or that number of days already exists; each term names a different number of days.',
  },
  ar_term_in_use: {
    status: 409,
    text: "Accounts have that AR term's number of days, so it cannot be removed: change their AR term first.",
  },
  account_category_unknown: {
    status: 404,
    text: 'The account category is not one billing defines: pick one listed by `revbridge account-category list` (GET /account-categories), or add it with `revbridge account-category add`.',
  },
  account_category_taken: {
    status: 409,
    text: 'An account category with that code (in any case) already exists with another name; use it as it is, or pick another code.',
  },
  account_category_in_use: {
    status: 409,
    text: 'Accounts are in that category, so it cannot be removed: move them to another category first.',
  },
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
  unknown_country: {
    status: 400,
    text: 'The country is not one revbridge recognises; write an ISO 3166-1 code such as "US" or a country name.',
  },
  billing_field_missing: {
    status: 400,
    text: 'A field billing needs to create the account is empty; fill it in on the Salesforce record.',
  },
  parent_sync_failed: {
    status: 409,
    text: 'The parent account did not sync to billing, so this account waits for it; fix the parent first.',
  },
  value_not_in_billing: {
    status: 400,
    text: 'The value is not one billing defines; pick one of the values billing publishes to Salesforce.',
  },
  mapping_invalid: {
    status: 409,
    text: "A field mapping names a Salesforce field the org does not have, or one revbridge's user cannot write.",
  },
  sync_run_not_found: { status: 404, text: 'No sync run has that id.' },
  sync_run_not_retryable: {
    status: 409,
    text: 'That run is not retried as it was: start it again with the command or button that made it.',
  },
  sync_run_interrupted: {
    status: 503,
    text: 'The process running this sync stopped (killed or crashed) before it finished; billing keeps what it committed, and the next run picks up the rest.',
  },
  sync_outcome_not_found: { status: 404, text: 'No sync history record has that id.' },
  salesforce_record_not_found: { status: 404, text: 'Salesforce has no record with that id.' },
  already_linked: {
    status: 409,
    text: 'The Salesforce record or the billing account is already linked to another record.',
  },
  salesforce_login_failed: {
    status: 502,
    text: 'Salesforce refused to log revbridge in; check the connected app and the SALESFORCE_* settings.',
  },
  salesforce_unavailable: {
    status: 503,
    text: 'Salesforce did not answer after several attempts; the work is retried later.',
  },
  salesforce_request_failed: { status: 502, text: 'Salesforce refused a request revbridge made.' },
  catalog_currency_not_in_org: {
    status: 409,
    text: "A package is priced in a currency the Salesforce org does not use; turn on multiple currencies in Salesforce, or price the package in the org's currency.",
  },
  opportunity_not_found: { status: 404, text: 'Salesforce has no opportunity with that id.' },
  opportunity_line_not_found: { status: 404, text: 'The opportunity has no product line with that id.' },
  opportunity_not_on_integrated_book: {
    status: 409,
    text: "The opportunity is not priced from revbridge's integrated price book; choose that price book on the opportunity and add its products from it.",
  },
  product_not_in_billing: {
    status: 409,
    text: "A product on the opportunity is not one of billing's packages (it carries no billing package id billing knows); sell only products of the integrated price book.",
  },
  opportunity_not_won: {
    status: 409,
    text: 'Only a Closed Won opportunity is pushed to billing; close it as won (through any approval your org requires) first.',
  },
  opportunity_has_no_products: {
    status: 409,
    text: 'The opportunity has no products to push; add them from the integrated price book.',
  },
  opportunity_has_no_account: {
    status: 409,
    text: 'The opportunity names no account; billing records its pricing on an account.',
  },
  opportunity_type_unmapped: {
    status: 409,
    text: 'The Opportunity Type names no billing process; map it in REVBRIDGE_OPPORTUNITY_PROCESSES (price_plan, add_products or both).',
  },
  account_not_in_billing: {
    status: 409,
    text: "The opportunity's account could not be brought to billing; fix what the account sync reports on the Account, then push again.",
  },
  sales_price_mismatch: {
    status: 409,
    text: "A line's sales price is not what its services add up to (edited by hand, or discounted); price the services instead, so the customer is billed what was sold.",
  },
  revenue_account_missing: {
    status: 422,
    text: 'The opportunity names no account; a contract belongs to one. Set its Account in Salesforce.',
  },
  revenue_term_missing: {
    status: 422,
    text: 'A recurring product needs a term: set Term Start Date and Term End Date on the opportunity (or on each line item).',
  },
  revenue_term_invalid: {
    status: 422,
    text: 'The term ends before it starts; correct the Term Start Date or Term End Date.',
  },
  revenue_assigned_incomplete: {
    status: 422,
    text: "Assigned ARR and Assigned MRR replace the contract's computed revenue together: set both, or neither.",
  },
  revenue_currency_unknown: {
    status: 422,
    text: "The opportunity's currency has no conversion rate in the org (Setup → Manage Currencies); revenue is kept in the corporate currency.",
  },
  revenue_amount_malformed: {
    status: 422,
    text: 'An amount on the opportunity is not a decimal revbridge can keep exactly in its currency.',
  },
  revenue_no_products: {
    status: 422,
    text: 'The opportunity has no products; a contract needs at least one (add line items, or import without line items).',
  },
  product_lookup_ambiguous: {
    status: 422,
    text: "The product key matches more than one revenue product (query did not return a unique result); make the products' codes unique, or look products up by id.",
  },
  revenue_link_overlap: {
    status: 409,
    text: 'A renewal must start after the contract it renews ends: their terms overlap. Fix the dates, or link it as an amendment.',
  },
  revenue_link_invalid: {
    status: 409,
    text: 'Those contracts cannot be linked that way (the same contract, a renewal ending before the original starts, or an amendment starting outside the term it amends).',
  },
  revenue_product_unknown: {
    status: 422,
    text: 'No revenue product has that code; products come from Salesforce with the revenue import (`revbridge revenue import`).',
  },
  contract_from_salesforce: {
    status: 409,
    text: 'The contract is a Salesforce opportunity: delete it there, or uncheck it from the revenue import (revbridge never deletes in Salesforce).',
  },
  revenue_field_owned_by_salesforce: {
    status: 409,
    text: 'That field of a contract in Salesforce goes one way, Salesforce → revbridge (REVBRIDGE_REVENUE_SALESFORCE_OWNS): change it on the opportunity.',
  },
  revenue_line_in_salesforce: {
    status: 409,
    text: 'That line is an opportunity product in Salesforce: revbridge neither deletes it nor changes its product; do that in Salesforce, or add a line.',
  },
  revenue_contract_currency: {
    status: 409,
    text: "The contract's opportunity is in another currency than revbridge keeps revenue in; change its amounts on the opportunity.",
  },
  revenue_conflict: {
    status: 409,
    text: 'The contract was changed both in revbridge and in Salesforce since they last agreed; resolve it (`revbridge revenue conflicts`) before it is pushed.',
  },
  revenue_conflict_not_found: { status: 404, text: 'That contract has no conflict to resolve.' },
  revenue_push_not_possible: {
    status: 422,
    text: 'The contract cannot become an opportunity as it is (a product not in Salesforce, or not in the price book); the message says which.',
  },
  revenue_price_book_not_found: {
    status: 409,
    text: 'The price book pushed contracts are priced from is not in the org (REVBRIDGE_REVENUE_PRICEBOOK, or the standard price book).',
  },
  revenue_stage_unknown: { status: 404, text: 'No contract has been imported with that stage yet.' },
  contract_not_found: { status: 404, text: 'No contract has that id.' },
  salesforce_not_configured: {
    status: 409,
    text: 'No Salesforce org is configured: set SALESFORCE_LOGIN_URL and credentials, or run the local org.',
  },
  api_budget_low: {
    status: 429,
    text: "Salesforce's daily API allowance is down to the reserve kept for the org's users; the work resumes later.",
  },
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

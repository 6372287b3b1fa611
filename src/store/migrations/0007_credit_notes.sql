-- Corrections without edits: an issued invoice is voided or credited, never rewritten.

-- A void is a mark on the invoice, not a deletion: the invoice keeps its number and lines. Its status is
-- derived (void / paid / open). invoices.voided_at comes from 0004: lines of an invoice with voided_at set
-- do not count as billed, so the next run bills those periods again.
ALTER TABLE invoices ADD COLUMN void_reason text NULL;
ALTER TABLE invoices ADD CONSTRAINT invoices_void_reason_check CHECK ((voided_at IS NULL) = (void_reason IS NULL));

-- A credit note gives back part or all of one invoice. It is addressed to the invoiced account and
-- numbered in a series of its own per account (<account number>-CN-0001), like invoices.
CREATE TABLE credit_notes (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  invoice_id bigint NOT NULL REFERENCES invoices (id),
  sequence integer NOT NULL,
  credit_note_number text NOT NULL UNIQUE,
  reason text NOT NULL,
  currency char(3) NOT NULL,
  subtotal_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL CHECK (total_minor > 0),
  issued_on date NOT NULL,
  -- The caller's idempotency key: a credit note with a known reference is issued once.
  reference text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, sequence),
  CHECK (total_minor = subtotal_minor + tax_minor)
);
-- An invoice's credited amount is the sum of its credit notes: read on every invoice view and payment.
CREATE INDEX credit_notes_invoice_idx ON credit_notes (invoice_id);

-- What a credit note takes from each invoice line, before tax and its tax, so a line is never credited
-- beyond what it billed.
CREATE TABLE credit_note_lines (
  credit_note_id bigint NOT NULL REFERENCES credit_notes (id),
  invoice_line_id bigint NOT NULL REFERENCES invoice_lines (id),
  amount_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  PRIMARY KEY (credit_note_id, invoice_line_id)
);
CREATE INDEX credit_note_lines_invoice_line_idx ON credit_note_lines (invoice_line_id);

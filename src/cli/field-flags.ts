import type { Command } from 'commander';
import { RevbridgeError } from '../domain/errors.ts';

/**
 * The CLI's word for a use-case input field where the two differ (`startDate` is typed `--start`). A field
 * not listed keeps its own name. Either way a name only becomes a flag or an argument if the command that
 * failed has one by that name, so a JSON key in a file the user imported (usage rows) is left as written.
 */
export const CLI_NAMES: Readonly<Record<string, string>> = {
  today: 'asOf',
  startDate: 'start',
  endDate: 'end',
  effectiveFrom: 'from',
  effectiveTo: 'to',
  usedOn: 'on',
  serviceState: 'state',
  statePrices: 'state',
  includedQuantity: 'included',
  overageRate: 'overage',
  primaryEmail: 'email',
  billingCycle: 'cycle',
  arTermDays: 'arTerm',
  accountCategory: 'category',
  accountNumber: 'number',
  parentId: 'parent',
  subscriptionInvoicerId: 'subscriptionInvoicer',
  usageInvoicerId: 'usageInvoicer',
  taxAccountId: 'taxAccount',
  invoiceId: 'invoice',
  accountId: 'account',
  serviceId: 'service',
  packageIdOrCode: 'package',
  roles: 'role',
  isPrimary: 'primary',
};

/**
 * What the user typed for an input field of `command`: its flag (`--as-of`) or its argument
 * (`<account>`), or undefined when the command takes the field under no name (then the API name stands).
 * `address.postalCode` is looked up by its last part.
 */
export function flagForField(command: Command, field: string): string | undefined {
  const last = field.split('.').at(-1) ?? field;
  const candidates = [...new Set([field, CLI_NAMES[field], last, CLI_NAMES[last]])].filter((n) => n !== undefined);
  for (const name of candidates) {
    const option = command.options.find((o) => o.attributeName() === name);
    if (option?.long) return option.long;
  }
  for (const name of candidates) {
    // Both the API's name and the CLI's: `<serviceId>` is typed for serviceId, `<account>` for accountId.
    if (command.registeredArguments.some((a) => a.name() === name)) return `<${name}>`;
  }
  return undefined;
}

/**
 * The error as the CLI user should read it: the fields named in `details.field`/`details.fields` become the
 * flags or arguments of the command that ran, in the details and in the message. A message that does not
 * name its field is prefixed with the flag, so the user always learns which of their inputs is wrong.
 */
export function inCliTerms(error: RevbridgeError, command: Command | undefined): RevbridgeError {
  if (!command) return error;
  const { field, fields } = error.details;
  const named = [...(typeof field === 'string' ? [field] : []), ...(Array.isArray(fields) ? fields : [])];
  const flags = new Map<string, string>();
  for (const f of named) {
    const flag = typeof f === 'string' ? flagForField(command, f) : undefined;
    if (flag) flags.set(f as string, flag);
  }
  if (flags.size === 0) return error;

  const rename = (f: unknown) => (typeof f === 'string' ? (flags.get(f) ?? f) : f);
  const details = { ...error.details };
  if (typeof field === 'string') details.field = rename(field);
  if (Array.isArray(fields)) details.fields = fields.map(rename);

  let message = error.message;
  let mentioned = false;
  for (const [f, flag] of flags) {
    // A message the CLI wrote itself may name the flag already ("--state takes state=amount").
    if (message.includes(flag)) {
      mentioned = true;
      continue;
    }
    const replaced = replaceFirstOutsideQuotes(message, f, flag);
    mentioned ||= replaced !== message;
    message = replaced;
  }
  if (!mentioned) message = `${[...flags.values()].join(', ')}: ${message}`;
  return new RevbridgeError(error.code, message, details);
}

/**
 * Replaces the first use of the word `word` as a word (messages open with the field they are about), never
 * inside "…", where it is a value the user typed (a service whose code is "name"). A plain lower-case word
 * counts only where it opens the message: further in, "key" or "date" is more likely English than a field
 * ("Name the key by its id"), and the message then gets the flag as a prefix instead.
 */
function replaceFirstOutsideQuotes(message: string, word: string, by: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const camel = /[A-Z]/.test(word);
  const pattern = camel
    ? new RegExp(`(?<![\\w.-])${escaped}(?![\\w-])`)
    : new RegExp(`^((?:rows\\[\\d+\\]: )?)${escaped}(?![\\w-])`);
  let done = false;
  return message
    .split(/("[^"]*")/)
    .map((part, i) => {
      if (done || i % 2 === 1 || (!camel && i > 0) || !pattern.test(part)) return part;
      done = true;
      return part.replace(pattern, (_m, lead: string | undefined) => `${typeof lead === 'string' ? lead : ''}${by}`);
    })
    .join('');
}

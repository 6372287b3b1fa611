import { fail, RevbridgeError } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { findAccountsByRefs } from '../accounts/accounts.repo.ts';
import { findServicesByIds } from '../catalog/catalog.repo.ts';
import { optionalText } from '../input/text-input.ts';
import { parseDate } from '../input/date-input.ts';
import { parseQuantity } from '../input/decimal-input.ts';
import { listBilledUsageRanges, listUsageCoverage, storedExternalIds } from './usage.repo.ts';

/**
 * What happens to usage dated in a period that is already invoiced: `bill` (the default) records it and
 * the next run bills it as a late-usage line naming its period; `refuse` turns it away with
 * `usage_period_billed`. Never accepted and dropped.
 */
export type LateUsagePolicy = 'bill' | 'refuse';

export interface UsageInput {
  /** Account id or number. */
  accountId: string;
  /** A service of kind `usage`. */
  serviceId: string;
  quantity: string | number;
  usedOn: string;
  /** The sender's id for this record; the same id twice records once. */
  externalId?: string | null;
}

export interface CheckedUsage {
  account_id: bigint;
  service_id: bigint;
  quantity: string;
  used_on: string;
  external_id: string | null;
}

/**
 * Checks usage rows in bulk (a fixed number of queries however many rows): each names a known account
 * and a usage service the account has a running product for on the day used. The first bad row refuses
 * the whole call; `where` says which row it was in a batch.
 */
export async function checkUsage(
  db: Db,
  inputs: UsageInput[],
  batch: boolean,
  lateUsage: LateUsagePolicy = 'bill',
): Promise<CheckedUsage[]> {
  const where = (i: number) => (batch ? `rows[${i}]: ` : '');
  const parsed = inputs.map((input, i) => {
    // In a batch each field is named with its row, as the API names it (`rows[3].quantity`).
    const field = (name: string) => (batch ? `rows[${i}].${name}` : name);
    try {
      return {
        accountRef: String(input.accountId ?? ''),
        serviceId: String(input.serviceId ?? ''),
        quantity: parseQuantity(input.quantity, field('quantity')),
        usedOn: parseDate(input.usedOn, field('usedOn')),
        externalId: optionalText(input.externalId, field('externalId'), 255),
      };
    } catch (error) {
      if (batch && error instanceof RevbridgeError) Object.assign(error.details, { index: i });
      throw error;
    }
  });
  const accounts = await findAccountsByRefs(db, [...new Set(parsed.map((p) => p.accountRef))]);
  const services = await findServicesByIds(db, [...new Set(parsed.map((p) => p.serviceId))]);
  const accountIds = [...new Set([...accounts.values()].map((a) => a.id))];
  const coverage = await listUsageCoverage(db, accountIds);
  const billed = lateUsage === 'refuse' ? await listBilledUsageRanges(db, accountIds) : [];
  const resent =
    lateUsage === 'refuse'
      ? await storedExternalIds(
          db,
          parsed.flatMap((p) => (p.externalId === null ? [] : [p.externalId])),
        )
      : new Set<string>();
  return parsed.map((p, i) => {
    const account = accounts.get(p.accountRef);
    if (!account)
      fail('account_not_found', `${where(i)}No billing account has id or number "${p.accountRef}".`, { index: i });
    const service = services.get(p.serviceId);
    if (!service) fail('service_not_found', `${where(i)}No package service has id "${p.serviceId}".`, { index: i });
    if (service.kind !== 'usage') {
      fail('validation_failed', `${where(i)}Service ${service.code} is ${service.kind}, not usage.`, {
        index: i,
        field: 'serviceId',
      });
    }
    const covered = coverage.some(
      (c) =>
        c.account_id === account.id &&
        c.service_id === service.id &&
        c.start_date <= p.usedOn &&
        (c.end_date === null || c.end_date >= p.usedOn),
    );
    if (!covered) {
      fail(
        'validation_failed',
        `${where(i)}Account ${account.account_number} has no product with service ${service.code} on ${p.usedOn}.`,
        { index: i, field: 'serviceId' },
      );
    }
    const invoiced =
      (p.externalId === null || !resent.has(p.externalId)) &&
      billed.find(
        (b) =>
          b.account_id === account.id &&
          b.service_id === service.id &&
          b.period_start <= p.usedOn &&
          b.period_end >= p.usedOn,
      );
    if (invoiced) {
      fail(
        'usage_period_billed',
        `${where(i)}Usage of ${service.code} on ${p.usedOn} for account ${account.account_number} falls in ` +
          `${invoiced.period_start} to ${invoiced.period_end}, already invoiced on ${invoiced.invoice_number}; ` +
          'late usage is refused (REVBRIDGE_LATE_USAGE=refuse).',
        { index: i, field: 'usedOn', periodStart: invoiced.period_start, periodEnd: invoiced.period_end },
      );
    }
    return {
      account_id: account.id,
      service_id: service.id,
      quantity: p.quantity,
      used_on: p.usedOn,
      external_id: p.externalId,
    };
  });
}

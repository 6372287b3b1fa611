import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { decimal } from '../../domain/rate.ts';
import { findAccount } from '../accounts/accounts.repo.ts';
import { assertPeriod, isId, parseDate } from '../catalog/input.ts';
import { listUsageRows, sumUsage, type UsageFilter } from './usage.repo.ts';
import { toUsageView, type UsageView } from './usage.views.ts';

export interface ListUsageInput {
  /** Account id or number. */
  accountId: string;
  serviceId?: string;
  /** First and last day used (inclusive). */
  from?: string;
  to?: string;
  /** Page size, 1–5000 (default 500). */
  limit?: number;
  cursor?: string;
}

export interface UsageListing {
  records: UsageView[];
  nextCursor: string | null;
  /** Per service, over the whole filter (every page). */
  totals: { serviceId: string; serviceCode: string; quantity: string }[];
}

/** An account's usage records, a page at a time, with totals per service. */
export async function listUsage(ctx: AppContext, input: ListUsageInput): Promise<UsageListing> {
  const limit = input.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
    fail('validation_failed', `limit must be a whole number from 1 to 5000, got ${limit}.`, { field: 'limit' });
  }
  if (input.cursor !== undefined && !isId(input.cursor)) {
    fail('validation_failed', `"${input.cursor}" is not a cursor from a previous page.`, { field: 'cursor' });
  }
  const from = input.from === undefined ? undefined : parseDate(input.from, 'from');
  const to = input.to === undefined ? undefined : parseDate(input.to, 'to');
  if (from && to) assertPeriod(from, to);
  if (input.serviceId !== undefined && !isId(input.serviceId)) {
    fail('service_not_found', `No package service has id "${input.serviceId}".`);
  }
  const account = await findAccount(ctx.db, input.accountId);
  if (!account) fail('account_not_found', `No billing account has id or number "${input.accountId}".`);
  const filter: UsageFilter = {
    accountId: account.id,
    serviceId: input.serviceId === undefined ? undefined : BigInt(input.serviceId),
    from,
    to,
  };
  const rows = await listUsageRows(ctx.db, {
    ...filter,
    limit: limit + 1,
    afterId: input.cursor === undefined ? null : BigInt(input.cursor),
  });
  const page = rows.slice(0, limit);
  const totals = await sumUsage(ctx.db, filter);
  return {
    records: page.map(toUsageView),
    nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
    totals: totals.map((t) => ({
      serviceId: t.service_id.toString(),
      serviceCode: t.service_code,
      quantity: decimal(t.quantity).toFixed(),
    })),
  };
}

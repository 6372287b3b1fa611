import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { decimal } from '../../domain/rate.ts';
import { assertPeriod, parseDate } from '../input/date-input.ts';
import { isId } from '../input/id-input.ts';
import { listUsageRows, sumUsage, type UsageFilter } from './usage.repo.ts';
import { keysetPage, type PageRequest, pageWindow } from '../keyset-page.ts';
import { toUsageView, type UsageView } from './usage.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface ListUsageInput extends PageRequest {
  /** Account id or number. */
  accountId: string;
  serviceId?: string;
  /** First and last day used (inclusive). */
  from?: string;
  to?: string;
  /** Page size, 1–5000 (default 500). */
  limit?: number;
}

export interface UsageListing {
  records: UsageView[];
  nextCursor: string | null;
  /** Per service, over the whole filter (every page). */
  totals: { serviceId: string; serviceCode: string; quantity: string }[];
}

/** An account's usage records, a page at a time, with totals per service. */
export async function listUsage(ctx: AppContext, input: ListUsageInput): Promise<UsageListing> {
  const window = pageWindow(input, 500, 5000);
  const from = input.from === undefined ? undefined : parseDate(input.from, 'from');
  const to = input.to === undefined ? undefined : parseDate(input.to, 'to');
  if (from && to) assertPeriod(from, to);
  if (input.serviceId !== undefined && !isId(input.serviceId)) {
    fail('service_not_found', `No package service has id "${input.serviceId}".`);
  }
  const account = await requireAccount(ctx.db, input.accountId);
  const filter: UsageFilter = {
    accountId: account.id,
    serviceId: input.serviceId === undefined ? undefined : BigInt(input.serviceId),
    from,
    to,
  };
  const rows = await listUsageRows(ctx.db, {
    ...filter,
    limit: window.fetch,
    afterId: window.afterId,
  });
  const { page, nextCursor } = keysetPage(rows, window);
  const totals = await sumUsage(ctx.db, filter);
  return {
    records: page.map(toUsageView),
    nextCursor,
    totals: totals.map((t) => ({
      serviceId: t.service_id.toString(),
      serviceCode: t.service_code,
      quantity: decimal(t.quantity).toFixed(),
    })),
  };
}

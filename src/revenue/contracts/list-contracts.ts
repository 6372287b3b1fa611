import type { AppContext } from '../../app-context.ts';
import { keysetPage, type PageRequest, pageWindow } from '../../billing/keyset-page.ts';
import { isIsoDate } from '../../domain/billing-period.ts';
import { today } from '../../domain/clock.ts';
import { fail } from '../../domain/errors.ts';
import { salesforceId18 } from '../../domain/salesforce-id.ts';
import { type ContractView, contractView } from './contract-view.ts';
import { type ContractFilter, findContracts, linksOf } from './stored-contracts.repo.ts';

/** Contracts as of a day (today by default), in id order, `limit` at a time after `afterId`. */
export async function listContracts(
  ctx: AppContext,
  filter: ContractFilter & { asOf?: string },
): Promise<ContractView[]> {
  const asOf = filter.asOf ?? today(ctx.clock);
  const contracts = await findContracts(ctx.db, filter);
  const links = await linksOf(ctx.db, contracts);
  return contracts.map((c) => contractView(c, links, asOf));
}

export interface ContractQuery extends PageRequest {
  /** The day ARR, MRR and state are read on (`YYYY-MM-DD`); today by default. */
  asOf?: string;
  /** Only the contracts of this Salesforce account. */
  account?: string;
  /** Archived contracts (their opportunity was deleted in Salesforce) too. */
  archived?: boolean;
}

/** One page of contracts for the CLI and the API (100 by default, at most 1,000), checked input first. */
export async function contractPage(
  ctx: AppContext,
  query: ContractQuery,
): Promise<{ contracts: ContractView[]; nextCursor: string | null }> {
  if (query.asOf !== undefined && !isIsoDate(query.asOf)) {
    fail('validation_failed', `--as-of must be a date like 2026-06-30, got "${query.asOf}".`, { field: 'asOf' });
  }
  const account = query.account === undefined ? undefined : salesforceId18(query.account);
  if (query.account !== undefined && account === undefined) {
    fail('validation_failed', `"${query.account}" is not a Salesforce account id.`, { field: 'account' });
  }
  const window = pageWindow(query, 100, 1_000);
  const rows = await listContracts(ctx, {
    asOf: query.asOf,
    accountId: account,
    includeArchived: query.archived,
    afterId: window.afterId ?? undefined,
    limit: window.fetch,
  });
  const { page, nextCursor } = keysetPage(
    rows.map((c) => ({ ...c, id: BigInt(c.contractId) })),
    window,
  );
  return { contracts: page.map(({ id: _id, ...c }) => c), nextCursor };
}

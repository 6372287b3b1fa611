import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import { CONTRACT_LINK_KINDS, type ContractLinkKind, checkContractLink } from '../../domain/contract-link.ts';
import { fail } from '../../domain/errors.ts';
import { salesforceId18 } from '../../domain/salesforce-id.ts';
import type { Db } from '../../store/db.ts';
import { type ContractView, contractView } from './contract-view.ts';
import { storedSnapshot } from './contract-snapshots.ts';
import { markChangedInRevbridge, saveContractLink } from './contracts.repo.ts';
import { findContractId, findContractsById, linksOf } from './stored-contracts.repo.ts';

/**
 * A renewal or amendment link made in revbridge: `later` renews (or amends) `earlier`. Checked as the seed asks
 * (`checkContractLink`: no overlapping renewal, no renewal ending before the original starts), unlike links an
 * import brings from Salesforce. A contract renews or amends one contract: a new link replaces its earlier one.
 * Contracts are named by revbridge id or by their opportunity's Salesforce id. The later contract is then pending:
 * the next push writes the link on its opportunity.
 */
export async function linkContracts(
  ctx: AppContext,
  kind: string,
  earlierRef: string,
  laterRef: string,
): Promise<{ kind: ContractLinkKind; earlier: ContractView; later: ContractView }> {
  if (!(CONTRACT_LINK_KINDS as readonly string[]).includes(kind)) {
    fail('validation_failed', `A link is a ${CONTRACT_LINK_KINDS.join(' or an ')}; not "${kind}".`, { field: 'kind' });
  }
  const linkKind = kind as ContractLinkKind;
  const [earlierId, laterId] = [await contractIdOf(ctx.db, earlierRef), await contractIdOf(ctx.db, laterRef)];
  const byId = new Map((await findContractsById(ctx.db, [earlierId, laterId])).map((c) => [c.id, c]));
  const earlier = byId.get(earlierId)!;
  const later = byId.get(laterId)!;
  checkContractLink(
    linkKind,
    { id: earlier.id.toString(), start: earlier.start, end: earlier.end },
    { id: later.id.toString(), start: later.start, end: later.end },
  );
  await ctx.db.transaction().execute(async (trx) => {
    await saveContractLink(trx, linkKind, earlierId, laterId, ctx.clock.now());
    // A contract in Salesforce now links another: pending, so a push writes Renews__c (or Amends__c) on its opportunity.
    if (later.opportunityId !== null) {
      await markChangedInRevbridge(trx, laterId, later.synced ?? storedSnapshot(later), ctx.clock.now());
    }
  });
  const contracts = await findContractsById(ctx.db, [earlierId, laterId]);
  const links = await linksOf(ctx.db, contracts);
  const asOf = today(ctx.clock);
  const view = (id: bigint) =>
    contractView(
      contracts.find((c) => c.id === id)!,
      links,
      asOf,
    );
  return { kind: linkKind, earlier: view(earlierId), later: view(laterId) };
}

/** A contract's id from its revbridge id or its opportunity's Salesforce id; `contract_not_found` otherwise. */
export async function contractIdOf(db: Db, ref: string): Promise<bigint> {
  const byId = /^\d{1,18}$/.test(ref);
  const opportunityId = byId ? undefined : salesforceId18(ref);
  if (!byId && opportunityId === undefined) {
    fail('validation_failed', `"${ref}" is neither a contract id nor a Salesforce opportunity id.`, { value: ref });
  }
  const id = await findContractId(db, byId ? { id: BigInt(ref) } : { opportunityId: opportunityId! });
  if (id === undefined) {
    fail('contract_not_found', `No contract is ${byId ? `contract ${ref}` : `opportunity ${ref}`}.`, { ref });
  }
  return id;
}

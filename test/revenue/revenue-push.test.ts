import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/build-api.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { DEFAULT_REVENUE_POLICIES } from '../../src/domain/revenue-policies.ts';
import { listConflicts } from '../../src/revenue/conflicts/conflicts.repo.ts';
import { resolveConflicts, revenueConflicts } from '../../src/revenue/conflicts/resolve-conflicts.ts';
import { listContracts } from '../../src/revenue/contracts/list-contracts.ts';
import { linkContracts } from '../../src/revenue/contracts/link-contracts.ts';
import { createContract, deleteContract, updateContract } from '../../src/revenue/contracts/manage-contracts.ts';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { pushContracts } from '../../src/revenue/push/push-contracts.ts';
import { listOutcomes } from '../../src/sync/history/history.repo.ts';
import { revbridge } from '../sync/revbridge-cli.ts';
import { orgControl } from '../sync/seed-flagged-accounts.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { createCatalog, createDeal, orgSettings } from './revenue-helpers.ts';

/**
 * The org as an admin changed it: Assigned MRR is a formula (a twelfth of Assigned ARR), and a validation rule
 * sends deals with an Assigned ARR above 500,000 to the deal desk.
 */
function adminsOrg(): string {
  const root = mkdtempSync(join(tmpdir(), 'revenue-push-org-'));
  const app = join(root, 'force-app');
  cpSync(fileURLToPath(new URL('../../salesforce/force-app', import.meta.url)), app, { recursive: true });
  const opportunity = join(app, 'main/default/objects/Opportunity');
  const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
  writeFileSync(
    join(opportunity, 'fields/Assigned_MRR__c.field-meta.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${ns}><fullName>Assigned_MRR__c</fullName><label>Assigned MRR</label><formula>Assigned_ARR__c / 12</formula><precision>16</precision><scale>2</scale><type>Currency</type></CustomField>`,
  );
  mkdirSync(join(opportunity, 'validationRules'), { recursive: true });
  writeFileSync(
    join(opportunity, 'validationRules/Deal_Desk_Approval.validationRule-meta.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<ValidationRule ${ns}><fullName>Deal_Desk_Approval</fullName><active>true</active><errorConditionFormula>Assigned_ARR__c &gt; 500000</errorConditionFormula><errorDisplayField>Assigned_ARR__c</errorDisplayField><errorMessage>An Assigned ARR above 500,000 needs deal desk approval.</errorMessage></ValidationRule>`,
  );
  return app;
}

describe('revenue push: contracts made or changed in revbridge reach Salesforce', () => {
  const h = useSyncContext({ seed: 'empty', sfdx: adminsOrg() });
  let account: string;
  let imported: string;

  const contract = async (name: string) => (await listContracts(h.ctx, { limit: 100 })).find((c) => c.name === name)!;
  const opportunityOf = async (contractId: string) =>
    (
      await h.sf.query<Record<string, unknown>>(
        `SELECT Id, Name, StageName, CloseDate, Pricebook2Id, Assigned_ARR__c, Assigned_MRR__c, Revenue_Sync__c, Revenue_Sync_Error__c FROM Opportunity WHERE Revenue_Contract_Id__c = '${contractId}'`,
      )
    ).records;
  const linesOf = async (opportunityId: string) =>
    (
      await h.sf.query<Record<string, unknown>>(
        `SELECT Id, ProductCode, Quantity, TotalPrice, Term_Start_Date__c, Term_End_Date__c, Revenue_Line_Key__c FROM OpportunityLineItem WHERE OpportunityId = '${opportunityId}' ORDER BY ProductCode`,
      )
    ).records;
  const requestsSince = async (mark: number) => {
    const log = (await (await fetch(`${h.org.url}/__localorg/requests`)).json()) as {
      requests: Array<{ seq: number; method: string; path: string }>;
    };
    return log.requests.filter((r) => r.seq > mark && !r.path.startsWith('/services/oauth2'));
  };

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'] });
    const catalog = await createCatalog(
      h,
      [
        { code: 'SUB', recurring: true },
        { code: 'SETUP', recurring: false },
      ],
      ['USD'],
    );
    account = await createAccount(h, { Name: 'Initech' });
    imported = (
      await createDeal(h, catalog, { Name: 'Initech 2025', AccountId: account, CloseDate: '2024-12-20' }, [
        { code: 'SUB', quantity: 10, total: 12000, start: '2025-01-01', end: '2025-12-31' },
      ])
    ).id;
    expect((await importContracts(h.ctx, { trigger: 'test' })).status).toBe('succeeded');
  });

  const renewal = (name: string, extra: Record<string, unknown> = {}) => ({
    account,
    accountName: 'Initech',
    name,
    stage: 'Closed Won',
    closeDate: '2025-12-15',
    lines: [
      { product: 'SUB', quantity: '12', revenue: '14400.00', start: '2026-01-01', end: '2026-12-31' },
      { product: 'SETUP', revenue: '500.00', start: '2026-01-01', end: '2026-01-01' },
    ],
    ...extra,
  });

  it('a contract made in revbridge becomes an opportunity with its line items; a formula field is skipped', async () => {
    const made = await createContract(h.ctx, renewal('Initech 2026 renewal'));
    expect(made).toMatchObject({ pushPending: true, pushError: null, opportunityId: null });
    const dry = await pushContracts(h.ctx, { trigger: 'test', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, counts: { created: 1 } });
    expect(await opportunityOf(made.contractId)).toEqual([]);

    const result = await pushContracts(h.ctx, { trigger: 'test' });
    expect(result).toMatchObject({ status: 'succeeded', dryRun: false, counts: { created: 1, failed: 0 } });
    expect(result.records[0].warnings).toContain(
      'Opportunity.Assigned_MRR__c is a formula field in this org; the push never writes it.',
    );
    const [opportunity] = await opportunityOf(made.contractId);
    const book = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE IsStandard = true')).records[0];
    expect(opportunity).toMatchObject({
      Name: 'Initech 2026 renewal',
      StageName: 'Closed Won',
      CloseDate: '2025-12-15',
      Pricebook2Id: book.Id,
      Revenue_Sync__c: true,
      Revenue_Sync_Error__c: null,
    });
    const lines = await linesOf(String(opportunity.Id));
    expect(lines).toMatchObject([
      { ProductCode: 'SETUP', Quantity: 1, TotalPrice: 500, Term_Start_Date__c: '2026-01-01' },
      { ProductCode: 'SUB', Quantity: 12, TotalPrice: 14400, Term_End_Date__c: '2026-12-31' },
    ]);
    expect(await contract('Initech 2026 renewal')).toMatchObject({
      opportunityId: opportunity.Id,
      pushPending: false,
      pushError: null,
    });
  });

  it('a push with nothing pending writes nothing; the next import takes the opportunity back, no second contract', async () => {
    const mark = await h.mark();
    const again = await pushContracts(h.ctx, { trigger: 'test' });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(await requestsSince(mark)).toEqual([]);
    const before = (await listContracts(h.ctx, { limit: 100 })).length;
    await importContracts(h.ctx, { trigger: 'test' });
    expect((await listContracts(h.ctx, { limit: 100 })).length).toBe(before);
    expect(await contract('Initech 2026 renewal')).toMatchObject({ arr: '14400.00', acv: '14900.00' });
  });

  it('a validation rule rejects one contract: the error is in the history, on the contract, and the rest goes', async () => {
    const big = await createContract(
      h.ctx,
      renewal('Initech mega deal', { assignedArr: '600000.00', assignedMrr: '50000.00' }),
    );
    const small = await createContract(h.ctx, renewal('Initech add-on'));
    const result = await pushContracts(h.ctx, { trigger: 'test' });
    expect(result).toMatchObject({ status: 'partial', counts: { created: 1, failed: 1 } });
    const [failed] = await listOutcomes(h.ctx.db, { runId: BigInt(result.runId), failedOnly: true, limit: 10 });
    expect(failed).toMatchObject({
      billing_id: BigInt(big.contractId),
      error_code: 'salesforce_request_failed',
      error_message:
        'Salesforce refused the opportunity: FIELD_CUSTOM_VALIDATION_EXCEPTION: An Assigned ARR above 500,000 needs deal desk approval. (Assigned_ARR__c)',
    });
    expect(await contract('Initech mega deal')).toMatchObject({
      opportunityId: null,
      pushPending: true,
      pushError:
        'salesforce_request_failed: Salesforce refused the opportunity: FIELD_CUSTOM_VALIDATION_EXCEPTION: An Assigned ARR above 500,000 needs deal desk approval. (Assigned_ARR__c)',
    });
    expect(await opportunityOf(big.contractId)).toEqual([]);
    expect(await opportunityOf(small.contractId)).toHaveLength(1);

    // Fixed in revbridge, it goes on the next push; the formula computes the MRR in Salesforce.
    await updateContract(h.ctx, big.contractId, { assignedArr: '480000.00', assignedMrr: '40000.00' });
    expect((await pushContracts(h.ctx, { trigger: 'test' })).counts).toMatchObject({ created: 1, failed: 0 });
    expect(await opportunityOf(big.contractId)).toMatchObject([{ Assigned_ARR__c: 480000, Assigned_MRR__c: 40000 }]);
  });

  it('a change to an opportunity that exists goes field by field; a rejected one shows on Revenue_Sync_Error__c', async () => {
    const made = await contract('Initech mega deal');
    await updateContract(h.ctx, made.contractId, { assignedArr: '720000.00', assignedMrr: '60000.00' });
    const refused = await pushContracts(h.ctx, { trigger: 'test' });
    expect(refused.counts).toMatchObject({ failed: 1 });
    const [shown] = await opportunityOf(made.contractId);
    expect(shown).toMatchObject({ Assigned_ARR__c: 480000 });
    expect(String(shown.Revenue_Sync_Error__c)).toMatch(
      /^salesforce_request_failed: Salesforce refused the opportunity: FIELD_CUSTOM_VALIDATION_EXCEPTION: An Assigned ARR above 500,000/,
    );

    await updateContract(h.ctx, made.contractId, { assignedArr: '300000.00', assignedMrr: '25000.00' });
    const mark = await h.mark();
    expect((await pushContracts(h.ctx, { trigger: 'test' })).counts).toMatchObject({ updated: 1, failed: 0 });
    const writes = (await requestsSince(mark)).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PATCH /services/data/v62.0/composite/sobjects',
      'PATCH /services/data/v62.0/composite/sobjects',
    ]);
    expect(await opportunityOf(made.contractId)).toMatchObject([
      { Assigned_ARR__c: 300000, Assigned_MRR__c: 25000, Revenue_Sync_Error__c: null },
    ]);
  });

  it('deletes are never pushed: an unpushed contract goes, one in Salesforce is refused, Salesforce untouched', async () => {
    const draft = await createContract(h.ctx, renewal('Initech draft'));
    const pushed = await contract('Initech add-on');
    const mark = await h.mark();
    expect(await deleteContract(h.ctx, draft.contractId)).toEqual({ contractId: draft.contractId, deleted: true });
    await expect(deleteContract(h.ctx, pushed.contractId)).rejects.toMatchObject({
      code: 'contract_from_salesforce',
    });
    await pushContracts(h.ctx, { trigger: 'test' });
    expect((await requestsSince(mark)).filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(await opportunityOf(pushed.contractId)).toHaveLength(1);
  });

  it('a field changed on both sides is a conflict: listed, never overwritten, resolved by a person', async () => {
    const initech = await contract('Initech 2025');
    await updateContract(h.ctx, initech.contractId, { name: 'Initech 2025 (revbridge)', closeDate: '2024-12-21' });
    await h.sf.sobject('Opportunity').update({ Id: imported, Name: 'Initech 2025 (Salesforce)' });

    const result = await pushContracts(h.ctx, { trigger: 'test' });
    expect(result.counts).toMatchObject({ failed: 1 });
    expect(result.records.find((r) => r.billingId === BigInt(initech.contractId))).toMatchObject({
      errorCode: 'revenue_conflict',
      errorMessage: `Changed in revbridge and in Salesforce since they last agreed: name; keep one side with \`revbridge revenue conflicts resolve ${initech.contractId} --keep revbridge\` or \`--keep salesforce\`.`,
    });
    expect(await listConflicts(h.ctx.db)).toMatchObject([
      {
        contractId: BigInt(initech.contractId),
        field: 'name',
        synced: 'Initech 2025',
        revbridge: 'Initech 2025 (revbridge)',
        salesforce: 'Initech 2025 (Salesforce)',
      },
    ]);
    const [opportunity] = (
      await h.sf.query<{ Name: string; CloseDate: string }>(
        `SELECT Name, CloseDate FROM Opportunity WHERE Id = '${imported}'`,
      )
    ).records;
    expect(opportunity).toEqual(
      expect.objectContaining({ Name: 'Initech 2025 (Salesforce)', CloseDate: '2024-12-20' }),
    );

    // The import holds the contract as changed in revbridge and keeps the conflict listed.
    await importContracts(h.ctx, { trigger: 'test' });
    expect(await contract('Initech 2025 (revbridge)')).toMatchObject({ pushPending: true });
    expect(await revenueConflicts(h.ctx)).toMatchObject([
      { field: 'name', salesforceField: 'Opportunity.Name', salesforce: 'Initech 2025 (Salesforce)' },
    ]);

    // The person keeps revbridge's name: the next push sends it, and the close date changed in revbridge alone.
    expect(await resolveConflicts(h.ctx, initech.contractId, 'revbridge')).toEqual({
      contractId: initech.contractId,
      kept: 'revbridge',
      fields: ['name'],
    });
    expect((await pushContracts(h.ctx, { trigger: 'test' })).counts).toMatchObject({ updated: 1, failed: 0 });
    const [after] = (
      await h.sf.query<{ Name: string; CloseDate: string }>(
        `SELECT Name, CloseDate FROM Opportunity WHERE Id = '${imported}'`,
      )
    ).records;
    expect(after).toEqual(expect.objectContaining({ Name: 'Initech 2025 (revbridge)', CloseDate: '2024-12-21' }));
    await expect(resolveConflicts(h.ctx, initech.contractId, 'revbridge')).rejects.toMatchObject({
      code: 'revenue_conflict_not_found',
    });
  });

  it('a field changed in Salesforce alone is news, not a conflict; keeping Salesforce’s side of the only change makes the contract the opportunity again', async () => {
    const initech = await contract('Initech 2025 (revbridge)');
    // Salesforce sells one more seat (its unit price reprices the line); revbridge extends the line's term.
    const [line] = await linesOf(imported);
    await h.sf.sobject('OpportunityLineItem').update({ Id: String(line.Id), Quantity: 11 });
    await updateContract(h.ctx, initech.contractId, {
      lines: [{ product: 'SUB', quantity: '10', revenue: '12000.00', start: '2025-01-01', end: '2026-01-31' }],
    });
    const pushed = await pushContracts(h.ctx, { trigger: 'test' });
    expect(pushed.counts).toMatchObject({ updated: 1, failed: 0 });
    expect(pushed.records[0].diff).toEqual({
      end: { from: '2025-12-31', to: '2026-01-31' },
      [`line:${String(line.Id)}.end`]: { from: '2025-12-31', to: '2026-01-31' },
    });
    expect(await linesOf(imported)).toMatchObject([
      { Quantity: 11, TotalPrice: 13200, Term_End_Date__c: '2026-01-31' },
    ]);
    await importContracts(h.ctx, { trigger: 'test' });
    expect(await contract('Initech 2025 (revbridge)')).toMatchObject({
      end: '2026-01-31',
      lines: [{ quantity: '11', revenue: '13200.00', end: '2026-01-31' }],
    });

    // Both change the name again; the person keeps Salesforce's: the contract is the opportunity again.
    await updateContract(h.ctx, initech.contractId, { name: 'Initech FY25 (revbridge)' });
    await h.sf.sobject('Opportunity').update({ Id: imported, Name: 'Initech FY25' });
    await pushContracts(h.ctx, { trigger: 'test' });
    expect(await resolveConflicts(h.ctx, initech.contractId, 'salesforce')).toMatchObject({ kept: 'salesforce' });
    expect(await contract('Initech FY25')).toMatchObject({ pushPending: false, pushError: null });
    expect(await revenueConflicts(h.ctx)).toEqual([]);
  });

  it('keeping Salesforce’s side takes its values where both changed; revbridge’s other changes stay and are pushed', async () => {
    const initech = await contract('Initech FY25');
    const [line] = await linesOf(imported);
    // revbridge: a new close date and 12 seats; Salesforce: 13 seats (its unit price reprices the line).
    await updateContract(h.ctx, initech.contractId, {
      closeDate: '2024-12-22',
      lines: [{ product: 'SUB', quantity: '12', revenue: '14400.00', start: '2025-01-01', end: '2026-01-31' }],
    });
    await h.sf.sobject('OpportunityLineItem').update({ Id: String(line.Id), Quantity: 13 });
    expect((await pushContracts(h.ctx, { trigger: 'test' })).counts).toMatchObject({ failed: 1 });
    const at = `line:${String(line.Id)}`;
    expect((await revenueConflicts(h.ctx)).map((c) => [c.field, c.revbridge, c.salesforce])).toEqual([
      [`${at}.quantity`, '12', '13'],
      [`${at}.revenue`, '14400.00', '15600.00'],
    ]);

    expect(await resolveConflicts(h.ctx, initech.contractId, 'salesforce')).toEqual({
      contractId: initech.contractId,
      kept: 'salesforce',
      fields: [`${at}.quantity`, `${at}.revenue`],
    });
    expect(await revenueConflicts(h.ctx)).toEqual([]);
    expect(await contract('Initech FY25')).toMatchObject({
      closeDate: '2024-12-22',
      pushPending: true,
      lines: [{ quantity: '13', revenue: '15600.00', start: '2025-01-01', end: '2026-01-31' }],
    });
    // The push sends the close date, revbridge's alone; the seats are Salesforce's already.
    const pushed = await pushContracts(h.ctx, { trigger: 'test' });
    expect(pushed.records[0]).toMatchObject({
      outcome: 'updated',
      diff: { closeDate: { from: '2024-12-21', to: '2024-12-22' } },
    });
    const [opportunity] = (
      await h.sf.query<{ CloseDate: string }>(`SELECT CloseDate FROM Opportunity WHERE Id = '${imported}'`)
    ).records;
    expect(opportunity.CloseDate).toBe('2024-12-22');
    expect(await linesOf(imported)).toMatchObject([{ Quantity: 13, TotalPrice: 15600 }]);
    expect(await contract('Initech FY25')).toMatchObject({ pushPending: false, pushError: null });
  });

  it('a contract changed again while its push is in flight stays pending with the later change, which the next push sends', async () => {
    const initech = await contract('Initech FY25');
    await updateContract(h.ctx, initech.contractId, { name: 'Initech FY25 (in flight)' });
    // Salesforce takes 1.5 s over the opportunity's update: the person's second change (the name back) lands
    // meanwhile.
    await orgControl(h.org.url, 'POST', '/__localorg/faults', {
      kind: 'latency',
      method: 'PATCH',
      pathContains: '/composite/sobjects',
      ms: 1500,
      times: 1,
    });
    const inFlight = pushContracts(h.ctx, { trigger: 'test' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const faults = (await orgControl(h.org.url, 'GET', '/__localorg/faults')) as Array<{ fired: number }>;
      if (faults.some((f) => f.fired > 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await updateContract(h.ctx, initech.contractId, { name: 'Initech FY25' });
    expect((await inFlight).records[0]).toMatchObject({ outcome: 'updated', diff: { name: expect.anything() } });
    await orgControl(h.org.url, 'DELETE', '/__localorg/faults');
    const [first] = (await h.sf.query<{ Name: string }>(`SELECT Name FROM Opportunity WHERE Id = '${imported}'`))
      .records;
    expect(first.Name).toBe('Initech FY25 (in flight)');
    // The second change is not lost: pending, and the next push sends it against what the first one settled.
    expect(await contract('Initech FY25')).toMatchObject({ pushPending: true });
    const again = await pushContracts(h.ctx, { trigger: 'test' });
    expect(again.records[0]).toMatchObject({
      outcome: 'updated',
      diff: { name: { from: 'Initech FY25 (in flight)', to: 'Initech FY25' } },
    });
    expect(await contract('Initech FY25')).toMatchObject({ pushPending: false });
  });

  it('a contract in Salesforce whose push died before it was recorded is found again, never made twice', async () => {
    const made = await createContract(h.ctx, renewal('Initech crash test'));
    await pushContracts(h.ctx, { trigger: 'test' });
    const [opportunity] = await opportunityOf(made.contractId);
    // What the store would hold had the process died right after Salesforce answered.
    await sql`UPDATE contracts SET opportunity_id = NULL, revbridge_changed_at = now(), hash = NULL
      WHERE id = ${made.contractId}::bigint`.execute(h.ctx.db);
    await sql`UPDATE contract_lines SET line_item_id = NULL WHERE contract_id = ${made.contractId}::bigint`.execute(
      h.ctx.db,
    );
    const again = await pushContracts(h.ctx, { trigger: 'test' });
    expect(again.records.find((r) => r.billingId === BigInt(made.contractId))).toMatchObject({ outcome: 'updated' });
    expect(await opportunityOf(made.contractId)).toMatchObject([{ Id: opportunity.Id }]);
    expect(await linesOf(String(opportunity.Id))).toHaveLength(2);
    expect(await contract('Initech crash test')).toMatchObject({ opportunityId: opportunity.Id, pushPending: false });
  });

  it('a field Salesforce owns goes one way: changing it in revbridge is refused', async () => {
    const owned = { ...h.ctx, revenue: { ...DEFAULT_REVENUE_POLICIES, salesforceOwns: ['Opportunity.CloseDate'] } };
    const pushed = await contract('Initech add-on');
    await expect(updateContract(owned, pushed.contractId, { closeDate: '2025-12-31' })).rejects.toMatchObject({
      code: 'revenue_field_owned_by_salesforce',
      message: expect.stringContaining('Opportunity.CloseDate of contract'),
    });
    // Not yet in Salesforce, it is revbridge's to change.
    const draft = await createContract(owned, renewal('Initech date draft'));
    expect(await updateContract(owned, draft.contractId, { closeDate: '2025-12-31' })).toMatchObject({
      closeDate: '2025-12-31',
    });
    await deleteContract(owned, draft.contractId);
  });

  it('renewals and amendments made in revbridge reach the opportunities’ Renews__c and Amends__c', async () => {
    const earlier = await contract('Initech FY25');
    const renewalOf = (name: string, start: string, end: string) =>
      renewal(name, {
        lines: [{ product: 'SUB', quantity: '12', revenue: '14400.00', start, end }],
      });
    const fy26 = await createContract(h.ctx, renewalOf('Initech FY26', '2026-02-01', '2027-01-31'));
    await linkContracts(h.ctx, 'renewal', earlier.contractId, fy26.contractId);
    // An upsell of a renewal not yet in Salesforce: it goes now, its link with the next push.
    const upsell = await createContract(h.ctx, renewalOf('Initech FY26 upsell', '2026-06-01', '2027-01-31'));
    await linkContracts(h.ctx, 'amendment', fy26.contractId, upsell.contractId);
    await sql`UPDATE contracts SET revbridge_changed_at = NULL WHERE id = ${fy26.contractId}::bigint`.execute(h.ctx.db);
    const first = await pushContracts(h.ctx, { trigger: 'test' });
    expect(first.records.find((r) => r.label === 'Initech FY26 upsell')?.warnings).toContain(
      `It amends contract ${fy26.contractId}, not in Salesforce yet: Amends__c goes with the next push.`,
    );
    await sql`UPDATE contracts SET revbridge_changed_at = now() WHERE id = ${fy26.contractId}::bigint`.execute(
      h.ctx.db,
    );
    await pushContracts(h.ctx, { trigger: 'test' });
    const links = async (contractId: string) =>
      (
        await h.sf.query<{ Renews__c: string | null; Amends__c: string | null }>(
          `SELECT Renews__c, Amends__c FROM Opportunity WHERE Revenue_Contract_Id__c = '${contractId}'`,
        )
      ).records[0];
    const fy26Opportunity = (await contract('Initech FY26')).opportunityId;
    expect(await links(fy26.contractId)).toMatchObject({ Renews__c: imported, Amends__c: null });
    expect(await links(upsell.contractId)).toMatchObject({ Renews__c: null, Amends__c: fy26Opportunity });
    expect(await contract('Initech FY26 upsell')).toMatchObject({ pushPending: false });

    // A link made on contracts already in Salesforce is a change: pending, and pushed.
    const late = await createContract(h.ctx, renewalOf('Initech FY27', '2027-02-01', '2028-01-31'));
    await pushContracts(h.ctx, { trigger: 'test' });
    expect(await links(late.contractId)).toMatchObject({ Renews__c: null });
    const linked = await linkContracts(h.ctx, 'renewal', fy26.contractId, late.contractId);
    expect(linked.later).toMatchObject({ pushPending: true });
    const pushed = await pushContracts(h.ctx, { trigger: 'test' });
    expect(pushed.records.find((r) => r.label === 'Initech FY27')).toMatchObject({
      outcome: 'updated',
      diff: { renews: { from: null, to: fy26Opportunity } },
    });
    expect(await links(late.contractId)).toMatchObject({ Renews__c: fy26Opportunity });

    // revbridge renews FY25 with it instead and renames it; Salesforce clears its Renews__c: a conflict on the link.
    await linkContracts(h.ctx, 'renewal', earlier.contractId, late.contractId);
    await updateContract(h.ctx, late.contractId, { name: 'Initech FY27 (revbridge)' });
    const lateOpportunity = (await contract('Initech FY27 (revbridge)')).opportunityId!;
    await h.sf.sobject('Opportunity').update({ Id: lateOpportunity, Renews__c: null });
    expect((await pushContracts(h.ctx, { trigger: 'test' })).counts).toMatchObject({ failed: 1 });
    expect((await revenueConflicts(h.ctx)).map((c) => [c.field, c.revbridge, c.salesforce])).toEqual([
      ['renews', imported, null],
    ]);
    // Salesforce's side: no renewal link; the name, revbridge's alone, is still to push.
    expect(await resolveConflicts(h.ctx, late.contractId, 'salesforce')).toMatchObject({ fields: ['renews'] });
    expect(await contract('Initech FY27 (revbridge)')).toMatchObject({ renews: null, pushPending: true });
    const renamed = await pushContracts(h.ctx, { trigger: 'test' });
    expect(renamed.records.find((r) => r.label === 'Initech FY27 (revbridge)')).toMatchObject({
      outcome: 'updated',
      diff: { name: { from: 'Initech FY27', to: 'Initech FY27 (revbridge)' } },
    });
    expect(await links(late.contractId)).toMatchObject({ Renews__c: null });
  });

  it('over the CLI and HTTP: push in the sync shape, conflicts listed and resolved, viewers refused', async () => {
    const made = await createContract(h.ctx, renewal('Initech CLI renewal'));
    const dry = await revbridge(h, ['revenue', 'push', '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, status: 'succeeded', counts: { created: 1 } });
    const human = await revbridge(h, ['revenue', 'push']);
    expect(human.stdout).toMatch(/created +contract +Initech CLI renewal +006\w{15} +\d+/);
    const opportunityId = (await contract('Initech CLI renewal')).opportunityId!;

    await updateContract(h.ctx, made.contractId, { name: 'Initech CLI renewal (revbridge)' });
    await h.sf.sobject('Opportunity').update({ Id: opportunityId, Name: 'Initech CLI renewal (Salesforce)' });
    const app = buildApi(h.ctx);
    await app.ready();
    try {
      const key = async (role: 'viewer' | 'operator' | 'admin') =>
        `Bearer ${(await createApiKey(h.ctx, { name: role, role })).secret}`;
      const [viewer, operator, admin] = [await key('viewer'), await key('operator'), await key('admin')];
      const push = (authorization: string) =>
        app.inject({ method: 'POST', url: '/revenue/push', payload: {}, headers: { authorization } });
      expect((await push(viewer)).statusCode).toBe(403);
      const pushed = await push(operator);
      expect(pushed.statusCode).toBe(200);
      expect(pushed.json()).toMatchObject({ status: 'failed', counts: { failed: 1 } });
      const listed = await app.inject({ method: 'GET', url: '/revenue/conflicts', headers: { authorization: viewer } });
      expect(listed.json()).toEqual([
        expect.objectContaining({
          contractId: made.contractId,
          salesforceField: 'Opportunity.Name',
          revbridge: 'Initech CLI renewal (revbridge)',
          salesforce: 'Initech CLI renewal (Salesforce)',
        }),
      ]);
      const cli = await revbridge(h, ['revenue', 'conflicts']);
      expect(cli.stdout).toMatch(
        /Opportunity\.Name +Initech CLI renewal +Initech CLI renewal \(revbridge\) +Initech CLI renewal \(Salesforce\)/,
      );
      const resolve = (authorization: string, keep: string) =>
        app.inject({
          method: 'POST',
          url: `/revenue/conflicts/${opportunityId}/resolve`,
          payload: { keep },
          headers: { authorization },
        });
      expect((await resolve(admin, 'both')).statusCode).toBe(400);
      const resolved = await revbridge(h, ['revenue', 'conflicts', 'resolve', opportunityId, '--keep', 'salesforce']);
      expect(resolved.stdout).toContain(
        `contract ${made.contractId}: name resolved, Salesforce's values kept (revbridge's other changes, if any, still go with \`revbridge revenue push\`)`,
      );
      expect(await contract('Initech CLI renewal (Salesforce)')).toMatchObject({ pushPending: false });
      expect((await resolve(admin, 'salesforce')).json()).toMatchObject({
        error: { code: 'revenue_conflict_not_found' },
      });
    } finally {
      await app.close();
    }
  });
});

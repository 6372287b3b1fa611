import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSfdxSchema, type LocalOrg, startLocalOrg } from '@revbridge/localorg';
import { Connection } from 'jsforce';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSalesforceMetadata } from '../../src/billing/reference-lists/write-salesforce-metadata.ts';
import { DEFAULT_METADATA_DIR } from '../../src/cli/commands/salesforce.command.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { testDb } from '../db.ts';
import { useCli } from './helpers.ts';

const FORCE_APP = fileURLToPath(new URL('../../salesforce/force-app', import.meta.url));
const COMMITTED = join(FORCE_APP, 'main/default/globalValueSets');

describe('revbridge salesforce metadata: billing’s values as global value sets a Salesforce org loads', () => {
  const run = useCli('t_sfmeta');
  const temp = mkdtempSync(join(tmpdir(), 'revbridge-sfmeta-'));
  let org: LocalOrg | undefined;
  afterAll(async () => {
    await org?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('writes a new bill group into a copy of salesforce/force-app; the local org’s describe lists it', async () => {
    const app = join(temp, 'force-app');
    cpSync(FORCE_APP, app, { recursive: true });
    expect((await run('bill-group', 'add', 'Enterprise', '--name', 'Enterprise accounts')).code).toBe(0);

    const out = join(app, 'main/default');
    const first = await run('salesforce', 'metadata', '--out', out);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/wrote\s+\S+Billing_Bill_Group\.globalValueSet-meta\.xml \(2 values\)/);
    expect(first.stdout).toMatch(/unchanged \S+Billing_Status\.globalValueSet-meta\.xml \(3 values\)/);
    expect(first.stdout).toContain('1 file changed; deploy with: sf project deploy start');
    // Idempotent: a second run writes nothing.
    const second = await run('--json', 'salesforce', 'metadata', '--out', out);
    expect(second.json().map((f: { changed: boolean }) => f.changed)).toEqual([false, false, false, false, false]);

    org = await startLocalOrg({ port: 0, seed: 'empty', customSchema: loadSfdxSchema(app) });
    const conn = new Connection({
      version: '62.0',
      oauth2: { loginUrl: org.url, clientId: org.credentials.clientId, clientSecret: org.credentials.clientSecret },
    });
    await conn.authorize({ grant_type: 'client_credentials' });
    const describe = await conn.sobject('Account').describe();
    const values = (name: string) =>
      describe.fields.find((f) => f.name === name)!.picklistValues!.map((v) => [v.value, v.label]);
    expect(values('Bill_Group__c')).toEqual([
      ['Default', 'Default'],
      ['Enterprise', 'Enterprise accounts'],
    ]);
    expect(values('AR_Term__c').map(([v]) => v)).toEqual(['Net 0', 'Net 15', 'Net 30', 'Net 45', 'Net 60']);
    expect(values('Billing_Status__c').map(([v]) => v)).toEqual(['Active', 'Suspended', 'Closed']);
    // The picklist is restricted: Salesforce itself refuses a value billing did not publish.
    const created = await conn.sobject('Account').create({ Name: 'Acme', Bill_Group__c: 'Enterprise' });
    expect(created.success).toBe(true);
    await expect(conn.sobject('Account').create({ Name: 'Other', Bill_Group__c: 'North' })).rejects.toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    });
  });

  it('the committed value sets are what a fresh store writes (the migration’s defaults)', async () => {
    const t = await testDb();
    try {
      const ctx = {
        db: t.db,
        clock: new FixedClock(new Date('2026-01-15T12:00:00Z')),
        logger: createLogger({ logLevel: 'silent' }),
      };
      const fresh = join(temp, 'fresh');
      const files = await writeSalesforceMetadata(ctx, { dir: fresh });
      expect(files.map((f) => f.valueSet).sort()).toEqual(
        readdirSync(COMMITTED)
          .map((f) => f.replace('.globalValueSet-meta.xml', ''))
          .sort(),
      );
      for (const f of files) {
        const name = `${f.valueSet}.globalValueSet-meta.xml`;
        expect([name, readFileSync(f.path, 'utf8')]).toEqual([name, readFileSync(join(COMMITTED, name), 'utf8')]);
      }
      // The command writes there unless told otherwise (src/ and dist/ alike: both sit two folders below the root).
      expect(DEFAULT_METADATA_DIR).toBe(join(FORCE_APP, 'main/default'));
    } finally {
      await t.close();
    }
  });
});

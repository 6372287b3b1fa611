import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestOrg } from './helpers.ts';

describe('data dir persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps records, settings and id numbering across restarts, also without a clean stop', async () => {
    const first = await startTestOrg({ dataDir: dir, seed: 'empty' });
    const a = await first.conn.sobject('Account').create({ Name: 'Durable' });
    await first.http('PATCH', '/__localorg/settings', { timeZone: 'Europe/Berlin' });
    await first.close();

    const second = await startTestOrg({ dataDir: dir, seed: 'empty' });
    const b = await second.conn.sobject('Account').create({ Name: 'After restart' });
    await second.conn.sobject('Account').update({ Id: a.id!, Phone: '555' });
    expect(b.id).not.toBe(a.id);
    // Simulate a crash: drop the server without compacting the journal.
    const app = second.app as unknown as { dataDir: null };
    app.dataDir = null;
    await second.close();

    const third = await startTestOrg({ dataDir: dir, seed: 'empty' });
    const rows = await third.conn.query('SELECT Name, Phone FROM Account ORDER BY Name');
    expect(rows.records.map((r) => [r.Name, r.Phone])).toEqual([
      ['After restart', null],
      ['Durable', '555'],
    ]);
    expect(third.app.org.settings.timeZone).toBe('Europe/Berlin');
    await third.close();
  });
});

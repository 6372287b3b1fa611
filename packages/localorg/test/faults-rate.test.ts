import { beforeEach, describe, expect, it } from 'vitest';
import { API_VERSION, useTestOrg } from './helpers.ts';

const QUERY = `/services/data/v${API_VERSION}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`;

describe('probabilistic and per-record faults', () => {
  const t = useTestOrg({ resetEach: true });
  beforeEach(async () => {
    await t.http('DELETE', '/__localorg/faults');
  });

  /** Statuses of `n` queries sent one after another. */
  async function statuses(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${t.url}${QUERY}`, { headers: { authorization: `Bearer ${t.conn.accessToken}` } });
      await res.arrayBuffer();
      out.push(res.status);
    }
    return out;
  }

  it('rate fails about that fraction of matching requests, the same ones for the same seed', async () => {
    await t.http('POST', '/__localorg/faults', { kind: 'unavailable', pathContains: '/query', rate: 0.25, seed: 42 });
    const first = await statuses(200);
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(70);
    expect(first.every((s) => s === 200 || s === 503)).toBe(true);

    await t.http('DELETE', '/__localorg/faults');
    await t.http('POST', '/__localorg/faults', { kind: 'unavailable', pathContains: '/query', rate: 0.25, seed: 42 });
    expect(await statuses(200)).toEqual(first);

    await t.http('DELETE', '/__localorg/faults');
    await t.http('POST', '/__localorg/faults', { kind: 'unavailable', pathContains: '/query', rate: 0.25, seed: 7 });
    expect(await statuses(200)).not.toEqual(first);
  });

  it('rate combines with after and times; the fault list shows seen and fired', async () => {
    await t.http('POST', '/__localorg/faults', { kind: 'unavailable', rate: 0.5, seed: 3, after: 10, times: 4 });
    const got = await statuses(60);
    expect(got.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(got.filter((s) => s === 503)).toHaveLength(4);
    const [fault] = (await (await t.http('GET', '/__localorg/faults')).json()) as Array<{
      seen: number;
      fired: number;
    }>;
    expect(fault).toMatchObject({ seen: 60, fired: 4 });
  });

  it('scope "record" fails single records of a collections write with UNABLE_TO_LOCK_ROW; the rest are written', async () => {
    await t.http('POST', '/__localorg/faults', {
      kind: 'unable-to-lock-row',
      scope: 'record',
      pathContains: '/composite/sobjects',
      after: 1,
      times: 2,
    });
    const results = (await t.conn.requestPost('/composite/sobjects', {
      allOrNone: false,
      records: ['A', 'B', 'C', 'D'].map((Name) => ({ attributes: { type: 'Account' }, Name })),
    })) as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>;
    expect(results.map((r) => r.success)).toEqual([true, false, false, true]);
    expect(results[1].errors[0].statusCode).toBe('UNABLE_TO_LOCK_ROW');
    const names = (await t.conn.query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name')).records;
    expect(names.map((r) => r.Name)).toEqual(['A', 'D']);
  });

  it('refuses a bad rate, seed or scope', async () => {
    for (const body of [
      { kind: 'unavailable', rate: 1.5 },
      { kind: 'unavailable', seed: 'x' },
      { kind: 'unavailable', scope: 'record' },
      { kind: 'unable-to-lock-row', scope: 'rows' },
    ]) {
      const res = await t.http('POST', '/__localorg/faults', body);
      expect(res.status).toBe(400);
    }
  });
});

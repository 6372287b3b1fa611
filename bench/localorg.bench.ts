import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, token } from './http-client.ts';
import { startOrgProcess } from './localorg-process.ts';
import { load, percentile, printTable } from './table.ts';

const V = '/services/data/v62.0';

interface Row {
  name: string;
  perSecond: number;
  recordsPerSecond: number;
  p50: number;
  p99: number;
  baseline: string;
  ratio: string;
  target: string;
}

type LoadResult = Awaited<ReturnType<typeof load>>;

/** A row for reading 2,000-row pages, compared with a static server answering the same bytes (`plain`). */
function pageRow(name: string, run: LoadResult, plain: LoadResult): Row {
  return {
    name,
    perSecond: run.perSecond,
    recordsPerSecond: run.perSecond * 2000,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    baseline: `${plain.perSecond.toFixed(0)} req/s static`,
    ratio: `${(plain.perSecond / run.perSecond).toFixed(1)}× slower`,
    target: '–',
  };
}

function accountsCsv(from: number, count: number): string {
  const lines = ['Name,BillingCity,BillingCountry,Industry,AnnualRevenue'];
  const cities = ['Boston', 'Berlin', 'Lyon', 'Austin', 'Toronto'];
  for (let i = from; i < from + count; i++) {
    lines.push(
      `Account ${String(i).padStart(7, '0')},${cities[i % 5]},${i % 2 ? 'Germany' : 'United States'},Technology,${(i % 1000) * 1000}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function bulkInsert(base: string, auth: Record<string, string>, csv: string): Promise<number> {
  const started = performance.now();
  const job = JSON.parse(
    (
      await http(
        'POST',
        `${base}/jobs/ingest`,
        JSON.stringify({ object: 'Account', operation: 'insert', lineEnding: 'LF' }),
        { ...auth, 'Content-Type': 'application/json' },
      )
    ).body,
  );
  await http('PUT', `${base}/jobs/ingest/${job.id}/batches`, csv, { ...auth, 'Content-Type': 'text/csv' });
  await http('PATCH', `${base}/jobs/ingest/${job.id}`, JSON.stringify({ state: 'UploadComplete' }), {
    ...auth,
    'Content-Type': 'application/json',
  });
  for (;;) {
    const info = JSON.parse((await http('GET', `${base}/jobs/ingest/${job.id}`, undefined, auth)).body);
    if (info.state === 'JobComplete') {
      const elapsed = performance.now() - started;
      if (info.numberRecordsFailed > 0) throw new Error(`bulk job had ${info.numberRecordsFailed} failures`);
      // A finished job keeps its result files until deleted; drop them so memory counts records only.
      await http('DELETE', `${base}/jobs/ingest/${job.id}`, undefined, auth);
      return elapsed;
    }
    if (info.state === 'Failed' || info.state === 'Aborted')
      throw new Error(`bulk job ${info.state}: ${info.errorMessage}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A plain HTTP server answering a fixed body: what serving the same bytes costs without the org's work. */
async function startBaseline(body: string): Promise<{ url: string; stop: () => void }> {
  const file = join(tmpdir(), `localorg-bench-body-${process.pid}.json`);
  writeFileSync(file, body);
  const script = `const b=require('fs').readFileSync(${JSON.stringify(file)});require('http').createServer((q,s)=>{s.writeHead(200,{'Content-Type':'application/json;charset=UTF-8'});s.end(b)}).listen(0,'127.0.0.1',function(){console.log('port '+this.address().port)})`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(/port (\d+)/.exec(d.toString())![1])),
  );
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

export async function benchLocalOrg(): Promise<void> {
  const org = await startOrgProcess();
  const base = org.url + V;
  const auth = { Authorization: `Bearer ${await token(org.url, org.clientId, org.clientSecret)}` };
  const rows: Row[] = [];
  try {
    // 100k Accounts stored before anything is measured.
    for (let i = 0; i < 10; i++) await bulkInsert(base, auth, accountsCsv(i * 10_000, 10_000));

    const soql = encodeURIComponent('SELECT Id, Name, BillingCity, Industry, CreatedDate FROM Account');
    let firstPage = '';
    const fresh = await load(60, 2, async () => {
      const res = await http('GET', `${base}/query?q=${soql}`, undefined, auth);
      if (res.status !== 200) throw new Error(res.body);
      firstPage = res.body;
    });
    const baseline = await startBaseline(firstPage);
    const plain = await load(300, 2, async () => {
      await http('GET', baseline.url);
    });
    baseline.stop();
    rows.push(pageRow('query: first 2,000-row page (filter 100k)', fresh, plain));

    const next = JSON.parse(firstPage).nextRecordsUrl as string;
    const locator = next.slice(0, next.lastIndexOf('-'));
    const more = await load(49, 2, async (i) => {
      const res = await http('GET', `${org.url}${locator}-${(i + 1) * 2000}`, undefined, auth);
      if (res.status !== 200) throw new Error(res.body);
    });
    rows.push(pageRow('queryMore: next 2,000-row page', more, plain));

    let seq = 200_000;
    const collection = await load(100, 2, async () => {
      const records = Array.from({ length: 200 }, () => ({
        attributes: { type: 'Account' },
        Name: `Collection ${seq++}`,
        BillingCity: 'Boston',
        Industry: 'Technology',
      }));
      const res = await http('POST', `${base}/composite/sobjects`, JSON.stringify({ allOrNone: false, records }), {
        ...auth,
        'Content-Type': 'application/json',
      });
      if (res.status !== 200) throw new Error(res.body);
    });
    rows.push({
      name: 'collections: insert 200 records',
      perSecond: collection.perSecond,
      recordsPerSecond: collection.perSecond * 200,
      p50: percentile(collection.latencies, 50),
      p99: percentile(collection.latencies, 99),
      baseline: '20,000 rec/s goal',
      ratio: `${((collection.perSecond * 200) / 20_000).toFixed(2)}× goal`,
      target: '≥ 20,000 rec/s',
    });

    const bulkTimes: number[] = [];
    for (let i = 0; i < 5; i++) bulkTimes.push(await bulkInsert(base, auth, accountsCsv(300_000 + i * 10_000, 10_000)));
    bulkTimes.sort((a, b) => a - b);
    const bulkRate = (50_000 * 1000) / bulkTimes.reduce((a, b) => a + b, 0);
    rows.push({
      name: 'bulk 2.0: ingest 10,000 rows (job start → JobComplete)',
      perSecond: bulkRate / 10_000,
      recordsPerSecond: bulkRate,
      p50: percentile(bulkTimes, 50),
      p99: percentile(bulkTimes, 99),
      baseline: '50,000 rec/s goal',
      ratio: `${(bulkRate / 50_000).toFixed(2)}× goal`,
      target: '≥ 50,000 rec/s',
    });

    printTable(
      'local org throughput (100k Accounts stored; org in its own process; 2 clients in flight)',
      ['measurement', 'requests/s', 'records/s', 'p50 ms', 'p99 ms', 'compared with', 'ratio', 'target'],
      rows.map((r) => [r.name, r.perSecond, r.recordsPerSecond, r.p50, r.p99, r.baseline, r.ratio, r.target]),
    );

    const rssAt100k = org.rssMb();
    const stored = JSON.parse((await http('GET', `${base}/limits/recordCount?sObjects=Account`, undefined, auth)).body)
      .sObjects[0].count as number;
    for (let n = stored; n < 1_000_000; n += 100_000)
      await bulkInsert(base, auth, accountsCsv(1_000_000 + n, Math.min(100_000, 1_000_000 - n)));
    await new Promise((r) => setTimeout(r, 500));
    const rssAt1m = org.rssMb();
    const page1m = await load(20, 2, async () => {
      await http(
        'GET',
        `${base}/query?q=${encodeURIComponent("SELECT Id, Name FROM Account WHERE BillingCity = 'Lyon' LIMIT 2000")}`,
        undefined,
        auth,
      );
    });
    printTable(
      'local org memory (Accounts with 5 fields set, all ~45 Account fields stored)',
      ['stored records', 'RSS MB', 'bytes/record', 'filtered 2,000-row query p50 ms'],
      [
        [stored, rssAt100k, (rssAt100k * 1024 * 1024) / stored, '–'],
        [1_000_000, rssAt1m, (rssAt1m * 1024 * 1024) / 1_000_000, percentile(page1m.latencies, 50)],
      ],
    );
  } finally {
    await org.stop();
  }
}

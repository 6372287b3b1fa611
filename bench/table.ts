/** Prints rows as an aligned plain-text table (what `npm run bench` ends with). */
export function printTable(title: string, headers: string[], rows: Array<Array<string | number>>): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1 - (i === 0 ? 1 : 0)) + (i === 0 ? '-' : ':')).join('|')}|`,
  );
  for (const r of cells) console.log(line(r));
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '–';
  // A count (invoices, lines) is a count: "0", not "0.00".
  if (Number.isInteger(n) && Math.abs(n) < 1000) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Runs `task` `total` times with `concurrency` in flight; returns wall time and sorted latencies (ms). */
export async function load(total: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { wallMs, latencies, perSecond: (total * 1000) / wallMs };
}

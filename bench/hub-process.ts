import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OrgProcess } from './localorg-process.ts';

const HUB = fileURLToPath(new URL('./sync-hub.ts', import.meta.url));

/** What one run in the hub's own process printed (bench/sync-hub.ts). */
export interface HubRun {
  wallMs: number;
  status: string;
  error?: { code: string; message: string };
  objects: Record<string, Record<string, number>>;
  maxRssMb: number;
}

/** The BENCH_SYNC_* variables bench/sync-hub.ts reads: the store's schema and the org's credentials. */
export function hubEnv(url: string, schema: string, org: OrgProcess, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BENCH_SYNC_DB_URL: url,
    BENCH_SYNC_SCHEMA: schema,
    BENCH_SYNC_JOBS_SCHEMA: `${schema}_jobs`,
    BENCH_SYNC_LOGIN_URL: org.url,
    BENCH_SYNC_CLIENT_ID: org.clientId,
    BENCH_SYNC_CLIENT_SECRET: org.clientSecret,
    ...extra,
  };
}

/** One run of `mode` in a process of its own (bench/sync-hub.ts), so its peak RSS is the run's alone. */
export async function runInHubProcess(mode: 'push' | 'revenue', env: NodeJS.ProcessEnv): Promise<HubRun> {
  // BENCH_SYNC_HUB_FLAGS: Node flags for the hub process, as in the sync bench (`--cpu-prof` a CPU profile).
  const flags = (process.env.BENCH_SYNC_HUB_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', HUB, mode], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the ${mode} process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as HubRun;
}

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../packages/localorg/bin/localorg.js', import.meta.url));

export interface OrgProcess {
  url: string;
  clientId: string;
  clientSecret: string;
  pid: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * Starts `localorg serve` in its own process, so the benchmark's client and the org do not share
 * one event loop (the org's numbers are its own, as they would be for a real client).
 */
export async function startOrgProcess(args: string[] = []): Promise<OrgProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    // BENCH_ORG_FLAGS: Node flags for the org's process (`--cpu-prof` a CPU profile of the org's side).
    [
      ...(process.env.BENCH_ORG_FLAGS ?? '').split(' ').filter(Boolean),
      '--max-old-space-size=8192',
      BIN,
      'serve',
      '--port',
      '0',
      '--seed',
      'empty',
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const text = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('password')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`localorg exited with ${code}: ${out}`)));
  });
  const field = (name: string) => new RegExp(`${name}\\s+(\\S+)`).exec(text)![1];
  return {
    url: /ready at (\S+)/.exec(text)![1],
    clientId: field('client id'),
    clientSecret: field('client secret'),
    pid: child.pid!,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

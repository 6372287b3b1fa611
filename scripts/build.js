#!/usr/bin/env node
// `npm run build` (also run by `npm install`/`npm ci`, through `prepare`): compiles src/ to dist/, which
// bin/revbridge.js runs, so a CLI call does not compile TypeScript first (about 1 s of every call).
// Type-checking is left to `npm run typecheck` (part of `npm test`): here it would triple the install time.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = `${root}dist`;

rmSync(dist, { recursive: true, force: true });
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies (`npm ci --omit=dev`) has no compiler: the CLI runs the sources.
  process.stderr.write('revbridge: typescript is not installed, so dist/ is not built; the CLI runs the sources.\n');
  process.exit(0);
}
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
// tsc emits only JavaScript; the store reads its migrations from beside its code.
cpSync(`${root}src`, dist, { recursive: true, filter: (from) => !from.endsWith('.ts') });
// Its time is the build's: bin/revbridge.js runs the sources instead once a file in src/ is newer.
writeFileSync(`${dist}/.built`, `${new Date().toISOString()}\n`);

#!/usr/bin/env node
// Runs the compiled CLI in dist/, which `npm install`/`npm ci` build (`prepare`: npm run build), so a call
// starts in about 0.1 s instead of compiling TypeScript on every call. When dist/ is missing, or a file in
// src/ is newer than it (someone editing the sources), runs the sources through tsx instead: always what
// src/ says, about 1 s slower a call, and said so on a terminal until `npm run build`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

function distIsCurrent() {
  const stamp = `${root}dist/.built`;
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  // About 130 files: a millisecond or two.
  for (const entry of readdirSync(`${root}src`, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs > built) return false;
  }
  return true;
}

if (distIsCurrent()) {
  await import('../dist/cli/main.js');
} else {
  if (process.stderr.isTTY) {
    process.stderr.write(
      'revbridge: dist/ is missing or older than src/; running the sources (slower). `npm run build` fixes that.\n',
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

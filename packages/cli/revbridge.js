#!/usr/bin/env node
// The `revbridge` command as npm links it into node_modules/.bin. It lives in a workspace, not in the root
// package.json's "bin", because `npx` treats a bin of the root package as "run this project": it installs
// the project into its own cache on first use (25 s on a busy 2-core machine) and reads every package in
// node_modules on each call (0.55 s of CPU), where a bin in node_modules/.bin is simply run.
import '../../bin/revbridge.js';

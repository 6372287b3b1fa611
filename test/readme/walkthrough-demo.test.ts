import { readFileSync } from 'node:fs';
import { describe } from 'vitest';
import { parseWalkthrough } from './walkthrough-parse.ts';
import { runWalkthrough } from './walkthrough-run.ts';

/**
 * The README's walkthrough as most newcomers meet it: on the store `npm start` leaves, which already holds
 * the demo catalog (its services take the first ids, and California already has a tax rate). A file of its
 * own so the two runs go side by side.
 */
describe('the README walkthrough on the store npm start seeds', () => {
  const commands = parseWalkthrough(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
  runWalkthrough(commands, { prefix: 't_readme_demo', demo: true });
});

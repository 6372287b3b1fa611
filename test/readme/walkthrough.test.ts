import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineShowing, parseBlock, parseWalkthrough, placeholderIn, WALKTHROUGH_MARKER } from './walkthrough-parse.ts';
import { runWalkthrough } from './walkthrough-run.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const commands = parseWalkthrough(README);

/** The README's walkthrough, run as written on an empty store (`DATABASE_URL`); see walkthrough-run.ts. */
describe('the README walkthrough on an empty store', () => {
  it('is there, and every command is literal: no placeholder, no optional part to edit', () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(commands.filter((c) => c.figures.length > 0).length).toBeGreaterThan(15);
    for (const c of commands) expect([c.line, placeholderIn(c.command)]).toEqual([c.line, undefined]);
  });

  const runs = runWalkthrough(commands, { prefix: 't_readme', demo: false });

  it("the README's other shell examples name only accounts, invoices and credit notes the walkthrough made", ({
    skip,
  }) => {
    if (runs.length < commands.length) skip('the walkthrough did not run to its end');
    const made = new Set(runs.flatMap((r) => r.stdout.match(NUMBERED) ?? []));
    expect(made).toContain('A-1001-CN-0001');
    const named = new Set(shellBlocks(README).flatMap((block) => block.match(NUMBERED) ?? []));
    expect([...named].filter((n) => !made.has(n))).toEqual([]);
  });
});

/** Account, invoice and credit-note numbers: A-1001, A-1001-0002, A-1001-CN-0001. */
const NUMBERED = /\bA-\d+(?:-CN)?(?:-\d{4})?\b/g;

function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe('reading the walkthrough', () => {
  it('joins continuation lines, keeps quotes whole and reads the figures of the comments', () => {
    const block = [
      'npx revbridge account create --name "Acme # 1" \\',
      '    --currency USD   # → A-1001 Acme; currency USD',
      '# a note, not a figure',
      'npx revbridge invoice show A-1001-0001',
      '#   → total 858.00 USD',
    ];
    expect(parseBlock(block, 10)).toEqual([
      {
        line: 10,
        text: `${block[0]}\n${block[1]}`,
        command: 'npx revbridge account create --name "Acme # 1" --currency USD',
        figures: [
          ['A-1001', 'Acme'],
          ['currency', 'USD'],
        ],
      },
      { line: 13, text: block[3], command: block[3], figures: [['total', '858.00', 'USD']] },
    ]);
  });

  it('finds a figure only on one line, in order, as whole words', () => {
    const output =
      'subtotal 800.00 USD  tax 58.00 USD  total 858.00 USD\n   7  Adjustment  110.32 USD\nA-1001-0001  paid';
    expect(lineShowing(output, ['total', '858.00', 'USD'])).toBe(output.split('\n')[0]);
    expect(lineShowing(output, ['total', '800.00'])).toBeUndefined(); // subtotal is not total
    expect(lineShowing(output, ['858.00', 'tax'])).toBeUndefined(); // out of order
    expect(lineShowing(output, ['858.0'])).toBeUndefined();
    expect(lineShowing(output, ['10.32'])).toBeUndefined();
    expect(lineShowing(output, ['A-1001'])).toBeUndefined();
    expect(lineShowing(output, ['A-1001-0001', 'paid'])).toBeDefined();
    expect(lineShowing(output, ['USD', 'paid'])).toBeUndefined(); // two lines
  });

  it('refuses a marker without a shell block, and finds placeholders', () => {
    expect(() => parseWalkthrough(`${WALKTHROUGH_MARKER}\n\nsome prose\n`)).toThrow(/must be followed/);
    expect(placeholderIn('npx revbridge invoice show <invoice>')).toBe('<invoice>');
    expect(placeholderIn('npx revbridge invoice list [--account A-1001]')).toBe('[--account A-1001]');
    expect(placeholderIn('npx revbridge apikey create --name ci --role operator')).toBeUndefined();
  });
});

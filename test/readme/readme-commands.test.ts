import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliRunner } from '../../src/cli/cli-runner.ts';
import { registerAllCommands } from '../../src/cli/commands/index.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Flags every command takes (the program's own). */
const GLOBAL_FLAGS = new Set(['--json', '--help', '-h', '--version', '-V']);

/**
 * Every `npx revbridge …` line of the README's shell blocks, the syntax reference included (which the
 * walkthrough test does not run): its words up to the first placeholder, option or value, and its flags.
 */
function readmeCommandLines(): { line: number; words: string[]; flags: string[] }[] {
  const found: { line: number; words: string[]; flags: string[] }[] = [];
  const lines = README.split('\n');
  let inShell = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^```/.test(lines[i])) {
      inShell = !inShell && lines[i].trim() === '```sh';
      continue;
    }
    if (!inShell || !lines[i].trimStart().startsWith('npx revbridge')) continue;
    let text = lines[i];
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]}`;
    const code = text
      .replace(/\s#.*$/, '') // the comment
      .replace(/"[^"]*"|'[^']*'/g, 'VALUE'); // quoted values
    const tokens = code.trim().split(/\s+/).slice(2);
    const words = tokens.filter((t) => !t.startsWith('-') && !t.startsWith('['));
    const flags = tokens.map((t) => t.replace(/^\[/, '').replace(/\]$/, '')).filter((t) => /^--?[A-Za-z]/.test(t));
    found.push({ line: i + 1, words, flags });
  }
  return found;
}

describe("the README's CLI examples", () => {
  it('name commands that exist, with flags those commands take', async () => {
    const program = new Command('revbridge');
    await registerAllCommands(program, {} as CliRunner);
    const examples = readmeCommandLines();
    expect(examples.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    for (const { line, words, flags } of examples) {
      let command = program;
      for (const word of words) {
        const sub = command.commands.find((c) => c.name() === word);
        if (!sub) break;
        command = sub;
      }
      // `npx revbridge <command> --help` names no command; anything else must reach one that runs (a
      // misspelt word stops the walk early, at a command that has subcommands).
      const path = command === program ? '' : command.name();
      const bare = words.length === 0; // `npx revbridge --help`, `--version`
      if (!bare && command.commands.length > 0 && !words.some((w) => w.startsWith('<'))) {
        wrong.push(`README.md:${line}: "${words.join(' ')}" stops at "${path}", which needs a subcommand`);
      }
      for (const flag of flags) {
        const known = GLOBAL_FLAGS.has(flag) || command.options.some((o) => o.long === flag || o.short === flag);
        if (!known) wrong.push(`README.md:${line}: ${path || 'revbridge'} takes no ${flag}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

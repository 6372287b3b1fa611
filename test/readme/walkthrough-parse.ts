/**
 * Reading the README's walkthrough: the fenced ```sh blocks that follow a `<!-- walkthrough -->` comment,
 * cut into the commands a user pastes, each with the figures its `# →` comment promises. Kept apart from
 * the test that runs them so the rules (continuations, comments, what a figure must match) are tested on
 * their own.
 */

/** The marker line that makes the next ```sh block part of the walkthrough. */
export const WALKTHROUGH_MARKER = '<!-- walkthrough -->';

export interface WalkthroughCommand {
  /** 1-based line of README.md the command starts on (for failure messages). */
  line: number;
  /** The command as bash reads it: continuation lines kept with their `\`, its comment included. */
  text: string;
  /** The command without its comment, on one line (continuations joined): what the user types. */
  command: string;
  /** One entry per `;`-separated part of its `# →` comments: the words one output line shows, in order. */
  figures: string[][];
}

/** Every command of the README's walkthrough blocks, in order. Throws when a marker has no ```sh block. */
export function parseWalkthrough(markdown: string): WalkthroughCommand[] {
  const lines = markdown.split('\n');
  const commands: WalkthroughCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== WALKTHROUGH_MARKER) continue;
    let open = i + 1;
    while (open < lines.length && lines[open].trim() === '') open++;
    if (lines[open]?.trim() !== '```sh') {
      throw new Error(`README.md:${i + 1}: ${WALKTHROUGH_MARKER} must be followed by a \`\`\`sh block`);
    }
    let close = open + 1;
    while (close < lines.length && lines[close].trim() !== '```') close++;
    if (close === lines.length) throw new Error(`README.md:${open + 1}: the walkthrough block is not closed`);
    commands.push(...parseBlock(lines.slice(open + 1, close), open + 2));
    i = close;
  }
  return commands;
}

/** The commands of one block whose first line is README line `firstLine`. */
export function parseBlock(lines: string[], firstLine = 1): WalkthroughCommand[] {
  const commands: WalkthroughCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      // A comment line of its own: `#   → …` tells what the command above it prints, anything else is prose.
      const figures = figuresOf(trimmed.slice(1));
      if (figures.length === 0) continue;
      const last = commands.at(-1);
      if (!last) throw new Error(`README.md:${firstLine + i}: a "# →" line with no command before it`);
      last.figures.push(...figures);
      continue;
    }
    const start = i;
    while (lines[i].endsWith('\\') && i + 1 < lines.length) i++;
    const physical = lines.slice(start, i + 1);
    const { code, comment } = splitComment(physical.join('\n'));
    commands.push({
      line: firstLine + start,
      text: physical.join('\n'),
      command: code.replace(/\s*\\\n\s*/g, ' ').trim(),
      figures: comment === undefined ? [] : figuresOf(comment),
    });
  }
  return commands;
}

/**
 * Splits a command from its comment as bash does: a `#` that starts a word, outside quotes. Quotes are
 * followed only as far as a walkthrough needs (no nested `$( "…" )` with `#` inside).
 */
export function splitComment(text: string): { code: string; comment: string | undefined } {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      return { code: text.slice(0, i), comment: text.slice(i + 1) };
    }
  }
  return { code: text, comment: undefined };
}

/** `→ a b; c d` as [['a','b'], ['c','d']]; a comment that does not open with → promises nothing. */
export function figuresOf(comment: string): string[][] {
  const body = comment.trim();
  if (!body.startsWith('→')) return [];
  return body
    .slice(1)
    .split(';')
    .map((part) => part.trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
}

/**
 * The output line that shows `words` in order, or undefined. A word counts where it stands on its own: not
 * glued to a letter, digit or `-` on either side, nor to the rest of a decimal, so `10.32` is not found in
 * `110.32`, `A-1001` not in `A-1001-0001`, `total` not in `subtotal`.
 */
export function lineShowing(output: string, words: string[]): string | undefined {
  const patterns = words.map((w) => {
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![A-Za-z0-9-]|\\d\\.)${escaped}(?![A-Za-z0-9-]|\\.\\d)`, 'g');
  });
  return output.split('\n').find((line) => {
    let from = 0;
    for (const pattern of patterns) {
      pattern.lastIndex = from;
      const found = pattern.exec(line);
      if (!found) return false;
      from = found.index + found[0].length;
    }
    return true;
  });
}

/** What a walkthrough command must not contain: a placeholder or an optional part the user has to edit. */
export function placeholderIn(command: string): string | undefined {
  return /<[A-Za-z][^>]*>|\[--?[A-Za-z][^\]]*\]|…|\.\.\.|\bN\b|\bFILE\b/.exec(command)?.[0];
}

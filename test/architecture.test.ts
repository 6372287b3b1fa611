import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from '../packages/localorg/test/import-graph.ts';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/**
 * The floors of the hub, top to bottom; a module may import its own floor and the ones below. Files at the
 * top of src/ (main, hub, config, the context) wire the floors together and sit above them all.
 */
const FLOORS: Array<[floor: string, mayImport: string[]]> = [
  ['api/', ['api/', 'jobs/', 'revenue/', 'sync/', 'billing/', 'auth/', 'crm/', 'store/', 'domain/']],
  // The CLI is a process entry point: it reads the configuration (config.ts) and bounds the heap like main does.
  [
    'cli/',
    [
      'config.ts',
      'heap-growth.ts',
      'cli/',
      'jobs/',
      'revenue/',
      'sync/',
      'billing/',
      'auth/',
      'crm/',
      'store/',
      'domain/',
    ],
  ],
  ['jobs/', ['jobs/', 'revenue/', 'sync/', 'billing/', 'crm/', 'store/', 'domain/']],
  ['revenue/', ['revenue/', 'sync/', 'billing/', 'crm/', 'store/', 'domain/']],
  ['sync/', ['sync/', 'billing/', 'crm/', 'store/', 'domain/']],
  ['billing/', ['billing/', 'store/', 'domain/']],
  ['auth/', ['auth/', 'store/', 'domain/']],
  ['crm/', ['crm/', 'domain/']],
  ['store/', ['store/', 'domain/']],
  ['domain/', ['domain/']],
];
/** Context types every floor receives (type-only: the process entry points build them). */
const SHARED = new Set(['app-context.ts', 'logger.ts']);

describe('the house: floors and arrows', () => {
  const graph = importGraph(SRC);

  it('no module imports itself through others, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('every import points down', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const floor = FLOORS.find(([f]) => file.startsWith(f));
      if (!floor) continue;
      for (const target of targets) {
        if (SHARED.has(target)) continue;
        if (!floor[1].some((allowed) => target.startsWith(allowed))) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('only crm/salesforce imports jsforce', () => {
    const importers = [...graph.keys()].filter((file) =>
      /from\s+['"]jsforce['"]/.test(readFileSync(join(SRC, file), 'utf8')),
    );
    expect(importers.every((f) => f.startsWith('crm/salesforce/'))).toBe(true);
    expect(importers.length).toBeGreaterThan(0);
  });
});

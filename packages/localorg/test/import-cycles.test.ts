import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph as graphOf } from './import-graph.ts';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const importGraph = () => graphOf(SRC);

describe('module structure', () => {
  it('the write pipeline and the platform rules import each other in one direction only', () => {
    const graph = importGraph();
    expect(graph.get('records/write.ts')).toContain('rules/index.ts');
    const touching = cycles(graph).filter((c) => c.some((f) => f.startsWith('records/') || f.startsWith('rules/')));
    expect(touching).toEqual([]);
  });

  it('no module imports itself through others, type-only imports included', () => {
    expect(cycles(importGraph())).toEqual([]);
  });
});

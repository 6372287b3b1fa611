import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived its last full collection before collecting again:
 * twice, not V8's default of up to four times. A sync of 100,000 accounts keeps about 80 MB alive, yet
 * with the default the heap reached 370 MB and the process 530 MB; at twice it stays near 200 MB (RSS
 * about 350 MB) for a few more collections (`npm run bench -- sync`). Called first by every process
 * entry point (the hub, the CLI and its worker), before the work allocates.
 */
export const HEAP_GROWING_PERCENT = 100;

export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

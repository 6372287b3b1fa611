import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../app-context.ts';
import { globalValueSetFileName, globalValueSetXml } from '../../domain/salesforce-value-sets.ts';
import { listSalesforceValueSets } from './list-salesforce-value-sets.ts';

export interface WrittenFile {
  /** The file's path. */
  path: string;
  valueSet: string;
  values: number;
  /** false when the file already said the same (nothing was written). */
  changed: boolean;
}

/**
 * Writes the five global value set files into `dir/globalValueSets/` (an SFDX package directory such as
 * `salesforce/force-app/main/default`), from billing's lists. A file whose content is already right is left
 * alone, so a second run changes nothing and the git diff shows exactly what a deploy would change.
 */
export async function writeSalesforceMetadata(ctx: AppContext, input: { dir: string }): Promise<WrittenFile[]> {
  const folder = join(input.dir, 'globalValueSets');
  mkdirSync(folder, { recursive: true });
  return (await listSalesforceValueSets(ctx)).map((set) => {
    const path = join(folder, globalValueSetFileName(set));
    const text = globalValueSetXml(set);
    const changed = readIfThere(path) !== text;
    if (changed) writeFileSync(path, text);
    return { path, valueSet: set.name, values: set.values.length, changed };
  });
}

function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { writeSalesforceMetadata } from '../../billing/reference-lists/write-salesforce-metadata.ts';
import type { CliRunner } from '../cli-runner.ts';

/** The project's SFDX package directory: src/cli/commands (or dist/cli/commands) → salesforce/force-app/main/default. */
export const DEFAULT_METADATA_DIR = fileURLToPath(
  new URL('../../../salesforce/force-app/main/default', import.meta.url),
);

export function registerSalesforceCommand(program: Command, run: CliRunner): void {
  const salesforce = program.command('salesforce').description('what a Salesforce org needs from billing');

  salesforce
    .command('metadata')
    .description(
      "write the global value sets (status, cycle, AR term, bill group, category) from billing's lists, to deploy",
    )
    .option('--out <dir>', 'SFDX package directory (default the project’s salesforce/force-app/main/default)')
    .action((o: { out?: string }) =>
      run.withContext(async (ctx) => {
        const files = await writeSalesforceMetadata(ctx, { dir: o.out ?? DEFAULT_METADATA_DIR });
        const lines = files.map(
          (f) =>
            `${f.changed ? 'wrote    ' : 'unchanged'} ${shown(f.path)} (${f.values} ${f.values === 1 ? 'value' : 'values'})`,
        );
        const changed = files.filter((f) => f.changed).length;
        const deploy =
          o.out === undefined ? 'sf project deploy start -d salesforce/force-app' : 'sf project deploy start';
        lines.push(
          changed === 0
            ? 'nothing changed'
            : `${changed} ${changed === 1 ? 'file' : 'files'} changed; deploy with: ${deploy}`,
        );
        return { data: files, human: lines.join('\n') };
      }),
    );
}

/** A path under the working directory as typed from there; any other in full. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

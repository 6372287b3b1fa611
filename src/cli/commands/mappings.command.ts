import type { Command } from 'commander';
import type { CliRunner } from '../cli-runner.ts';
import type { MappingRowView } from '../../sync/mappings/show-mappings.ts';
import { renderHuman, table } from '../output.ts';

export function registerMappingsCommand(program: Command, run: CliRunner): void {
  const mappings = program.command('mappings').description('the field mappings between Salesforce and billing');
  mappings
    .command('show')
    .description('every mapped field: direction, transform, required; --check compares them with the org')
    .option('--check', "check every field against the org's describe (exists, writable)")
    .action((o: { check?: boolean }) =>
      run.withContext(async (ctx) => {
        const { showMappings } = await import('../../sync/mappings/show-mappings.ts');
        const view = await showMappings(ctx, { check: o.check });
        const rows = renderHuman({
          data: null,
          human: table(view.rows, [
            { header: 'MAPPING', value: (r) => `${r.mapping} v${r.version}` },
            { header: 'SALESFORCE', value: salesforceSide },
            { header: 'DIRECTION', value: (r) => (r.direction === 'to_billing' ? '→ billing' : '← billing') },
            { header: 'BILLING', value: (r) => r.billingField },
            { header: 'TRANSFORM', value: (r) => r.transform },
            { header: 'REQUIRED', value: (r) => (r.required ? 'yes' : '') },
            { header: 'WHEN', value: (r) => (r.onLinkOnly ? 'on link' : '') },
          ]),
        });
        const check =
          view.problems === undefined
            ? ''
            : view.problems.length === 0
              ? '\n\nThe org has every mapped field, writable where revbridge writes.'
              : `\n\nProblems with the org:\n${view.problems.map((p) => `  - ${p}`).join('\n')}`;
        return { data: view, human: rows + check };
      }),
    );
}

/** The field, or where the value comes from when the org lacks it (CurrencyIsoCode in a single-currency org). */
function salesforceSide(r: MappingRowView): string {
  const field = `${r.salesforceObject}.${r.salesforceField}`;
  if (r.orgValue !== undefined) return `the org's currency, ${r.orgValue} (no ${field})`;
  return r.absentInOrg === 'org_currency' ? `${field} (else the org's currency)` : field;
}

import type { Command } from 'commander';
import { API_ROLES } from '../../auth/api-role.ts';
import { createApiKey } from '../../auth/create-api-key.ts';
import { listApiKeys } from '../../auth/list-api-keys.ts';
import { revokeApiKey } from '../../auth/revoke-api-key.ts';
import { toJsonView } from '../../billing/json-view.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

const ONCE_WARNING =
  'Store it now: it will not be shown again (revbridge keeps only its hash). ' +
  'Lost keys are revoked and replaced, not recovered.';

/**
 * API keys. The CLI needs none itself: whoever can run it against the store already holds the database,
 * which is why this is where the first key of a new installation comes from.
 */
export function registerApiKeyCommand(program: Command, run: CliRunner): void {
  const apikey = program.command('apikey').description('API keys: who may call the HTTP API, with which role');

  apikey
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "salesforce flows" (shown in listings)')
    .requiredOption(
      '--role <role>',
      `${API_ROLES.join(', ')}: viewer reads; operator also runs billing, records payments and usage; admin does everything`,
    )
    // For scripts: KEY=$(revbridge apikey create … --quiet) without parsing JSON.
    .option('-q, --quiet', 'print only the key (the same one-time key, without the explanation)')
    .action((o: { name: string; role: string; quiet?: boolean }) =>
      run.withContext(async (ctx) => {
        const { apiKey, secret } = await createApiKey(ctx, { name: o.name, role: o.role });
        const view = toJsonView(apiKey);
        return {
          data: { ...view, key: secret, warning: ONCE_WARNING },
          human: o.quiet
            ? secret
            : [
                `created API key ${view.id} "${view.name}" with the ${view.role} role:`,
                '',
                `  ${secret}`,
                '',
                ONCE_WARNING,
                'Send it as "Authorization: Bearer <key>".',
              ].join('\n'),
        };
      }),
    );

  apikey
    .command('list')
    .description('every API key, revoked ones included (never a secret)')
    .action(() =>
      run.withContext(async (ctx) => {
        const keys = toJsonView(await listApiKeys(ctx));
        return {
          data: keys,
          human: table(
            keys,
            [
              { header: 'ID', value: (k) => k.id },
              { header: 'PREFIX', value: (k) => `${k.prefix}…` },
              { header: 'NAME', value: (k) => k.name },
              { header: 'ROLE', value: (k) => k.role },
              { header: 'STATUS', value: (k) => k.status },
              { header: 'CREATED', value: (k) => k.createdAt },
              { header: 'LAST USED', value: (k) => k.lastUsedAt ?? 'never' },
              { header: 'REVOKED', value: (k) => k.revokedAt },
            ],
            'no API keys (create one with `revbridge apikey create --name NAME --role ROLE`)',
          ),
        };
      }),
    );

  apikey
    .command('revoke <key>')
    .description('revoke an API key, named by its id, its prefix (rb_…) or the whole key')
    .action((ref: string) =>
      run.withContext(async (ctx) => {
        const result = await revokeApiKey(ctx, ref);
        const view = toJsonView(result.apiKey);
        return {
          data: { ...view, revoked: result.revoked },
          human: result.revoked
            ? `revoked API key ${view.id} ${view.prefix}… "${view.name}": it is refused from the next request on`
            : `API key ${view.id} ${view.prefix}… "${view.name}" was already revoked on ${view.revokedAt}`,
        };
      }),
    );
}

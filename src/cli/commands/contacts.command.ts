import type { Command } from 'commander';
import { createContact } from '../../billing/contacts/create-contact.ts';
import { linkContact } from '../../billing/contacts/link-contact.ts';
import { listAccountContacts } from '../../billing/contacts/list-account-contacts.ts';
import { unlinkContact } from '../../billing/contacts/unlink-contact.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

export function registerContactsCommand(program: Command, run: CliRunner): void {
  const contact = program.command('contact').description('contacts and their accounts');

  contact
    .command('create')
    .description('create a contact (then `contact link` it to accounts)')
    .requiredOption('--last-name <name>', 'last name')
    .option('--first-name <name>', 'first name')
    .option('--email <email>', 'email')
    .option('--phone <phone>', 'phone')
    .action((o: { lastName: string; firstName?: string; email?: string; phone?: string }) =>
      run.withContext(async (ctx) => {
        const created = await createContact(ctx, o);
        return {
          data: created,
          human: `created contact ${created.id} ${[created.firstName, created.lastName].filter(Boolean).join(' ')}`,
        };
      }),
    );

  contact
    .command('link <account> <contactId>')
    .description('link a contact to an account (again: replaces its roles there)')
    .option('--role <role...>', 'roles on this account, e.g. billing technical')
    .option('--primary', "make it the account's primary contact")
    .action((accountId: string, contactId: string, o: { role?: string[]; primary?: boolean }) =>
      run.withContext(async (ctx) => {
        const linked = await linkContact(ctx, { accountId, contactId, roles: o.role, isPrimary: o.primary });
        return { data: linked, human: `contact ${linked.id} is on accounts ${linked.accountIds.join(', ')}` };
      }),
    );

  contact.command('unlink <account> <contactId>').action((accountId: string, contactId: string) =>
    run.withContext(async (ctx) => {
      const result = await unlinkContact(ctx, { accountId, contactId });
      return { data: result, human: result.unlinked ? 'unlinked' : 'was not linked' };
    }),
  );

  contact
    .command('list <account>')
    .description("an account's contacts")
    .action((accountId: string) =>
      run.withContext(async (ctx) => {
        const contacts = await listAccountContacts(ctx, { accountId });
        return {
          data: contacts,
          human: table(
            contacts,
            [
              { header: 'ID', value: (c) => c.id },
              { header: 'NAME', value: (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') },
              { header: 'EMAIL', value: (c) => c.email },
              { header: 'ROLES', value: (c) => c.roles },
              { header: 'PRIMARY', value: (c) => (c.isPrimary ? 'yes' : '') },
              { header: 'ACCOUNTS', value: (c) => c.accountIds },
            ],
            'no contacts',
          ),
        };
      }),
    );
}

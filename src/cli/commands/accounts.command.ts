import type { Command } from 'commander';
import type { AppContext } from '../../app-context.ts';
import { accountHierarchy, type AccountTreeNode } from '../../billing/accounts/account-hierarchy.ts';
import type { AccountDetail } from '../../billing/accounts/accounts.views.ts';
import { createAccount } from '../../billing/accounts/create-account.ts';
import { getAccount } from '../../billing/accounts/get-account.ts';
import { listAccounts } from '../../billing/accounts/list-accounts.ts';
import { updateAccount } from '../../billing/accounts/update-account.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';
import { type PageOptions, pageText, pageRequest, withPageOptions } from '../paging.ts';

interface AccountOptions {
  name?: string;
  number?: string;
  currency?: string;
  status?: string;
  parent?: string;
  subscriptionInvoicer?: string;
  usageInvoicer?: string;
  taxAccount?: string;
  billGroup?: string;
  arTerm?: string;
  cycle?: string;
  category?: string;
  email?: string;
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** 'none' clears a setting, so the account inherits it again (or, for a parent, becomes a root). */
const cleared = (value: string | undefined) => (value === 'none' ? null : value);

function addAccountOptions(command: Command): Command {
  return command
    .option('--name <name>', 'account name')
    .option('--currency <code>', 'ISO 4217 currency (locked once synced or billed)')
    .option('--status <status>', 'active, suspended or closed')
    .option('--parent <account>', "parent account id or number ('none' for a root)")
    .option('--subscription-invoicer <account>', "id, number, 'self', or 'none' to inherit")
    .option('--usage-invoicer <account>', "id, number, 'self', or 'none' to inherit")
    .option('--tax-account <account>', "tax inheritance account: id, number, 'self', or 'none'")
    .option('--bill-group <group>', "bill group, one of `bill-group list` ('none' to inherit)")
    .option('--ar-term <days>', "accounts receivable term in days ('none' to inherit)")
    .option('--cycle <cycle>', "billing cycle: monthly, quarterly, semiannual, annual ('none' to inherit)")
    .option('--category <category>', "account category, one of `account-category list` ('none' to clear)")
    .option('--email <email>', 'primary billing email')
    .option('--street <street>', 'billing address street')
    .option('--city <city>', 'city')
    .option('--region <region>', 'state or region, e.g. CA')
    .option('--postal-code <code>', 'postal code')
    .option('--country <country>', 'country (any common spelling; stored as ISO alpha-2)');
}

function toInput(o: AccountOptions) {
  const address = { street: o.street, city: o.city, region: o.region, postalCode: o.postalCode, country: o.country };
  const arTerm = cleared(o.arTerm);
  return {
    name: o.name,
    currency: o.currency,
    status: o.status,
    parentId: cleared(o.parent),
    subscriptionInvoicerId: cleared(o.subscriptionInvoicer),
    usageInvoicerId: cleared(o.usageInvoicer),
    taxAccountId: cleared(o.taxAccount),
    billGroup: cleared(o.billGroup),
    arTermDays: arTerm === undefined || arTerm === null ? arTerm : Number(arTerm),
    billingCycle: cleared(o.cycle),
    accountCategory: cleared(o.category),
    primaryEmail: o.email,
    address: Object.values(address).some((v) => v !== undefined) ? address : undefined,
  };
}

function describeAccount(a: AccountDetail, numbers: ReadonlyMap<string, string>): string {
  const e = a.effective;
  // A setting left null comes from the nearest ancestor that sets it, else the default.
  const own = (value: unknown) => (value === null ? ' (inherited/default)' : '');
  // People type account numbers; ids are for scripts (`--json` has both).
  const named = (id: string | null) => (id === null ? '-' : (numbers.get(id) ?? `id ${id}`));
  return [
    `${a.accountNumber}  ${a.name}  [${a.status}]  id ${a.id}`,
    `currency       ${a.currency}${a.currencyLocked ? ' (locked)' : ''}`,
    `parent         ${named(a.parentId)}`,
    `sub. invoicer  ${named(e.subscriptionInvoicerId)}${own(a.subscriptionInvoicerId)}`,
    `usage invoicer ${named(e.usageInvoicerId)}${own(a.usageInvoicerId)}`,
    `tax account    ${named(e.taxAccountId)}${own(a.taxAccountId)}`,
    `AR term        ${e.arTermDays} days${own(a.arTermDays)}`,
    `billing cycle  ${e.billingCycle}${own(a.billingCycle)}`,
    `bill group     ${e.billGroup ?? '-'}${own(a.billGroup)}`,
    `category       ${a.accountCategory ?? '-'}`,
    `email          ${a.primaryEmail ?? '-'}`,
    `country        ${a.address.country ?? '-'}${a.address.region ? ` (region ${a.address.region})` : ''}`,
    `synced         ${a.syncedAt ?? 'never'}`,
  ].join('\n');
}

/**
 * The account as `account show` prints it. Parent, invoicers and tax account are always accounts of its
 * hierarchy (the rules refuse others), so one read of the hierarchy names them all by number.
 */
async function shownAccount(ctx: AppContext, a: AccountDetail): Promise<string> {
  const tree = await accountHierarchy(ctx, { idOrNumber: a.id });
  const numbers = new Map<string, string>();
  const walk = (node: AccountTreeNode): void => {
    numbers.set(node.id, node.accountNumber);
    node.children.forEach(walk);
  };
  walk(tree.root);
  return describeAccount(a, numbers);
}

function treeLines(node: AccountTreeNode, depth = 0): string[] {
  const line = `${'  '.repeat(depth)}${depth ? '└ ' : ''}${node.accountNumber}  ${node.name}  (${node.currency}, id ${node.id})`;
  return [line, ...node.children.flatMap((c) => treeLines(c, depth + 1))];
}

export function registerAccountsCommand(program: Command, run: CliRunner): void {
  const account = program.command('account').description('billing accounts and their hierarchy');

  addAccountOptions(account.command('create'))
    .description('create a billing account (--name and --currency required)')
    .option('--number <number>', 'account number (generated when absent)')
    .action((o: AccountOptions) =>
      run.withContext(async (ctx) => {
        const created = await createAccount(ctx, {
          ...toInput(o),
          name: o.name ?? '',
          currency: o.currency ?? '',
          accountNumber: o.number,
        });
        return { data: created, human: await shownAccount(ctx, created) };
      }),
    );

  addAccountOptions(account.command('update <account>'))
    .description('change an account (id or number); only the given options change')
    .action((idOrNumber: string, o: AccountOptions) =>
      run.withContext(async (ctx) => {
        const updated = await updateAccount(ctx, { idOrNumber, ...toInput(o) });
        return { data: updated, human: await shownAccount(ctx, updated) };
      }),
    );

  account
    .command('show <account>')
    .description('an account with the settings it inherits')
    .action((idOrNumber: string) =>
      run.withContext(async (ctx) => {
        const shown = await getAccount(ctx, { idOrNumber });
        return { data: shown, human: await shownAccount(ctx, shown) };
      }),
    );

  withPageOptions(account.command('list').description('accounts, a page at a time'), 50)
    .option('--search <text>', 'part of the name or number')
    .option('--parent <account>', 'only the children of this account')
    .option('--status <status>', 'active, suspended or closed')
    .action(
      (
        o: PageOptions & {
          search?: string;
          parent?: string;
          status?: 'active' | 'suspended' | 'closed';
        },
      ) =>
        run.withContext(async (ctx) => {
          const page = await listAccounts(ctx, {
            search: o.search,
            parent: o.parent,
            status: o.status,
            ...pageRequest(o),
          });
          const rows = table(
            page.accounts,
            [
              { header: 'ID', value: (a) => a.id },
              { header: 'NUMBER', value: (a) => a.accountNumber },
              { header: 'NAME', value: (a) => a.name },
              { header: 'CUR', value: (a) => a.currency },
              { header: 'STATUS', value: (a) => a.status },
              { header: 'PARENT', value: (a) => a.parentId },
            ],
            'no accounts',
          );
          return { data: page, human: pageText(rows, page.nextCursor) };
        }),
    );

  account
    .command('tree <account>')
    .description('the whole hierarchy the account belongs to')
    .action((idOrNumber: string) =>
      run.withContext(async (ctx) => {
        const tree = await accountHierarchy(ctx, { idOrNumber });
        return { data: tree, human: treeLines(tree.root).join('\n') };
      }),
    );
}

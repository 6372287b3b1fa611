import type { Command } from 'commander';
import { addListValue } from '../../billing/reference-lists/add-list-value.ts';
import { listValues } from '../../billing/reference-lists/list-values.ts';
import type { ListRow, ReferenceList } from '../../billing/reference-lists/reference-list.ts';
import {
  ACCOUNT_CATEGORIES,
  type AccountCategoryView,
  AR_TERMS,
  type ArTermView,
  BILL_GROUPS,
  type BillGroupView,
} from '../../billing/reference-lists/reference-lists.ts';
import { removeListValue } from '../../billing/reference-lists/remove-list-value.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

/** What the CLI says of one reference list: `revbridge <list.command> list|add|remove`. */
interface ListCommand<View> {
  list: ReferenceList<ListRow, View>;
  description: string;
  descriptions: { list: string; add: string; remove: string };
  /** The option of `add` that sets the list's attribute (`--name`, `--days`), and how its text is read. */
  option: { flags: string; description: string; required?: boolean; parse?: (text: string) => number };
  /** The table's columns (headers are the keys in capitals) and what it says when empty. */
  columns: readonly (keyof View & string)[];
  none: string;
  /** A value as `add` reports it, after the list's noun: "West (West coast)", "Net 30 = 30 days". */
  shown(value: View): string;
}

export function registerBillGroupsCommand(program: Command, run: CliRunner): void {
  registerListCommand<BillGroupView>(program, run, {
    list: BILL_GROUPS,
    description: "bill groups billing defines (an account's --bill-group; Salesforce's Bill Group picklist)",
    descriptions: {
      list: 'every bill group, with how many accounts set it',
      add: 'add a bill group (then `revbridge salesforce metadata` and deploy, for Salesforce to offer it)',
      remove: 'remove a bill group no account sets',
    },
    option: { flags: '--name <text>', description: 'the label Salesforce shows (default the code)' },
    columns: ['code', 'name', 'accounts'],
    none: 'no bill groups',
    shown: (g) => `${g.code} (${g.name})`,
  });
}

export function registerArTermsCommand(program: Command, run: CliRunner): void {
  registerListCommand<ArTermView>(program, run, {
    list: AR_TERMS,
    description: 'named AR terms, e.g. "Net 30" = 30 days (Salesforce\'s AR Term picklist)',
    descriptions: {
      list: 'every AR term by days, with how many accounts set that many days',
      add: 'add an AR term (each names a different number of days)',
      remove: 'remove an AR term while no account sets its number of days',
    },
    option: { flags: '--days <days>', description: 'whole days to pay, 0–365', required: true, parse: Number },
    columns: ['code', 'days', 'accounts'],
    none: 'no AR terms',
    shown: (t) => `${t.code} = ${t.days} days`,
  });
}

export function registerAccountCategoriesCommand(program: Command, run: CliRunner): void {
  registerListCommand<AccountCategoryView>(program, run, {
    list: ACCOUNT_CATEGORIES,
    description:
      "account categories billing defines (an account's --category; Salesforce's Billing Account Category picklist)",
    descriptions: {
      list: 'every account category, with its id and how many accounts are in it',
      add: 'add an account category (then `revbridge salesforce metadata` and deploy)',
      remove: 'remove an account category no account is in',
    },
    option: { flags: '--name <text>', description: 'the label Salesforce shows (default the code)' },
    columns: ['id', 'code', 'name', 'accounts'],
    none: 'no account categories',
    shown: (c) => `${c.code} (${c.name}, id ${c.id})`,
  });
}

function registerListCommand<View>(program: Command, run: CliRunner, spec: ListCommand<View>): void {
  const { list, option } = spec;
  const group = program.command(list.command).description(spec.description);

  group
    .command('list')
    .description(spec.descriptions.list)
    .action(() =>
      run.withContext(async (ctx) => {
        const values = await listValues(ctx, list);
        const columns = spec.columns.map((key) => ({ header: key.toUpperCase(), value: (v: View) => v[key] }));
        return { data: values, human: table(values, columns, spec.none) };
      }),
    );

  const add = group.command('add <code>').description(spec.descriptions.add);
  if (option.required) add.requiredOption(option.flags, option.description);
  else add.option(option.flags, option.description);
  add.action((code: string, o: Record<string, string | undefined>) =>
    run.withContext(async (ctx) => {
      const { column } = list.attribute;
      const text = o[column];
      const input = { code, [column]: text !== undefined && option.parse ? option.parse(text) : text };
      const { value, created } = await addListValue(ctx, list, input);
      return {
        data: { ...value, created },
        human: `${list.one} ${spec.shown(value)}${created ? ' added' : ' already there'}`,
      };
    }),
  );

  group
    .command('remove <code>')
    .description(spec.descriptions.remove)
    .action((code: string) =>
      run.withContext(async (ctx) => {
        const result = await removeListValue(ctx, list, code);
        return { data: result, human: `${list.one} ${result.removed} removed` };
      }),
    );
}

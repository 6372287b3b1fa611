import type { AppContext } from '../../app-context.ts';
import { type EffectiveSettings, effectiveSettings, rootOf } from '../../domain/account-hierarchy.ts';
import { loadHierarchies } from './accounts.repo.ts';
import { type AccountView, byId, toAccountView } from './accounts.views.ts';
import { requireAccount } from './require-account.ts';

export interface AccountHierarchyInput {
  idOrNumber: string;
}

export interface AccountTreeNode extends AccountView {
  effective: EffectiveSettings;
  children: AccountTreeNode[];
}

export interface AccountTree {
  /** The account asked about (the tree starts at its root). */
  accountId: string;
  root: AccountTreeNode;
}

/** The whole hierarchy an account belongs to, from its root down, with each account's effective settings. */
export async function accountHierarchy(ctx: AppContext, input: AccountHierarchyInput): Promise<AccountTree> {
  const found = await requireAccount(ctx.db, input.idOrNumber);
  const rows = await loadHierarchies(ctx.db, [found.id]);
  const accounts = byId(rows);
  const nodes = new Map<string, AccountTreeNode>(
    rows.map((row) => {
      const id = row.id.toString();
      return [id, { ...toAccountView(row), effective: effectiveSettings(id, accounts), children: [] }];
    }),
  );
  for (const node of nodes.values()) {
    if (node.parentId !== null) nodes.get(node.parentId)?.children.push(node);
  }
  const rootId = rootOf(found.id.toString(), (id) => accounts.get(id)?.parentId ?? null);
  return { accountId: found.id.toString(), root: nodes.get(rootId)! };
}

/**
 * Seed 001: "This relationship will be honored when accounts are pushed": a parent reaches billing
 * before its children, whatever order the CRM returned them in. Items whose parent is not in the list
 * keep their place among the roots; the order is otherwise stable. A loop (which Salesforce refuses)
 * cannot hang it: what is left when no item is ready keeps its input order at the end.
 */
export function parentsFirst<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  parentOf: (item: T) => string | null,
): T[] {
  const present = new Set(items.map(idOf));
  const childrenOf = new Map<string, T[]>();
  const ready: T[] = [];
  for (const item of items) {
    const parent = parentOf(item);
    if (parent !== null && present.has(parent) && parent !== idOf(item)) {
      const siblings = childrenOf.get(parent);
      if (siblings) siblings.push(item);
      else childrenOf.set(parent, [item]);
    } else {
      ready.push(item);
    }
  }
  const ordered: T[] = [];
  const placed = new Set<string>();
  for (let i = 0; i < ready.length; i++) {
    const item = ready[i];
    ordered.push(item);
    placed.add(idOf(item));
    for (const child of childrenOf.get(idOf(item)) ?? []) ready.push(child);
  }
  for (const item of items) if (!placed.has(idOf(item))) ordered.push(item);
  return ordered;
}

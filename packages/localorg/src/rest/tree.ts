import { SfError } from '../errors.ts';
import { objectBody } from '../http/body.ts';
import type { Reply, RequestContext } from '../http/types.ts';
import { insertRecord, objectOrThrow, type WriteContext, writeContext } from '../records/write.ts';
import type { ObjectSchema } from '../schema/registry.ts';

const MAX_RECORDS = 200;
const MAX_DEPTH = 5;

interface TreeNode {
  referenceId: string;
  type: string;
  fields: Record<string, unknown>;
  children: Array<{ field: string; nodes: TreeNode[] }>;
}

/**
 * `POST /composite/tree/{Type}`: a tree of new records (parents with nested child records, at most
 * 200 records and 5 levels), inserted all-or-nothing; each child gets its parent's new id.
 */
export function compositeTree(ctx: RequestContext): Reply {
  const org = ctx.app.org;
  const root = objectOrThrow(org, ctx.params.type);
  const body = objectBody(ctx);
  if (!Array.isArray(body.records))
    throw new SfError('JSON_PARSER_ERROR', 'The request body must contain a records array');
  let count = 0;
  const nodes = body.records.map((r) =>
    parseNode(ctx, root, r, 1, () => {
      count++;
    }),
  );
  if (count > MAX_RECORDS)
    throw new SfError('LIMIT_EXCEEDED', `A tree request can contain at most ${MAX_RECORDS} records`);
  const results: Array<{ referenceId: string; id: string }> = [];
  const tx = org.begin();
  const w: WriteContext = { ...writeContext(org, tx), userId: ctx.session?.userId ?? org.integrationUserId };
  let failing: { referenceId: string; error: SfError } | undefined;
  const insertAll = (list: TreeNode[], parent?: { field: string; id: string }) => {
    for (const node of list) {
      if (failing) return;
      try {
        const id = insertRecord(w, node.type, parent ? { ...node.fields, [parent.field]: parent.id } : node.fields);
        results.push({ referenceId: node.referenceId, id });
        for (const child of node.children) insertAll(child.nodes, { field: child.field, id });
      } catch (error) {
        if (!(error instanceof SfError)) throw error;
        failing = { referenceId: node.referenceId, error };
      }
    }
  };
  try {
    insertAll(nodes);
  } catch (error) {
    tx.rollback();
    throw error;
  }
  if (failing) {
    tx.rollback();
    return {
      status: 400,
      json: {
        hasErrors: true,
        results: [{ referenceId: failing.referenceId, errors: [failing.error.toRecordError()] }],
      },
    };
  }
  tx.commit();
  return { status: 201, json: { hasErrors: false, results } };
}

function parseNode(ctx: RequestContext, obj: ObjectSchema, raw: unknown, depth: number, counted: () => void): TreeNode {
  if (depth > MAX_DEPTH) throw new SfError('LIMIT_EXCEEDED', `A tree request can be at most ${MAX_DEPTH} levels deep`);
  const record = raw as Record<string, unknown> | null;
  const attrs = record?.attributes as { type?: string; referenceId?: string } | undefined;
  if (!record || !attrs?.referenceId) throw new SfError('INVALID_INPUT', 'Each record needs attributes.referenceId');
  if (attrs.type && attrs.type.toLowerCase() !== obj.name.toLowerCase()) {
    throw new SfError('INVALID_INPUT', `attributes.type ${attrs.type} does not match ${obj.name}`);
  }
  counted();
  const fields: Record<string, unknown> = {};
  const children: TreeNode['children'] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    const rel = obj.childRelationship(key);
    if (rel && value && typeof value === 'object' && Array.isArray((value as { records?: unknown }).records)) {
      const childObj = objectOrThrow(ctx.app.org, rel.childSObject);
      const list = (value as { records: unknown[] }).records;
      children.push({ field: rel.field, nodes: list.map((c) => parseNode(ctx, childObj, c, depth + 1, counted)) });
    } else fields[key] = value;
  }
  return { referenceId: attrs.referenceId, type: obj.name, fields, children };
}

import { type Selectable, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { SyncLinksTable } from '../../store/schema.ts';

export type LinkRow = Selectable<SyncLinksTable>;
export type LinkedObject = SyncLinksTable['object'];

/** The links of the given Salesforce records, by Salesforce id. */
export async function findLinksBySalesforceId(
  db: Db,
  object: LinkedObject,
  salesforceIds: readonly string[],
): Promise<Map<string, LinkRow>> {
  if (salesforceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_links')
    .selectAll()
    .where('object', '=', object)
    // One array parameter, not one per id: an initial sync looks up 100k ids and PostgreSQL takes at most
    // 65,535 parameters per statement.
    .where('salesforce_id', '=', sql<string>`ANY(${[...salesforceIds]}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.salesforce_id, r]));
}

export async function findLinkByBillingId(
  db: Db,
  object: LinkedObject,
  billingId: bigint,
): Promise<LinkRow | undefined> {
  return db
    .selectFrom('sync_links')
    .selectAll()
    .where('object', '=', object)
    .where('billing_id', '=', billingId)
    .executeTakeFirst();
}

/** Creates or moves the link of a Salesforce record, with the hash of the values billing accepted. */
export async function saveLink(db: Db, link: NewLink): Promise<void> {
  await saveLinks(db, [link]);
}

export interface NewLink {
  object: LinkedObject;
  salesforceId: string;
  billingId: bigint;
  hash: string;
  mappingVersion: number;
  at: Date;
}

/** Creates or moves the links of many records (a chunk of new ones) in one statement. */
export async function saveLinks(db: Db, links: readonly NewLink[]): Promise<void> {
  if (links.length === 0) return;
  await db
    .insertInto('sync_links')
    .values(
      links.map((l) => ({
        object: l.object,
        salesforce_id: l.salesforceId,
        billing_id: l.billingId,
        synced_hash: l.hash,
        mapping_version: l.mappingVersion,
        synced_at: l.at,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['object', 'salesforce_id']).doUpdateSet((eb) => ({
        billing_id: eb.ref('excluded.billing_id'),
        synced_hash: eb.ref('excluded.synced_hash'),
        mapping_version: eb.ref('excluded.mapping_version'),
        synced_at: eb.ref('excluded.synced_at'),
      })),
    )
    .execute();
}

/** Account links in billing id order, a page at a time (keyset). */
export async function listAccountLinks(db: Db, page: { after: bigint | null; limit: number }): Promise<LinkRow[]> {
  let q = db.selectFrom('sync_links').selectAll().where('object', '=', 'account');
  if (page.after !== null) q = q.where('billing_id', '>', page.after);
  return q.orderBy('billing_id').limit(page.limit).execute();
}

/** Remembers what was last written to each record's roll-up fields: one statement for a whole call's records. */
export async function saveRollupHashes(
  db: Db,
  object: LinkedObject,
  written: readonly { salesforceId: string; hash: string }[],
): Promise<void> {
  if (written.length === 0) return;
  await sql`
    UPDATE sync_links l SET rollup_hash = w.hash
    FROM unnest(${written.map((w) => w.salesforceId)}::text[], ${written.map((w) => w.hash)}::text[]) AS w(id, hash)
    WHERE l.object = ${object} AND l.salesforce_id = w.id`.execute(db);
}

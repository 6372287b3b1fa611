import { type Selectable, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { SyncLinksTable } from '../../store/schema.ts';
import { pgArray } from '../../store/pg-array.ts';

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
    // 65,535 parameters per statement. `bpchar[]`, the column's own type: compared as text[], the column
    // would be cast and its index unused (a scan of every link per lookup).
    .where('salesforce_id', '=', sql<string>`ANY(${pgArray([...salesforceIds])}::bpchar[])`)
    .execute();
  return new Map(rows.map((r) => [r.salesforce_id, r]));
}

/** The links of the given billing records, by billing id. */
export async function findLinksByBillingIds(
  db: Db,
  object: LinkedObject,
  billingIds: readonly bigint[],
): Promise<Map<bigint, LinkRow>> {
  if (billingIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_links')
    .selectAll()
    .where('object', '=', object)
    .where('billing_id', 'in', [...billingIds])
    .execute();
  return new Map(rows.map((r) => [r.billing_id, r]));
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
  /** The Salesforce record it belongs to (an opportunity line's opportunity). */
  parentSalesforceId?: string;
}

/** Creates or moves the links of many records (a chunk of new ones) in one statement. */
export async function saveLinks(db: Db, links: readonly NewLink[]): Promise<void> {
  if (links.length === 0) return;
  // One array parameter per column: a chunk of 500 links is 6 parameters, not 3,000.
  await sql`
    INSERT INTO sync_links (object, salesforce_id, billing_id, synced_hash, mapping_version, synced_at, parent_salesforce_id)
    SELECT * FROM unnest(
      ${pgArray(links.map((l) => l.object))}::text[],
      ${pgArray(links.map((l) => l.salesforceId))}::text[],
      ${pgArray(links.map((l) => l.billingId.toString()))}::bigint[],
      ${pgArray(links.map((l) => l.hash))}::text[],
      ${pgArray(links.map((l) => l.mappingVersion))}::int[],
      ${pgArray(links.map((l) => l.at.toISOString()))}::timestamptz[],
      ${pgArray(links.map((l) => l.parentSalesforceId ?? null))}::text[]
    )
    ON CONFLICT (object, salesforce_id) DO UPDATE SET
      billing_id = excluded.billing_id,
      parent_salesforce_id = excluded.parent_salesforce_id,
      synced_hash = excluded.synced_hash,
      mapping_version = excluded.mapping_version,
      synced_at = excluded.synced_at`.execute(db);
}

/** The links of the records that belong to `parentSalesforceId` (an opportunity's lines). */
export async function findLinksByParent(db: Db, object: LinkedObject, parentSalesforceId: string): Promise<LinkRow[]> {
  return db
    .selectFrom('sync_links')
    .selectAll()
    .where('object', '=', object)
    .where('parent_salesforce_id', '=', parentSalesforceId)
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
    FROM unnest(${written.map((w) => w.salesforceId)}::bpchar[], ${written.map((w) => w.hash)}::text[]) AS w(id, hash)
    WHERE l.object = ${object} AND l.salesforce_id = w.id`.execute(db);
}

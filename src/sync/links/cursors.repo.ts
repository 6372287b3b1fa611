import type { Db } from '../../store/db.ts';

/** Where change polling of a flow resumes: the newest SystemModstamp it has seen. */
export async function findCursor(
  db: Db,
  flow: string,
  object: string,
): Promise<{ modstamp: Date; movedAt: Date } | undefined> {
  const row = await db
    .selectFrom('sync_cursors')
    .select(['modstamp', 'updated_at'])
    .where('flow', '=', flow)
    .where('object', '=', object)
    .executeTakeFirst();
  return row && { modstamp: row.modstamp, movedAt: row.updated_at };
}

/** Moves a cursor forward (never back: two pollers finishing out of order keep the newer mark). */
export async function advanceCursor(db: Db, flow: string, object: string, modstamp: Date, at: Date): Promise<void> {
  await db
    .insertInto('sync_cursors')
    .values({ flow, object, modstamp, updated_at: at })
    .onConflict((oc) =>
      oc
        .columns(['flow', 'object'])
        .doUpdateSet({ modstamp, updated_at: at })
        .where('sync_cursors.modstamp', '<', modstamp),
    )
    .execute();
}

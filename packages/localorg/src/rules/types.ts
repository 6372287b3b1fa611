import type { WriteContext } from '../records/write-context.ts';
import type { ObjectSchema } from '../schema/registry.ts';
import type { SfRecord } from '../store/record-store.ts';

/**
 * The platform behaviour of one object, run by the write pipeline around every save. `before*`
 * hooks may change the row being saved (derived fields) or throw an SfError; `after*` hooks
 * maintain other records (roll-ups, auto-created relations) through the same transaction.
 * `requested` names the fields the request itself set (canonical names), so a rule can tell a
 * value the caller chose from one it should derive.
 */
export interface ObjectRules {
  beforeInsert?(ctx: WriteContext, obj: ObjectSchema, row: SfRecord, requested: ReadonlySet<string>): void;
  beforeUpdate?(
    ctx: WriteContext,
    obj: ObjectSchema,
    row: SfRecord,
    old: SfRecord,
    requested: ReadonlySet<string>,
  ): void;
  afterInsert?(ctx: WriteContext, obj: ObjectSchema, row: SfRecord): void;
  afterUpdate?(ctx: WriteContext, obj: ObjectSchema, row: SfRecord, old: SfRecord): void;
  beforeDelete?(ctx: WriteContext, obj: ObjectSchema, row: SfRecord): void;
  afterDelete?(ctx: WriteContext, obj: ObjectSchema, row: SfRecord): void;
}

import type { ObjectRules } from './types.ts';

/** One object's rules built from several independent concerns, run in the order given. */
export function composeRules(...parts: ObjectRules[]): ObjectRules {
  return {
    beforeInsert: (ctx, obj, row, requested) => {
      for (const p of parts) p.beforeInsert?.(ctx, obj, row, requested);
    },
    beforeUpdate: (ctx, obj, row, old, requested) => {
      for (const p of parts) p.beforeUpdate?.(ctx, obj, row, old, requested);
    },
    afterInsert: (ctx, obj, row) => {
      for (const p of parts) p.afterInsert?.(ctx, obj, row);
    },
    afterUpdate: (ctx, obj, row, old) => {
      for (const p of parts) p.afterUpdate?.(ctx, obj, row, old);
    },
    beforeDelete: (ctx, obj, row) => {
      for (const p of parts) p.beforeDelete?.(ctx, obj, row);
    },
    afterDelete: (ctx, obj, row) => {
      for (const p of parts) p.afterDelete?.(ctx, obj, row);
    },
  };
}

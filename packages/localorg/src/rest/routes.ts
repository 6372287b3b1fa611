import { bulkRoutes } from '../bulk2/routes.ts';
import type { Router } from '../http/router.ts';
import {
  createCollection,
  deleteCollection,
  retrieveCollection,
  updateCollection,
  upsertCollection,
} from './collections.ts';
import { composite } from './composite.ts';
import { describeGlobal, describeSObject, sobjectBasicInfo } from './describe.ts';
import { limits, recordCount } from './limits.ts';
import { queryMore, runQuery } from './query.ts';
import { getDeleted, getUpdated } from './replication.ts';
import { resourcesReply } from './resources.ts';
import {
  createRecord,
  createThroughUpsert,
  destroyRecord,
  patchRecord,
  retrieveByExternalId,
  retrieveRecord,
  upsertByExternalId,
} from './sobjects.ts';
import { compositeTree } from './tree.ts';

/** Routes under `/services/data/vXX.X`, most specific first. */
export function apiRoutes(router: Router): Router {
  router
    .add('GET', '/', resourcesReply)
    .add('GET', '/limits', limits)
    .add('GET', '/limits/recordCount', recordCount)
    .add('GET', '/query', (ctx) => runQuery(ctx, false))
    .add('GET', '/queryAll', (ctx) => runQuery(ctx, true))
    .add('GET', '/query/:locator', queryMore)
    .add('GET', '/queryAll/:locator', queryMore)
    .add('GET', '/sobjects', describeGlobal)
    .add('GET', '/sobjects/:type', sobjectBasicInfo)
    .add('POST', '/sobjects/:type', createRecord)
    .add('GET', '/sobjects/:type/describe', describeSObject)
    .add('GET', '/sobjects/:type/updated', getUpdated)
    .add('GET', '/sobjects/:type/deleted', getDeleted)
    .add('GET', '/sobjects/:type/:id', retrieveRecord)
    .add('PATCH', '/sobjects/:type/:id', patchRecord)
    .add('DELETE', '/sobjects/:type/:id', destroyRecord)
    .add('POST', '/sobjects/:type/:field', createThroughUpsert)
    .add('GET', '/sobjects/:type/:field/:value', retrieveByExternalId)
    .add('PATCH', '/sobjects/:type/:field/:value', upsertByExternalId)
    .add('POST', '/composite/sobjects', createCollection)
    .add('PATCH', '/composite/sobjects', updateCollection)
    .add('DELETE', '/composite/sobjects', deleteCollection)
    .add('POST', '/composite/sobjects/:type', retrieveCollection)
    .add('GET', '/composite/sobjects/:type', retrieveCollection)
    .add('PATCH', '/composite/sobjects/:type/:field', upsertCollection)
    .add('POST', '/composite/tree/:type', compositeTree)
    .add('POST', '/composite', (ctx) => composite(ctx, router));
  return bulkRoutes(router);
}

export { SfError } from './errors.ts';
export { normalizeId, to18 } from './ids.ts';
export { type Credentials, LocalOrg, type LocalOrgOptions, type SeedName, startLocalOrg } from './local-org.ts';
export { type CustomSchema, Org, type OrgSettings } from './org.ts';
export { loadSfdxSchema } from './schema/sfdx-loader.ts';
export type { LoggedRequest } from './controls/request-log.ts';

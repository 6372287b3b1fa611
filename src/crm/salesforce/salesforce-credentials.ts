/**
 * How the hub logs in to an org. One of Salesforce's server-to-server OAuth grants:
 * - `client_credentials`: a connected app with the client credentials flow and a run-as user;
 * - `jwt`: a connected app with a certificate; the hub signs a JWT bearer assertion for `username`;
 * - `refresh_token`: a refresh token issued to the connected app (e.g. by an authorization-code login).
 * Secrets live only in the configuration and in memory; none is logged or stored.
 */
export type SalesforceCredentials =
  | { grant: 'client_credentials'; loginUrl: string; clientId: string; clientSecret: string }
  | { grant: 'jwt'; loginUrl: string; clientId: string; username: string; privateKeyFile: string }
  | { grant: 'refresh_token'; loginUrl: string; clientId: string; clientSecret?: string; refreshToken: string };

import type { AppContext } from './app-context.ts';
import type { Config, SalesforceConfig } from './config.ts';

/** The credentials of the local org a hub starts on LOCALORG_PORT (its defaults). */
export function localOrgCredentials(config: Config): SalesforceConfig {
  return {
    grant: 'client_credentials',
    loginUrl: `http://127.0.0.1:${config.localorgPort}`,
    clientId: 'localorg-client-id',
    clientSecret: 'localorg-client-secret',
  };
}

/**
 * How a process reaches its org: SALESFORCE_* when set, else the given local org. Each call logs in
 * (a run owns its connection, its retries and its API count); the token stays in memory.
 */
export function crmFactory(credentials: SalesforceConfig | undefined, config: Config): AppContext['crm'] {
  if (!credentials) return undefined;
  // jsforce loads on first use: most CLI commands never talk to Salesforce.
  return async () => {
    const { connectSalesforce } = await import('./crm/salesforce/salesforce-connection.ts');
    return connectSalesforce(credentials, { reservePercent: config.apiReservePercent });
  };
}

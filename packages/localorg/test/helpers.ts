import { Connection } from 'jsforce';
import { type LocalOrg, type LocalOrgOptions, startLocalOrg } from '../src/local-org.ts';

export const API_VERSION = '62.0';

export interface TestOrg {
  app: LocalOrg;
  url: string;
  /** A jsforce connection authorized through the org's OAuth token endpoint (client credentials). */
  conn: Connection;
  /** Number of API requests answered so far (the request log's sequence). */
  calls(): number;
  /** Raw HTTP to the org, for control endpoints and exact status/header checks. */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestOrg(options: LocalOrgOptions = {}): Promise<TestOrg> {
  const app = await startLocalOrg({ port: 0, seed: 'empty', ...options });
  const conn = await connect(app);
  return {
    app,
    url: app.url,
    conn,
    calls: () => app.log.lastSeq,
    http: (method, path, body, headers = {}) =>
      fetch(app.url + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => app.close(),
  };
}

export async function connect(app: LocalOrg, version = API_VERSION): Promise<Connection> {
  const conn = new Connection({
    version,
    oauth2: {
      loginUrl: app.url,
      clientId: app.credentials.clientId,
      clientSecret: app.credentials.clientSecret,
    },
  });
  await conn.authorize({ grant_type: 'client_credentials' });
  return conn;
}

/** The error a jsforce call rejects with, for asserting `errorCode` and message. */
export async function failure(
  promise: PromiseLike<unknown>,
): Promise<{ errorCode?: string; name?: string; message: string; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

/** One HTTP request to the REST API; `url` is relative to /services/data/vXX.X unless it starts with /services. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** JSON, or a string sent as CSV (Bulk uploads). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Return the body as text (CSV) instead of parsing it. */
  text?: boolean;
}

export interface ApiResponse<T> {
  body: T;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
}

/** What the Bulk API 2.0 client needs from the connection: calls that are metered, retried and recorded. */
export interface ApiCaller {
  call<T>(operation: string, request: ApiRequest): Promise<ApiResponse<T>>;
  sleep(ms: number): Promise<void>;
}

export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  ms: number;
}

/**
 * Every request the org answered, in order. Tests and benchmarks count Salesforce API calls here
 * (`GET /__localorg/requests`), which is how "one query, never one call per record" is checked.
 */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 200_000) {}

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ seq: ++this.seq, ...entry });
    // Keep memory bounded on long runs: drop the oldest half at once rather than shifting per entry.
    if (this.entries.length > this.capacity) this.entries = this.entries.slice(this.capacity / 2);
  }

  since(seq: number): LoggedRequest[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  get lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.entries = [];
  }
}

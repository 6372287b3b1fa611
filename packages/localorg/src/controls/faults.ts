import { SfError } from '../errors.ts';

export type FaultKind = 'unavailable' | 'unable-to-lock-row' | 'request-limit' | 'expire-session' | 'latency';

export interface FaultSpec {
  kind: FaultKind;
  /** Only requests whose method equals this (GET, POST, …). */
  method?: string;
  /** Only requests whose path contains this text (e.g. `/composite/sobjects`, `/query`). */
  pathContains?: string;
  /** Let this many matching requests through before the fault starts. */
  after?: number;
  /** Fire this many times, then stop (default: every matching request from then on). */
  times?: number;
  /** Delay for `latency`, in milliseconds. */
  ms?: number;
}

interface ActiveFault extends FaultSpec {
  id: number;
  seen: number;
  fired: number;
}

export const FAULT_KINDS: FaultKind[] = [
  'unavailable',
  'unable-to-lock-row',
  'request-limit',
  'expire-session',
  'latency',
];

/** What a matching fault does to one request: delay it, end the session, or fail it. */
export interface FaultEffect {
  delayMs: number;
  expireSession: boolean;
  error: SfError | null;
}

/** Fault injection for API requests, so integrations can be tested against Salesforce's failure modes. */
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind ${String(spec.kind)}`);
    const id = this.nextId++;
    this.faults.push({ ...spec, id, seen: 0, fired: 0 });
    return id;
  }

  list(): ActiveFault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** Decides what happens to a request; counts it against every matching fault. */
  apply(method: string, path: string, recordHint: string): FaultEffect {
    const effect: FaultEffect = { delayMs: 0, expireSession: false, error: null };
    for (const f of this.faults) {
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.pathContains && !path.includes(f.pathContains)) continue;
      f.seen++;
      if (f.seen <= (f.after ?? 0)) continue;
      if (f.times !== undefined && f.fired >= f.times) continue;
      f.fired++;
      if (f.kind === 'latency') effect.delayMs += f.ms ?? 100;
      else if (f.kind === 'expire-session') effect.expireSession = true;
      else effect.error ??= faultError(f.kind, recordHint);
    }
    return effect;
  }
}

function faultError(kind: FaultKind, recordHint: string): SfError {
  switch (kind) {
    case 'unavailable':
      return new SfError('SERVER_UNAVAILABLE', 'Server unavailable, please try again later.', 503);
    case 'unable-to-lock-row':
      return new SfError(
        'UNABLE_TO_LOCK_ROW',
        `unable to obtain exclusive access to this record or 1 records: ${recordHint}`,
      );
    default:
      return new SfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 403);
  }
}

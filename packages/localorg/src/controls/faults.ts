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
  /**
   * Fire on this fraction (0–1) of the matching requests only, chosen by a pseudo-random sequence from
   * `seed`: the same seed and the same requests give the same faults, run after run.
   */
  rate?: number;
  /** Seed of the `rate` sequence (default 1). */
  seed?: number;
  /**
   * `request` (default): the whole request fails. `record` (unable-to-lock-row only): single records of an
   * sObject Collections write fail with a per-record UNABLE_TO_LOCK_ROW while the others are written, as
   * when another transaction holds those rows; every record counts as one match for after/times/rate.
   */
  scope?: 'request' | 'record';
}

interface ActiveFault extends FaultSpec {
  id: number;
  seen: number;
  fired: number;
  /** The next value of the `rate` sequence, in [0, 1). */
  draw: () => number;
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
    if (spec.scope === 'record' && spec.kind !== 'unable-to-lock-row') {
      throw new Error('scope "record" applies to unable-to-lock-row only');
    }
    const id = this.nextId++;
    this.faults.push({ ...spec, id, seen: 0, fired: 0, draw: mulberry32(spec.seed ?? 1) });
    return id;
  }

  list(): FaultState[] {
    return this.faults.map(({ draw: _draw, ...rest }) => rest);
  }

  clear(): void {
    this.faults = [];
  }

  /** Decides what happens to a request; counts it against every matching fault. */
  apply(method: string, path: string, recordHint: string): FaultEffect {
    const effect: FaultEffect = { delayMs: 0, expireSession: false, error: null };
    for (const f of this.faults) {
      if (f.scope === 'record' || !fires(f, method, path)) continue;
      if (f.kind === 'latency') effect.delayMs += f.ms ?? 100;
      else if (f.kind === 'expire-session') effect.expireSession = true;
      else effect.error ??= faultError(f.kind, recordHint);
    }
    return effect;
  }

  /**
   * Whether one record of a collections write at `path` is locked by a `scope: "record"` fault; the
   * handler then fails that record alone with UNABLE_TO_LOCK_ROW.
   */
  recordLocked(method: string, path: string): boolean {
    let locked = false;
    for (const f of this.faults) if (f.scope === 'record' && fires(f, method, path)) locked = true;
    return locked;
  }
}

/** A fault as listed by `GET /__localorg/faults`. */
export type FaultState = Omit<ActiveFault, 'draw'>;

/** Counts the request against the fault and says whether the fault fires on it. */
function fires(f: ActiveFault, method: string, path: string): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (f.pathContains && !path.includes(f.pathContains)) return false;
  f.seen++;
  if (f.seen <= (f.after ?? 0)) return false;
  if (f.times !== undefined && f.fired >= f.times) return false;
  // Drawn for every eligible request, fired or not, so the sequence depends only on the seed and the requests.
  if (f.rate !== undefined && f.draw() >= f.rate) return false;
  f.fired++;
  return true;
}

/** A small seeded generator (mulberry32): deterministic, and good enough to pick a fraction of requests. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

/**
 * The org's clock. Tests and billing scenarios move it: `set` pins it to an instant (it then stands
 * still until `resume`), `advance` shifts it while it keeps running.
 */
export class OrgClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  set(instantMs: number, frozen = true): void {
    if (frozen) this.frozenAt = instantMs;
    else {
      this.frozenAt = null;
      this.offsetMs = instantMs - Date.now();
    }
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  resume(): void {
    if (this.frozenAt !== null) this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = null;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }

  describe(): { now: string; frozen: boolean } {
    return { now: new Date(this.now()).toISOString(), frozen: this.frozenAt !== null };
  }
}

/** Salesforce's datetime wire format: `2024-05-01T12:34:56.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

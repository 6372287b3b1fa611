/** Time as the domain sees it: injected, so billing scenarios can move it. Dates are ISO `YYYY-MM-DD`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests and scenarios set and advance. */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant);
  }
  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
  advanceDays(days: number): void {
    this.instant = new Date(this.instant.getTime() + days * 86_400_000);
  }
}

export function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/** Whether `name` is an IANA time zone this runtime knows (`UTC`, `Europe/Berlin`, …). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Salesforce spells UTC as the `GMT` time zone key (TimeZoneSidKey); other IANA names are keys as they are. */
export function timeZoneSidKey(timeZone: string): string {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'GMT' : timeZone;
}

/**
 * Refuses an unknown org time zone. Date literals, TODAY() and fiscal periods all depend on it, so a
 * typo must stop the org from starting rather than quietly turn into UTC.
 */
export function checkTimeZone(name: unknown): void {
  if (typeof name !== 'string' || !isTimeZone(name)) {
    throw new Error(
      `unknown time zone ${JSON.stringify(name)}: the org's timeZone must be an IANA name such as "UTC" or "Europe/Berlin"`,
    );
  }
}

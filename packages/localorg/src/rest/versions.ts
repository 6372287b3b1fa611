import type { Reply } from '../http/types.ts';

const RELEASES: Array<[string, string]> = [
  ['42.0', "Spring '18"],
  ['43.0', "Summer '18"],
  ['44.0', "Winter '19"],
  ['45.0', "Spring '19"],
  ['46.0', "Summer '19"],
  ['47.0', "Winter '20"],
  ['48.0', "Spring '20"],
  ['49.0', "Summer '20"],
  ['50.0', "Winter '21"],
  ['51.0', "Spring '21"],
  ['52.0', "Summer '21"],
  ['53.0', "Winter '22"],
  ['54.0', "Spring '22"],
  ['55.0', "Summer '22"],
  ['56.0', "Winter '23"],
  ['57.0', "Spring '23"],
  ['58.0', "Summer '23"],
  ['59.0', "Winter '24"],
  ['60.0', "Spring '24"],
  ['61.0', "Summer '24"],
  ['62.0', "Winter '25"],
  ['63.0', "Spring '25"],
  ['64.0', "Summer '25"],
  ['65.0', "Winter '26"],
  ['66.0', "Spring '26"],
];

export const LATEST_VERSION = RELEASES[RELEASES.length - 1][0];
const KNOWN = new Set(RELEASES.map(([v]) => v));

export function isKnownVersion(version: string): boolean {
  return KNOWN.has(version);
}

/** API behaviour that changed between versions, decided in one place. */
export function atLeast(version: string, minimum: number): boolean {
  return Number(version) >= minimum;
}

/** `GET /services/data/`: needs no session and does not count against limits. */
export function versionsReply(): Reply {
  return {
    status: 200,
    json: RELEASES.map(([version, label]) => ({ label, url: `/services/data/v${version}`, version })),
  };
}

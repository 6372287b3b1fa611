import { describe, expect, it } from 'vitest';
import { KNOWN_COUNTRIES, normalizeCountry } from '../../src/domain/country.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import { errorCodeOf } from './error-code.ts';

describe('normalizeCountry: ISO 3166-1 alpha-2 from codes and common names', () => {
  it.each([
    ['US', 'US'],
    ['us', 'US'],
    ['U.S.', 'US'],
    ['u.s.a.', 'US'],
    ['USA', 'US'],
    ['United States', 'US'],
    ['United States of America', 'US'],
    ['  united   states  ', 'US'],
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['Great Britain', 'GB'],
    ['United Kingdom', 'GB'],
    ['England', 'GB'],
    ['gbr', 'GB'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['DEU', 'DE'],
    ['The Netherlands', 'NL'],
    ['Holland', 'NL'],
    ['Österreich', 'AT'],
    ['Osterreich', 'AT'],
    ['México', 'MX'],
    ['Mexico', 'MX'],
    ['Brasil', 'BR'],
    ['Schweiz', 'CH'],
    ['Norge', 'NO'],
    ['Japan', 'JP'],
    ['Australia', 'AU'],
    ['New Zealand', 'NZ'],
    ['India', 'IN'],
    ["People's Republic of China", 'CN'],
    ['PRC', 'CN'],
    ['Singapore', 'SG'],
    ['South Africa', 'ZA'],
    ['UAE', 'AE'],
    ['United Arab Emirates', 'AE'],
    ['Korea, Republic of', 'KR'],
    ['Czech Republic', 'CZ'],
    ['Türkiye', 'TR'],
    ['canada', 'CA'],
  ])('"%s" → %s', (input, expected) => {
    expect(normalizeCountry(input)).toBe(expected);
  });

  // Every EU member plus the markets the issue names, by alpha-2 (any case) and alpha-3.
  it.each([
    ['AT', 'AUT'],
    ['BE', 'BEL'],
    ['BG', 'BGR'],
    ['HR', 'HRV'],
    ['CY', 'CYP'],
    ['CZ', 'CZE'],
    ['DK', 'DNK'],
    ['EE', 'EST'],
    ['FI', 'FIN'],
    ['FR', 'FRA'],
    ['DE', 'DEU'],
    ['GR', 'GRC'],
    ['HU', 'HUN'],
    ['IE', 'IRL'],
    ['IT', 'ITA'],
    ['LV', 'LVA'],
    ['LT', 'LTU'],
    ['LU', 'LUX'],
    ['MT', 'MLT'],
    ['NL', 'NLD'],
    ['PL', 'POL'],
    ['PT', 'PRT'],
    ['RO', 'ROU'],
    ['SK', 'SVK'],
    ['SI', 'SVN'],
    ['ES', 'ESP'],
    ['SE', 'SWE'],
    ['US', 'USA'],
    ['CA', 'CAN'],
    ['MX', 'MEX'],
    ['BR', 'BRA'],
    ['GB', 'GBR'],
    ['CH', 'CHE'],
    ['NO', 'NOR'],
    ['JP', 'JPN'],
    ['AU', 'AUS'],
    ['NZ', 'NZL'],
    ['IN', 'IND'],
    ['CN', 'CHN'],
    ['SG', 'SGP'],
    ['ZA', 'ZAF'],
    ['AE', 'ARE'],
  ])('%s / %s', (alpha2, alpha3) => {
    expect(KNOWN_COUNTRIES.has(alpha2)).toBe(true);
    expect(normalizeCountry(alpha2.toLowerCase())).toBe(alpha2);
    expect(normalizeCountry(alpha3)).toBe(alpha2);
  });

  it('knows at least 60 countries, each returned as itself', () => {
    expect(KNOWN_COUNTRIES.size).toBeGreaterThanOrEqual(60);
    for (const code of KNOWN_COUNTRIES) expect(normalizeCountry(code)).toBe(code);
  });

  it.each(['Atlantis', 'XX', '', '   ', 'U', 'United', 'Europe', 'USAA'])('"%s" is refused', (input) => {
    expect(errorCodeOf(() => normalizeCountry(input))).toBe('unknown_country');
  });

  it('the refusal names the value and says what to write instead', () => {
    try {
      normalizeCountry('Atlantis');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RevbridgeError);
      expect((error as RevbridgeError).message).toMatch(/"Atlantis".*ISO 3166-1/);
      expect((error as RevbridgeError).details).toEqual({ field: 'country', value: 'Atlantis' });
    }
  });
});

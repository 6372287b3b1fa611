import { fail } from './errors.ts';

/**
 * Countries the hub recognises in billing addresses: ISO 3166-1 alpha-2, alpha-3, then the English name
 * and the variants people type into Salesforce's free-text country field. Seed 003 warns that billing
 * systems disagree on "U.S." vs "USA" vs "United States"; the hub stores only the alpha-2 code.
 */
const COUNTRIES: ReadonlyArray<readonly [alpha2: string, alpha3: string, ...names: string[]]> = [
  // European Union
  ['AT', 'AUT', 'Austria', 'Österreich', 'Republic of Austria'],
  ['BE', 'BEL', 'Belgium', 'Belgique', 'België', 'Belgien'],
  ['BG', 'BGR', 'Bulgaria'],
  ['HR', 'HRV', 'Croatia', 'Hrvatska'],
  ['CY', 'CYP', 'Cyprus', 'Republic of Cyprus'],
  ['CZ', 'CZE', 'Czechia', 'Czech Republic', 'Česko', 'Česká republika'],
  ['DK', 'DNK', 'Denmark', 'Danmark'],
  ['EE', 'EST', 'Estonia', 'Eesti'],
  ['FI', 'FIN', 'Finland', 'Suomi'],
  ['FR', 'FRA', 'France', 'French Republic'],
  ['DE', 'DEU', 'Germany', 'Deutschland', 'Federal Republic of Germany', 'Bundesrepublik Deutschland'],
  ['GR', 'GRC', 'Greece', 'Hellas', 'Hellenic Republic'],
  ['HU', 'HUN', 'Hungary', 'Magyarország'],
  ['IE', 'IRL', 'Ireland', 'Republic of Ireland', 'Éire', 'Eire'],
  ['IT', 'ITA', 'Italy', 'Italia'],
  ['LV', 'LVA', 'Latvia', 'Latvija'],
  ['LT', 'LTU', 'Lithuania', 'Lietuva'],
  ['LU', 'LUX', 'Luxembourg', 'Luxemburg'],
  ['MT', 'MLT', 'Malta'],
  ['NL', 'NLD', 'Netherlands', 'Holland', 'Nederland', 'Kingdom of the Netherlands'],
  ['PL', 'POL', 'Poland', 'Polska'],
  ['PT', 'PRT', 'Portugal'],
  ['RO', 'ROU', 'Romania', 'România'],
  ['SK', 'SVK', 'Slovakia', 'Slovak Republic', 'Slovensko'],
  ['SI', 'SVN', 'Slovenia', 'Slovenija'],
  ['ES', 'ESP', 'Spain', 'España', 'Kingdom of Spain'],
  ['SE', 'SWE', 'Sweden', 'Sverige'],
  // Rest of Europe
  [
    'GB',
    'GBR',
    'United Kingdom',
    'UK',
    'U.K.',
    'Great Britain',
    'Britain',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
    'United Kingdom of Great Britain and Northern Ireland',
  ],
  ['CH', 'CHE', 'Switzerland', 'Schweiz', 'Suisse', 'Svizzera', 'Swiss Confederation'],
  ['NO', 'NOR', 'Norway', 'Norge'],
  ['IS', 'ISL', 'Iceland', 'Ísland'],
  ['LI', 'LIE', 'Liechtenstein'],
  ['RS', 'SRB', 'Serbia'],
  ['UA', 'UKR', 'Ukraine'],
  ['TR', 'TUR', 'Turkey', 'Türkiye', 'Turkiye'],
  // Americas
  ['US', 'USA', 'United States', 'United States of America', 'America', 'U.S. of A.', 'US of A'],
  ['CA', 'CAN', 'Canada'],
  ['MX', 'MEX', 'Mexico', 'México', 'United Mexican States'],
  ['BR', 'BRA', 'Brazil', 'Brasil'],
  ['AR', 'ARG', 'Argentina'],
  ['CL', 'CHL', 'Chile'],
  ['CO', 'COL', 'Colombia'],
  ['PE', 'PER', 'Peru', 'Perú'],
  // Asia-Pacific
  ['JP', 'JPN', 'Japan', 'Nippon', 'Nihon'],
  ['AU', 'AUS', 'Australia', 'Commonwealth of Australia'],
  ['NZ', 'NZL', 'New Zealand', 'Aotearoa'],
  ['IN', 'IND', 'India', 'Bharat', 'Republic of India'],
  ['CN', 'CHN', 'China', "People's Republic of China", 'PRC', 'Mainland China'],
  ['HK', 'HKG', 'Hong Kong', 'Hong Kong SAR'],
  ['TW', 'TWN', 'Taiwan'],
  ['KR', 'KOR', 'South Korea', 'Korea', 'Republic of Korea', 'Korea, Republic of'],
  ['SG', 'SGP', 'Singapore', 'Republic of Singapore'],
  ['MY', 'MYS', 'Malaysia'],
  ['TH', 'THA', 'Thailand'],
  ['PH', 'PHL', 'Philippines', 'The Philippines'],
  ['ID', 'IDN', 'Indonesia'],
  ['VN', 'VNM', 'Vietnam', 'Viet Nam'],
  ['PK', 'PAK', 'Pakistan'],
  // Middle East and Africa
  ['AE', 'ARE', 'United Arab Emirates', 'UAE', 'U.A.E.', 'Emirates'],
  ['SA', 'SAU', 'Saudi Arabia', 'Kingdom of Saudi Arabia', 'KSA'],
  ['IL', 'ISR', 'Israel'],
  ['QA', 'QAT', 'Qatar'],
  ['KW', 'KWT', 'Kuwait'],
  ['BH', 'BHR', 'Bahrain'],
  ['OM', 'OMN', 'Oman'],
  ['JO', 'JOR', 'Jordan'],
  ['EG', 'EGY', 'Egypt'],
  ['ZA', 'ZAF', 'South Africa', 'Republic of South Africa', 'RSA'],
  ['NG', 'NGA', 'Nigeria'],
  ['KE', 'KEN', 'Kenya'],
  ['MA', 'MAR', 'Morocco', 'Maroc'],
  ['TN', 'TUN', 'Tunisia'],
  ['UG', 'UGA', 'Uganda'],
];

/** Case, accents, dots, punctuation and a leading "the" do not change which country is meant. */
function key(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/\./g, '')
    .replace(/&/g, ' AND ')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .replace(/^THE /, '');
}

const BY_KEY = new Map<string, string>();
for (const [alpha2, ...rest] of COUNTRIES) {
  for (const spelling of [alpha2, ...rest]) {
    const k = key(spelling);
    const taken = BY_KEY.get(k);
    if (taken !== undefined && taken !== alpha2) throw new Error(`country spelling "${spelling}" is ambiguous`);
    BY_KEY.set(k, alpha2);
  }
}

/** The alpha-2 codes `normalizeCountry` can return. */
export const KNOWN_COUNTRIES: ReadonlySet<string> = new Set(COUNTRIES.map(([alpha2]) => alpha2));

/**
 * The ISO 3166-1 alpha-2 code for a country written as a code (any case), an alpha-3 code, or a common
 * English (or native) name: "U.S.", "usa", "United States of America" → "US"; "UK", "Great Britain" → "GB".
 * Anything else is `unknown_country`, so a bad address is refused instead of billed with the wrong tax.
 */
export function normalizeCountry(input: string): string {
  const code = BY_KEY.get(key(input));
  if (code === undefined) {
    fail(
      'unknown_country',
      `"${input}" is not a country revbridge recognises; use an ISO 3166-1 code such as "US", "GB" or "DE".`,
      { field: 'country', value: input },
    );
  }
  return code;
}

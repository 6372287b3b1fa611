/**
 * The one case-insensitive form of text in the org: SOQL `=`, `IN`, `<`/`>`, ORDER BY, GROUP BY, unique
 * indexes and external-id matching all compare through it, so no two of them can disagree about
 * whether two values are "the same". Upper case, because Salesforce (English locales) sorts text by
 * the UTF-8 values of the upper-cased characters: `_` then sorts after the letters, not before them
 * as it would lower-cased.
 */
export function foldCase(text: string): string {
  return text.toUpperCase();
}

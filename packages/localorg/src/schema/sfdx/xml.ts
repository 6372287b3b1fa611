import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One metadata element: child elements by tag, leaf text as strings (never numbers or booleans). */
export type XmlNode = { [tag: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

/** A metadata file that cannot be loaded; the message names the file and the problem. */
export class MetadataError extends Error {
  override name = 'MetadataError';

  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Repeating elements, which the parser must keep as arrays even when only one is present. */
const ARRAY_PATHS = new Set([
  'CustomField.valueSet.valueSetDefinition.value',
  'CustomField.valueSet.valueSettings',
  'CustomField.valueSet.valueSettings.controllingFieldValue',
  'CustomField.picklist.picklistValues',
  'CustomField.summaryFilterItems',
  'CustomField.lookupFilter.filterItems',
  'GlobalValueSet.customValue',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (_tag, jPath) => typeof jPath === 'string' && ARRAY_PATHS.has(jPath),
});

/** Reads a metadata file and returns its root element, checking the root's name. */
export function readMetadata(file: string, rootTag: string): XmlNode {
  const text = readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new MetadataError(file, `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const doc = parser.parse(text) as XmlNode;
  const root = doc[rootTag];
  if (root === undefined) {
    const found = Object.keys(doc).filter((k) => k !== '?xml');
    throw new MetadataError(file, `expected a <${rootTag}> root element, found <${found.join('>, <') || 'nothing'}>`);
  }
  return root === '' ? {} : asNode(root, file, rootTag);
}

export function asNode(v: XmlValue | undefined, file: string, what: string): XmlNode {
  if (v === undefined || v === '') return {};
  if (typeof v === 'string' || Array.isArray(v)) throw new MetadataError(file, `<${what}> must contain elements`);
  return v;
}

/** Accessors that read a child element's text with a file-naming error for bad values. */
export class Reader {
  constructor(
    readonly node: XmlNode,
    readonly file: string,
  ) {}

  text(tag: string): string | undefined {
    const v = this.node[tag];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new MetadataError(this.file, `<${tag}> must be text`);
    return v;
  }

  bool(tag: string, fallback = false): boolean {
    const v = this.text(tag);
    if (v === undefined || v === '') return fallback;
    if (v !== 'true' && v !== 'false') throw new MetadataError(this.file, `<${tag}> must be true or false, got "${v}"`);
    return v === 'true';
  }

  int(tag: string): number | undefined {
    const v = this.text(tag);
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw new MetadataError(this.file, `<${tag}> must be a whole number, got "${v}"`);
    return Number(v);
  }

  child(tag: string): Reader {
    return new Reader(asNode(this.node[tag], this.file, tag), this.file);
  }

  list(tag: string): Reader[] {
    const v = this.node[tag];
    if (v === undefined) return [];
    return (Array.isArray(v) ? v : [v]).map((item) => new Reader(asNode(item, this.file, tag), this.file));
  }

  has(tag: string): boolean {
    return this.node[tag] !== undefined;
  }
}

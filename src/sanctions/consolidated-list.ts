import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { companyNumbersIn } from './identifiers';
import { nameKey } from './name-keys';

/**
 * A record's content as the list gives it, with what does not make it differ dropped: every
 * element by tag, its values whitespace-collapsed and sorted, empty elements left out (the
 * 2024 edition writes `<THIRD_NAME/>` and `<COUNTRY/>` where the 2020 one wrote nothing).
 */
export type Canonical = string | { [tag: string]: Canonical[] };
export type CanonicalRecord = { [tag: string]: Canonical[] };

/** Elements that change without the designation changing (SPEC 15: DATAID moves on amendment). */
const IGNORED = new Set(['DATAID', 'VERSIONNUM', 'SORT_KEY', 'SORT_KEY_LAST_MOD']);

const RECORD_KIND: Record<string, 'individual' | 'entity'> = {
  INDIVIDUAL: 'individual',
  ENTITY: 'entity',
};

/** The field a changed element is reported as, for "amended: which fields". */
const FIELD_OF: Record<string, string> = {
  FIRST_NAME: 'name',
  SECOND_NAME: 'name',
  THIRD_NAME: 'name',
  FOURTH_NAME: 'name',
  NAME: 'name',
  NAME_ORIGINAL_SCRIPT: 'originalScript',
  INDIVIDUAL_ALIAS: 'aliases',
  ENTITY_ALIAS: 'aliases',
  INDIVIDUAL_ADDRESS: 'addresses',
  ENTITY_ADDRESS: 'addresses',
  INDIVIDUAL_DATE_OF_BIRTH: 'datesOfBirth',
  INDIVIDUAL_PLACE_OF_BIRTH: 'placesOfBirth',
  INDIVIDUAL_DOCUMENT: 'documents',
  NATIONALITY: 'nationalities',
  DESIGNATION: 'designations',
  TITLE: 'titles',
  LISTED_ON: 'listedOn',
  LAST_DAY_UPDATED: 'lastDayUpdated',
  COMMENTS1: 'comments',
  UN_LIST_TYPE: 'listType',
  LIST_TYPE: 'listType',
  REFERENCE_NUMBER: 'reference',
  GENDER: 'gender',
  SUBMITTED_BY: 'submittedBy',
  IMO: 'imo',
  BASIS: 'basis',
  NOTES: 'notes',
};

export type DesignationKind = 'individual' | 'entity' | 'vessel';

/** What the list says of one designation, in the shape the table keeps. */
export interface ParsedDesignation {
  reference: string;
  kind: DesignationKind;
  listType: string;
  name: string;
  /** For DPRK individuals, FIRST_NAME (SPEC 15); null where the list's order is not known. */
  familyName: string | null;
  givenName: string | null;
  originalScript: string | null;
  aliases: { name: string; quality: string | null }[];
  nameKeys: string[];
  datesOfBirth: Record<string, string>[];
  nationalities: string[];
  addresses: Record<string, string>[];
  documents: Record<string, string>[];
  listedOn: string | null;
  lastDayUpdated: string[];
  comments: string | null;
  imoNumbers: string[];
  companyNumbers: string[];
  record: CanonicalRecord;
  contentHash: string;
}

export interface ParsedList {
  dateGenerated: string | null;
  designations: ParsedDesignation[];
}

/** The list file is not what an import needs: cut short, not XML, not the Consolidated List. */
export class ListFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListFormatError';
  }
}

interface Element {
  tag: string;
  text: string;
  children: Element[];
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

function canonical(element: Element): Canonical | null {
  const grouped = group(element.children);
  const text = collapse(element.text);
  if (Object.keys(grouped).length === 0) return text === '' ? null : text;
  if (text !== '') grouped['#text'] = [text];
  return grouped;
}

function group(children: Element[]): CanonicalRecord {
  const grouped: CanonicalRecord = {};
  for (const child of children) {
    if (IGNORED.has(child.tag)) continue;
    const value = canonical(child);
    if (value === null) continue;
    (grouped[child.tag] ??= []).push(value);
  }
  for (const values of Object.values(grouped)) {
    values.sort((a, b) => compare(stableJson(a), stableJson(b)));
  }
  return grouped;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** JSON with object keys sorted, so equal content always hashes alike. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      compare(a, b),
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(record: CanonicalRecord): string {
  return createHash('sha256').update(stableJson(record)).digest('hex');
}

/** The fields whose content differs between two versions of a record. */
export function changedFields(before: CanonicalRecord, after: CanonicalRecord): string[] {
  const fields = new Set<string>();
  for (const tag of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (stableJson(before[tag] ?? []) !== stableJson(after[tag] ?? [])) {
      fields.add(FIELD_OF[tag] ?? camel(tag));
    }
  }
  return [...fields].sort();
}

const camel = (tag: string): string =>
  tag.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

const texts = (values: Canonical[] | undefined): string[] =>
  (values ?? []).filter((value): value is string => typeof value === 'string');

const first = (record: CanonicalRecord, tag: string): string | null =>
  texts(record[tag])[0] ?? null;

/** `<NATIONALITY><VALUE>..</VALUE></NATIONALITY>`: the VALUEs. */
function valuesOf(record: CanonicalRecord, tag: string): string[] {
  return (record[tag] ?? []).flatMap((value) =>
    typeof value === 'string' ? [value] : texts(value.VALUE),
  );
}

/** Nested elements as flat objects with camelCase keys (addresses, documents, dates of birth). */
function flatObjects(values: Canonical[] | undefined): Record<string, string>[] {
  return (values ?? []).map((value) => {
    if (typeof value === 'string') return { value };
    const flat: Record<string, string> = {};
    for (const [tag, items] of Object.entries(value)) {
      const joined = texts(items).join('; ');
      if (joined !== '') flat[tag === '#text' ? 'value' : camel(tag)] = joined;
    }
    return flat;
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = (value: string | null): string | null =>
  value !== null && ISO_DATE.test(value.slice(0, 10)) ? value.slice(0, 10) : null;

export function nameKeysOf(name: string, aliases: { name: string }[]): string[] {
  const keys = new Set<string>();
  for (const each of [name, ...aliases.map((alias) => alias.name)]) {
    const key = nameKey(each);
    if (key !== '') keys.add(key);
  }
  return [...keys];
}

function designationOf(kind: 'individual' | 'entity', record: CanonicalRecord): ParsedDesignation {
  const reference = first(record, 'REFERENCE_NUMBER');
  if (!reference) throw new ListFormatError(`a ${kind} record has no REFERENCE_NUMBER`);
  const listType = first(record, 'UN_LIST_TYPE') ?? '';
  const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((tag) => first(record, tag))
    .filter((part): part is string => part !== null);
  const name = parts.join(' ');
  // The DPRK entries write the family name first, in FIRST_NAME (SPEC 15).
  const familyFirst = kind === 'individual' && listType === 'DPRK' && parts.length > 0;
  const aliasTag = kind === 'individual' ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS';
  const aliases = (record[aliasTag] ?? []).flatMap((alias): ParsedDesignation['aliases'] => {
    if (typeof alias === 'string') return [{ name: alias, quality: null }];
    const aliasName = texts(alias.ALIAS_NAME)[0];
    return aliasName ? [{ name: aliasName, quality: texts(alias.QUALITY)[0] ?? null }] : [];
  });
  const comments = first(record, 'COMMENTS1');
  return {
    reference,
    kind,
    listType,
    name,
    familyName: familyFirst ? parts[0] : null,
    givenName: familyFirst && parts.length > 1 ? parts.slice(1).join(' ') : null,
    originalScript: first(record, 'NAME_ORIGINAL_SCRIPT'),
    aliases,
    nameKeys: nameKeysOf(name, aliases),
    datesOfBirth: flatObjects(record.INDIVIDUAL_DATE_OF_BIRTH),
    nationalities: valuesOf(record, 'NATIONALITY'),
    addresses: flatObjects(record[kind === 'individual' ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS']),
    documents: flatObjects(record.INDIVIDUAL_DOCUMENT),
    listedOn: isoDate(first(record, 'LISTED_ON')),
    lastDayUpdated: valuesOf(record, 'LAST_DAY_UPDATED')
      .map((value) => isoDate(value))
      .filter((value): value is string => value !== null)
      .sort(),
    comments,
    imoNumbers: [],
    // Company numbers are an entity's; a seven-digit number with a ship's check digit is not one.
    companyNumbers: kind === 'entity' && comments ? companyNumbersIn(comments) : [],
    record,
    contentHash: contentHash(record),
  };
}

/**
 * Reads a Consolidated List XML stream record by record (the file is never held whole):
 * `onProgress` gets the bytes read so far. A stream that ends before the document does, or
 * that is not the Consolidated List, throws ListFormatError.
 */
export async function parseConsolidatedList(
  source: Readable,
  onProgress: (bytes: number) => void = () => undefined,
): Promise<ParsedList> {
  const parser = new SaxesParser();
  const designations: ParsedDesignation[] = [];
  const stack: Element[] = [];
  let dateGenerated: string | null = null;
  let rootSeen = false;
  const state: { failure: Error | null } = { failure: null };
  let depth = 0;

  parser.on('error', (error) => {
    state.failure ??= new ListFormatError(`the list is not well-formed XML (${error.message})`);
  });
  parser.on('opentag', (tag) => {
    if (!rootSeen) {
      rootSeen = true;
      if (tag.name !== 'CONSOLIDATED_LIST') {
        state.failure ??= new ListFormatError(
          `the file is not the UN Consolidated List (its root is <${tag.name}>)`,
        );
      }
      const generated = tag.attributes.dateGenerated;
      if (typeof generated === 'string' && !Number.isNaN(Date.parse(generated))) {
        dateGenerated = new Date(generated).toISOString();
      }
    }
    // Depth 2 is a record (CONSOLIDATED_LIST > INDIVIDUALS > INDIVIDUAL); deeper, its content.
    if (stack.length > 0 || (rootSeen && RECORD_KIND[tag.name] && depth === 2)) {
      const element: Element = { tag: tag.name, text: '', children: [] };
      stack[stack.length - 1]?.children.push(element);
      stack.push(element);
    }
    depth += 1;
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    depth -= 1;
    const element = stack.pop();
    if (element && stack.length === 0) {
      designations.push(designationOf(RECORD_KIND[element.tag], group(element.children)));
    }
  });

  // A chunk may end inside a multi-byte character: the decoder keeps its first bytes.
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  for await (const chunk of source) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    parser.write(decoder.write(buffer));
    if (state.failure) throw state.failure;
    onProgress(bytes);
  }
  parser.write(decoder.end());
  parser.close();
  if (state.failure) throw state.failure;
  if (!rootSeen) throw new ListFormatError('the file is empty');
  return { dateGenerated, designations };
}

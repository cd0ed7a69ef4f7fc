import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import {
  CanonicalRecord,
  contentHash,
  ListFormatError,
  ParsedDesignation,
} from './consolidated-list';
import { imoDigits, isShipImo } from './identifiers';
import { nameKeysOf } from './consolidated-list';

/** The columns of the 1718 Committee's vessel list as a CSV (SPEC 15), in this order. */
export const VESSEL_COLUMNS = ['reference', 'name', 'imo', 'listedOn', 'basis', 'notes'] as const;
type VesselRow = Record<(typeof VESSEL_COLUMNS)[number], string>;

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9.\-/]{0,31}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_VESSELS = 10_000;

/**
 * Reads the vessel CSV (a header row with exactly VESSEL_COLUMNS). Every row must carry a
 * reference, a name and a ship's IMO number with a valid check digit: a wrong number would
 * match the wrong ship. Errors name the line.
 */
export async function parseVesselList(source: Readable): Promise<ParsedDesignation[]> {
  const parser = source.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        if (names.join(',') !== VESSEL_COLUMNS.join(',')) {
          throw new ListFormatError(
            `the vessel list's header must be "${VESSEL_COLUMNS.join(', ')}", not "${names.join(', ')}"`,
          );
        }
        return names;
      },
      skip_empty_lines: true,
      trim: true,
      max_record_size: 64 * 1024,
      info: true,
    }),
  );
  const vessels: ParsedDesignation[] = [];
  const seen = new Set<string>();
  try {
    for await (const { record: row, info } of parser as AsyncIterable<{
      record: VesselRow;
      info: { lines: number };
    }>) {
      const line = info.lines;
      vessels.push(vesselOf(row, line));
      if (seen.has(row.reference)) {
        throw new ListFormatError(`line ${line}: the reference ${row.reference} appears twice`);
      }
      seen.add(row.reference);
      if (vessels.length > MAX_VESSELS) {
        throw new ListFormatError(`the vessel list has more than ${MAX_VESSELS} rows`);
      }
    }
  } catch (error) {
    if (error instanceof ListFormatError) throw error;
    throw new ListFormatError(`the vessel list is not valid CSV (${(error as Error).message})`);
  }
  return vessels;
}

function vesselOf(row: VesselRow, line: number): ParsedDesignation {
  if (!REFERENCE.test(row.reference)) {
    throw new ListFormatError(`line ${line}: "${row.reference}" is not a reference`);
  }
  if (row.name === '') throw new ListFormatError(`line ${line}: the name is empty`);
  const imo = imoDigits(row.imo);
  if (imo === null || !isShipImo(imo)) {
    throw new ListFormatError(`line ${line}: "${row.imo}" is not a ship's IMO number`);
  }
  if (row.listedOn !== '' && !ISO_DATE.test(row.listedOn)) {
    throw new ListFormatError(`line ${line}: listedOn must be YYYY-MM-DD`);
  }
  const record: CanonicalRecord = {};
  const put = (tag: string, value: string): void => {
    if (value !== '') record[tag] = [value.replace(/\s+/g, ' ')];
  };
  put('REFERENCE_NUMBER', row.reference);
  put('NAME', row.name);
  put('IMO', imo);
  put('LISTED_ON', row.listedOn);
  put('BASIS', row.basis);
  put('NOTES', row.notes);
  return {
    reference: row.reference,
    kind: 'vessel',
    listType: 'DPRK',
    name: row.name,
    familyName: null,
    givenName: null,
    originalScript: null,
    aliases: [],
    nameKeys: nameKeysOf(row.name, []),
    datesOfBirth: [],
    nationalities: [],
    addresses: [],
    documents: [],
    listedOn: row.listedOn || null,
    lastDayUpdated: [],
    comments: row.notes || null,
    imoNumbers: [imo],
    companyNumbers: [],
    record,
    contentHash: contentHash(record),
  };
}

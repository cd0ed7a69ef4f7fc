import { Readable } from 'node:stream';
import { changedFields, ListFormatError, parseConsolidatedList } from './consolidated-list';

const list = (individuals: string, entities = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2020-03-20T19:09:21.822-04:00">
  <INDIVIDUALS>${individuals}</INDIVIDUALS>
  <ENTITIES>${entities}</ENTITIES>
</CONSOLIDATED_LIST>`;

const individual = (dataId: string, extra = ''): string => `
  <INDIVIDUAL>
    <DATAID>${dataId}</DATAID>
    <VERSIONNUM>1</VERSIONNUM>
    <FIRST_NAME>KIM</FIRST_NAME>
    <SECOND_NAME>SONG CHOL</SECOND_NAME>
    <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
    <REFERENCE_NUMBER>KPi.030 </REFERENCE_NUMBER>
    <LISTED_ON>2016-11-30</LISTED_ON>
    <COMMENTS1>Kim Song Chol is a KOMID official.  </COMMENTS1>
    <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Kim Hak Song</ALIAS_NAME></INDIVIDUAL_ALIAS>
    <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Ким Сон Чхоль</ALIAS_NAME></INDIVIDUAL_ALIAS>
    ${extra}
  </INDIVIDUAL>`;

/** Feeds the text in chunks of `size` bytes, to cross every boundary a stream may cut at. */
const chunked = (text: string, size: number): Readable => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
};

describe('parseConsolidatedList', () => {
  it('reads a DPRK individual: trimmed reference, FIRST_NAME as the family name', async () => {
    const parsed = await parseConsolidatedList(chunked(list(individual('1')), 1 << 16));
    expect(parsed.dateGenerated).toBe('2020-03-20T23:09:21.822Z');
    expect(parsed.designations).toHaveLength(1);
    expect(parsed.designations[0]).toMatchObject({
      reference: 'KPi.030',
      kind: 'individual',
      listType: 'DPRK',
      name: 'KIM SONG CHOL',
      familyName: 'KIM',
      givenName: 'SONG CHOL',
      comments: 'Kim Song Chol is a KOMID official.',
      aliases: [
        { name: 'Kim Hak Song', quality: 'Good' },
        { name: 'Ким Сон Чхоль', quality: 'Low' },
      ],
      nameKeys: ['kim song chol', 'kim hak song', 'ким сон чхоль'],
    });
  });

  it('reads the same records whatever bytes the chunks cut at (multi-byte names too)', async () => {
    const whole = await parseConsolidatedList(chunked(list(individual('1')), 1 << 16));
    const bytewise = await parseConsolidatedList(chunked(list(individual('1')), 1));
    expect(bytewise).toEqual(whole);
  });

  it('hashes content, not DATAID, order, whitespace or empty elements', async () => {
    const [before] = (await parseConsolidatedList(chunked(list(individual('1')), 4096)))
      .designations;
    const [renumbered] = (
      await parseConsolidatedList(
        chunked(
          list(
            individual('99', '<THIRD_NAME/><INDIVIDUAL_ADDRESS><COUNTRY/></INDIVIDUAL_ADDRESS>'),
          ),
          4096,
        ),
      )
    ).designations;
    expect(renumbered.contentHash).toBe(before.contentHash);
    const [amended] = (
      await parseConsolidatedList(
        chunked(
          list(individual('99', '<INDIVIDUAL_ADDRESS><CITY>Pyongyang</CITY></INDIVIDUAL_ADDRESS>')),
          4096,
        ),
      )
    ).designations;
    expect(amended.contentHash).not.toBe(before.contentHash);
    expect(changedFields(before.record, amended.record)).toEqual(['addresses']);
  });

  it('refuses a file cut short, another XML document and a file that is not XML', async () => {
    const whole = list(individual('1'));
    await expect(
      parseConsolidatedList(chunked(whole.slice(0, whole.length / 2), 100)),
    ).rejects.toThrow(ListFormatError);
    await expect(parseConsolidatedList(chunked('<html><body/></html>', 100))).rejects.toThrow(
      'the file is not the UN Consolidated List (its root is <html>)',
    );
    await expect(parseConsolidatedList(chunked('not xml at all', 100))).rejects.toThrow(
      ListFormatError,
    );
    await expect(parseConsolidatedList(chunked('', 100))).rejects.toThrow(ListFormatError);
  });
});

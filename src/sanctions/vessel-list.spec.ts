import { Readable } from 'node:stream';
import { ListFormatError } from './consolidated-list';
import { parseVesselList } from './vessel-list';

const HEADER = 'reference,name,imo,listedOn,basis,notes';
const read = (text: string) => parseVesselList(Readable.from([Buffer.from(text)]));

describe('parseVesselList', () => {
  it('reads vessels with a byte-order mark, quoted commas and line breaks in notes', async () => {
    const vessels = await read(
      `\uFEFF${HEADER}\r\nV-1, SAMPLE ONE ,IMO 9074729,2018-03-30,1718 Committee,"renamed, twice\nonce in 2019"\r\n`,
    );
    expect(vessels).toEqual([
      expect.objectContaining({
        reference: 'V-1',
        kind: 'vessel',
        listType: 'DPRK',
        name: 'SAMPLE ONE',
        imoNumbers: ['9074729'],
        listedOn: '2018-03-30',
        comments: 'renamed, twice\nonce in 2019',
        nameKeys: ['sample one'],
      }),
    ]);
    expect(vessels[0].record).toEqual({
      REFERENCE_NUMBER: ['V-1'],
      NAME: ['SAMPLE ONE'],
      IMO: ['9074729'],
      LISTED_ON: ['2018-03-30'],
      BASIS: ['1718 Committee'],
      NOTES: ['renamed, twice once in 2019'],
    });
  });

  it.each([
    [`${HEADER}\nV-1,ONE,9074728,,,`, 'line 2: "9074728" is not a ship\'s IMO number'],
    [`${HEADER}\nV-1,,9074729,,,`, 'line 2: the name is empty'],
    [`${HEADER}\nV-1,ONE,9074729,30/03/2018,,`, 'line 2: listedOn must be YYYY-MM-DD'],
    [`${HEADER}\nV 1,ONE,9074729,,,`, 'line 2: "V 1" is not a reference'],
    [
      `${HEADER}\nV-1,ONE,9074729,,,\nV-1,TWO,7625811,,,`,
      'line 3: the reference V-1 appears twice',
    ],
    ['ref,name,imo\nV-1,ONE,9074729', "the vessel list's header must be"],
    [`${HEADER}\nV-1,"ONE,9074729,,,`, 'the vessel list is not valid CSV'],
  ])('refuses %j', async (text, message) => {
    const refusal = read(text);
    await expect(refusal).rejects.toThrow(ListFormatError);
    await expect(read(text)).rejects.toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { mapServerDetails } from './server-errors';

describe("the server's validation details", () => {
  const rows = { locations: 2, actors: 1, quantities: 0 };

  it('land on the fields they name, rows included', () => {
    const mapped = mapServerDetails(
      [
        {
          field: 'locations.1.countryCode',
          errors: ['countryCode must be a valid ISO31661 Alpha2 code'],
        },
        { field: 'actors.0.imoNumber', errors: ['imoNumber check digit does not match'] },
        { field: 'occurredTo', errors: ['occurredTo must not be in the future'] },
        { field: 'provisions', errors: ['a', 'b'] },
        { field: 'tags.2', errors: ['each tag must be a lower-case slug'] },
      ],
      rows,
    );
    expect(mapped.fields).toEqual([
      {
        name: 'locations.1.countryCode',
        message: 'countryCode must be a valid ISO31661 Alpha2 code',
      },
      { name: 'actors.0.imoNumber', message: 'imoNumber check digit does not match' },
      { name: 'occurredTo', message: 'occurredTo must not be in the future' },
      { name: 'provisions', message: 'a; b' },
      { name: 'tags', message: 'each tag must be a lower-case slug' },
    ]);
    expect(mapped.unmapped).toEqual([]);
  });

  it('keeps what names no field of the form for an alert, and ignores what is not a detail', () => {
    const mapped = mapServerDetails(
      [
        { field: 'locations.5.countryCode', errors: ['no such row'] },
        { field: 'quantities.0.value', errors: ['no quantities in the form'] },
        { field: 'publicSummary', errors: ['not on this form'] },
        { field: 'actors.0.colour', errors: ['unknown field'] },
        'not a detail',
        { field: 'title' },
      ],
      rows,
    );
    expect(mapped.fields).toEqual([]);
    expect(mapped.unmapped).toEqual([
      'locations.5.countryCode: no such row',
      'quantities.0.value: no quantities in the form',
      'publicSummary: not on this form',
      'actors.0.colour: unknown field',
    ]);
  });

  it('answers nothing for a body without details', () => {
    expect(mapServerDetails(undefined, rows)).toEqual({ fields: [], unmapped: [] });
  });
});

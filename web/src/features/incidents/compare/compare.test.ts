import { describe, expect, it } from 'vitest';
import { compareIncidents, FactWords, Incident } from './compare';

const words: FactWords = {
  period: (incident) => `${incident.occurredFrom}..${incident.occurredTo}`,
  category: (code) => code,
  place: (place) =>
    `${place.role}: ${[place.placeName, place.countryCode].filter(Boolean).join(', ')}`,
  actor: (actor) => `${actor.name} (${actor.type})`,
  quantity: (quantity) =>
    `${quantity.approximate ? 'about ' : ''}${quantity.value} ${quantity.unit}`,
};

const base = {
  reference: 'INC-2025-0001',
  title: 'Musan mine workers sent to Russia',
  summary: 'About 100 workers left in January.',
  category: 'overseas_labor',
  occurredFrom: '2025-01-01',
  occurredTo: '2025-01-31',
  datePrecision: 'month',
  locations: [
    { role: 'origin', countryCode: 'KP', placeName: 'Musan' },
    { role: 'destination', countryCode: 'RU' },
  ],
  actors: [{ name: 'Musan Mine', type: 'organization' }],
  quantities: [{ value: 100, unit: 'workers', approximate: true }],
} as unknown as Incident;

describe('the side-by-side compare', () => {
  it('marks the rows that differ and the items only one side has', () => {
    const other = {
      ...base,
      reference: 'INC-2025-0002',
      title: 'musan  mine workers sent to Russia',
      occurredFrom: '2025-01-12',
      locations: [
        { role: 'origin', countryCode: 'KP', placeName: 'Musan' },
        { role: 'transit', countryCode: 'CN' },
      ],
      actors: [],
    } as unknown as Incident;
    const rows = compareIncidents(base, other, words);
    expect(rows.map((row) => [row.key, row.differs])).toEqual([
      ['title', false],
      ['dates', true],
      ['category', false],
      ['places', true],
      ['actors', true],
      ['quantities', false],
      ['summary', false],
    ]);
    const places = rows.find((row) => row.key === 'places')!;
    expect(places.left).toEqual([
      { text: 'origin: Musan, KP', shared: true },
      { text: 'destination: RU', shared: false },
    ]);
    expect(places.right).toEqual([
      { text: 'origin: Musan, KP', shared: true },
      { text: 'transit: CN', shared: false },
    ]);
    expect(rows.find((row) => row.key === 'actors')!.right).toEqual([]);
  });

  it('finds no difference between an incident and itself', () => {
    expect(compareIncidents(base, base, words).every((row) => !row.differs)).toBe(true);
  });
});

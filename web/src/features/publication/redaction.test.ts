import { describe, expect, it } from 'vitest';
import type { components } from '../../api/schema';
import { redactionWarnings } from './redaction';

type Incident = components['schemas']['IncidentDto'];

const incident = {
  locations: [
    { role: 'origin', countryCode: 'KP', adminArea: 'North Hamgyong', placeName: 'Musan' },
    { role: 'destination', countryCode: 'RU', placeName: 'Владивосток' },
  ],
  actors: [
    { name: 'Musan Mine', type: 'organization' },
    { name: '김철수', type: 'person' },
  ],
} as unknown as Incident;

describe('redactionWarnings', () => {
  it('flags place names, admin areas and actor names from the internal data, in any script', () => {
    const text =
      'Workers of the musan mine in North Hamgyong were sent to Владивосток; 김철수 organised it.';
    expect(redactionWarnings(text, incident)).toEqual([
      { kind: 'place', found: 'musan' },
      { kind: 'adminArea', found: 'North Hamgyong' },
      { kind: 'place', found: 'Владивосток' },
      { kind: 'actor', found: 'musan mine' },
      { kind: 'actor', found: '김철수' },
    ]);
  });

  it('matches whole words only: "Musanbong" is not "Musan"', () => {
    expect(redactionWarnings('A shipment from Musanbong port.', incident)).toEqual([]);
  });

  it('flags coordinates, e-mail addresses and phone numbers, not years or counts', () => {
    const text =
      'Seen at 42.20, 129.33 in 2024–2025; about 100 workers. Contact kim@example.org or +7 (423) 222-33-44.';
    expect(redactionWarnings(text, incident)).toEqual([
      { kind: 'coordinates', found: '42.20, 129.33' },
      { kind: 'email', found: 'kim@example.org' },
      { kind: 'phone', found: '+7 (423) 222-33-44' },
    ]);
  });

  it('finds nothing in a text written for the public', () => {
    expect(
      redactionWarnings(
        'About 100 North Korean workers were sent to Russia in January 2025, in breach of resolution 2397.',
        incident,
      ),
    ).toEqual([]);
  });
});

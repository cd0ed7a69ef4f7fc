import { describe, expect, it } from 'vitest';
import {
  changesOf,
  emptyActor,
  emptyForm,
  formOf,
  IncidentFormValues,
  payloadOf,
  reapply,
} from './form-model';

const loaded: IncidentFormValues = {
  ...emptyForm(),
  title: 'Musan mine workers sent to Russia',
  summary: 'About 100 workers.',
  regime: 'UN-1718',
  category: 'overseas_labor',
  datePrecision: 'month',
  occurredFrom: '2025-01',
  occurredTo: '2025-01',
  locations: [
    {
      role: 'origin',
      countryCode: 'KP',
      adminArea: '',
      placeName: 'Musan',
      latitude: '',
      longitude: '',
    },
  ],
};

describe('an edit and its re-application after a stale version', () => {
  it('leaves empty optional fields out of what is sent', () => {
    expect(payloadOf(loaded).locations).toEqual([
      {
        role: 'origin',
        countryCode: 'KP',
        adminArea: undefined,
        placeName: 'Musan',
        latitude: undefined,
        longitude: undefined,
      },
    ]);
    expect(payloadOf({ ...loaded, occurredTo: '' })).not.toHaveProperty('occurredTo');
  });

  it('sends only the fields the user changed; the dates go together', () => {
    expect(changesOf(loaded, { ...loaded, title: 'Musan miners in Russia' })).toEqual({
      title: 'Musan miners in Russia',
    });
    expect(changesOf(loaded, { ...loaded, occurredTo: '2025-02' })).toEqual({
      datePrecision: 'month',
      occurredFrom: '2025-01',
      occurredTo: '2025-02',
    });
    expect(changesOf(loaded, loaded)).toEqual({});
  });

  it('keeps both changes: mine over the fields I changed, theirs everywhere else', () => {
    const mine = { ...loaded, title: 'Musan miners in Russia' };
    const theirs = { ...loaded, summary: 'About 100 workers, by train via Rason.' };
    const merged = reapply(theirs, loaded, mine);
    expect(merged.title).toBe('Musan miners in Russia');
    expect(merged.summary).toBe('About 100 workers, by train via Rason.');
    expect(changesOf(theirs, merged)).toEqual({ title: 'Musan miners in Russia' });
  });
});

describe('the actors of an edit', () => {
  const incident = {
    ...loaded,
    occurredFrom: '2025-01-12',
    occurredTo: '2025-01-29',
    datePrecision: 'day',
    provisions: [],
    tags: [],
    quantities: [],
    locations: [],
    actors: [
      {
        id: '5b1f0b43-8d0e-4d3c-9f3e-0c1f1c2b7a10',
        name: 'Korea Mining Development Trading Corporation',
        type: 'company',
        designationRef: 'UN:KPe.001',
      },
      {
        id: '0f6a3f0e-2f53-4d43-8f55-5b9bbf2e1f21',
        name: 'Ri Won Ho',
        type: 'person',
        role: 'recruiter',
        nationality: 'KP',
        birthYear: 1964,
      },
    ],
  } as unknown as Parameters<typeof formOf>[0];

  it('sends each kept actor back with its id, nationality and birth year; a new one has no id', () => {
    const form = formOf(incident);
    const edited = {
      ...form,
      actors: [
        form.actors[1],
        { ...emptyActor(), name: 'Musan Mine', type: 'organization' as const },
      ],
    };
    expect(payloadOf(edited).actors).toEqual([
      {
        id: '0f6a3f0e-2f53-4d43-8f55-5b9bbf2e1f21',
        name: 'Ri Won Ho',
        type: 'person',
        role: 'recruiter',
        imoNumber: undefined,
        designationRef: undefined,
        nationality: 'KP',
        birthYear: 1964,
      },
      {
        name: 'Musan Mine',
        type: 'organization',
        role: undefined,
        imoNumber: undefined,
        designationRef: undefined,
        nationality: undefined,
        birthYear: undefined,
      },
    ]);
    expect(changesOf(form, edited).actors?.map((actor) => actor.id)).toEqual([
      '0f6a3f0e-2f53-4d43-8f55-5b9bbf2e1f21',
      undefined,
    ]);
  });

  it('keeps the confirmed designation and leaves the birth year out once the actor is no person', () => {
    const form = formOf(incident);
    expect(payloadOf(form).actors?.[0]).toMatchObject({
      id: '5b1f0b43-8d0e-4d3c-9f3e-0c1f1c2b7a10',
      designationRef: 'UN:KPe.001',
    });
    const retyped = { ...form, actors: [{ ...form.actors[1], type: 'company' as const }] };
    expect(payloadOf(retyped).actors?.[0]?.birthYear).toBeUndefined();
  });
});

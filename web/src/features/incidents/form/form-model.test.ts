import { describe, expect, it } from 'vitest';
import { changesOf, emptyForm, IncidentFormValues, payloadOf, reapply } from './form-model';

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

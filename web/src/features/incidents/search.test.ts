import { describe, expect, it } from 'vitest';
import { filtersOf, incidentSearch, isFiltered } from './search';

const UUID = '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f';

describe('the incident list in the URL', () => {
  it('keeps every good filter, as the router parses it', () => {
    const search = incidentSearch.parse({
      q: 'Musan -Rason',
      status: 'verified',
      regime: 'UN-1718',
      category: 'overseas_labor',
      provision: 'UNSCR-2397-OP8',
      country: 'kp',
      tag: 'labor-export',
      assigneeId: 'me',
      createdBy: UUID,
      overdue: true,
      occurredFrom: '2025-01-01',
      occurredTo: '2025-12-31',
      sort: '-updatedAt',
      view: 'map',
    });
    expect(search).toEqual({
      q: 'Musan -Rason',
      status: 'verified',
      regime: 'UN-1718',
      category: 'overseas_labor',
      provision: 'UNSCR-2397-OP8',
      country: 'KP',
      tag: 'labor-export',
      assigneeId: 'me',
      createdBy: UUID,
      overdue: true,
      occurredFrom: '2025-01-01',
      occurredTo: '2025-12-31',
      sort: '-updatedAt',
      view: 'map',
    });
    expect(filtersOf(search)).toEqual({
      q: 'Musan -Rason',
      status: 'verified',
      regime: 'UN-1718',
      category: 'overseas_labor',
      provision: 'UNSCR-2397-OP8',
      country: 'KP',
      tag: 'labor-export',
      assigneeId: 'me',
      createdBy: UUID,
      overdue: 'true',
      occurredFrom: '2025-01-01',
      occurredTo: '2025-12-31',
    });
  });

  it('drops each bad value alone and keeps the rest', () => {
    const search = incidentSearch.parse({
      q: 'x'.repeat(201),
      status: 'deleted',
      country: 'XX',
      tag: 'Not A Slug',
      assigneeId: 'somebody',
      createdBy: 'none',
      overdue: 'maybe',
      occurredFrom: '2025-02-30',
      occurredTo: '31/12/2025',
      sort: 'title',
      view: 'globe',
      regime: 'UN-1718',
    });
    expect(search).toEqual({ regime: 'UN-1718' });
  });

  it('reads numbers and booleans the router made of text, and ignores blank text', () => {
    expect(
      incidentSearch.parse({ tag: 2024, overdue: 'false', q: '   ', assigneeId: 'none' }),
    ).toEqual({ tag: '2024', overdue: false, assigneeId: 'none' });
    expect(filtersOf({ overdue: false })).toEqual({ overdue: 'false' });
  });

  it('tells a filtered view from one that is only sorted or shown as a map', () => {
    expect(isFiltered({ sort: '-createdAt', view: 'map' })).toBe(false);
    expect(isFiltered({ country: 'RU' })).toBe(true);
  });
});

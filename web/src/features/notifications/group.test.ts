import { describe, expect, it } from 'vitest';
import { groupByIncident, Notification } from './group';

const note = (id: string, incidentId: string | null, reference: string | null): Notification => ({
  id,
  type: incidentId ? 'transition' : 'digest',
  incidentId,
  reference,
  title: `Title ${id}`,
  body: '',
  createdAt: '2026-12-07T10:00:00.000Z',
  readAt: null,
});

describe('groupByIncident', () => {
  it('groups by incident in the order of each group’s newest notification', () => {
    const groups = groupByIncident([
      note('1', 'a', 'INC-2025-000002'),
      note('2', null, null),
      note('3', 'b', 'INC-2025-000001'),
      note('4', 'a', 'INC-2025-000002'),
    ]);
    expect(groups.map((group) => [group.reference, group.items.map((item) => item.id)])).toEqual([
      ['INC-2025-000002', ['1', '4']],
      [null, ['2']],
      ['INC-2025-000001', ['3']],
    ]);
  });

  it('answers no group for no notification', () => {
    expect(groupByIncident([])).toEqual([]);
  });
});

import { overdueSql, stageDeadline } from './stage-deadline';

const DEADLINES = { intake: 7 * 86400, inVerification: 3 * 86400, verified: 2 * 86400 };
const entered = new Date('2025-03-01T00:00:00.000Z');
const at = (days: number): number => entered.getTime() + days * 86_400_000;

describe('stageDeadline', () => {
  it('is due a stage deadline after the incident entered its status', () => {
    expect(
      stageDeadline({ status: 'in_verification', stageEnteredAt: entered }, DEADLINES, at(1)),
    ).toEqual({
      dueAt: '2025-03-04T00:00:00.000Z',
      overdue: false,
      escalated: false,
    });
  });

  it('is overdue from the deadline on, and escalated from twice it', () => {
    const incident = { status: 'intake' as const, stageEnteredAt: entered };
    expect(stageDeadline(incident, DEADLINES, at(7))).toMatchObject({
      overdue: true,
      escalated: false,
    });
    expect(stageDeadline(incident, DEADLINES, at(13.9))).toMatchObject({
      overdue: true,
      escalated: false,
    });
    expect(stageDeadline(incident, DEADLINES, at(14))).toMatchObject({
      overdue: true,
      escalated: true,
    });
  });

  it.each(['published', 'rejected', 'retracted'] as const)('has no deadline in %s', (status) => {
    expect(stageDeadline({ status, stageEnteredAt: entered }, DEADLINES, at(100))).toEqual({
      dueAt: null,
      overdue: false,
      escalated: false,
    });
  });

  it('writes the overdue condition with the configured seconds as numbers only', () => {
    const sql = overdueSql('i', DEADLINES);
    expect(sql).toContain(
      "i.status = 'intake' AND i.stage_entered_at <= now() - make_interval(secs => 604800)",
    );
    expect(sql).toContain('secs => 259200');
    expect(sql).toContain('secs => 172800');
  });
});

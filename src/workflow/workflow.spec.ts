import { Role, ROLES } from '../common/roles';
import {
  Actor,
  allowedActions,
  INCIDENT_STATUSES,
  IncidentStatus,
  Precondition,
  Refusal,
  refusal,
  WORKFLOW,
  WORKFLOW_ACTIONS,
  WorkflowAction,
  WorkflowSubject,
} from './workflow';

/*
 * The expectations below are written from the text of spec section 7, not from the WORKFLOW
 * constant: a mistake in the table must show up here as a difference, not be copied over.
 */

const SPEC_STATUSES: IncidentStatus[] = [
  'intake',
  'in_verification',
  'verified',
  'published',
  'rejected',
  'retracted',
  'withdrawn',
];
const SPEC_ACTIONS: WorkflowAction[] = [
  'submit',
  'request_changes',
  'verify',
  'reject',
  'return_to_verification',
  'publish',
  'retract',
  'withdraw',
  'reopen',
];
const SPEC_ROLES: Role[] = ['admin', 'monitor', 'verifier', 'writer'];

/** Spec section 7, one rule per row of its table. Checks: state (409), four eyes, role (403). */
function expectedRefusal(
  action: WorkflowAction,
  status: IncidentStatus,
  roles: readonly Role[],
  isCreator: boolean,
): Refusal | null {
  const holds = (...anyOf: Role[]): boolean => anyOf.some((role) => roles.includes(role));
  switch (action) {
    case 'submit':
      // from intake; its creator or an admin
      if (status !== 'intake') return 'wrong_state';
      return isCreator || holds('admin') ? null : 'role';
    case 'request_changes':
      // from in_verification; verifier or admin
      if (status !== 'in_verification') return 'wrong_state';
      return holds('verifier', 'admin') ? null : 'role';
    case 'verify':
    case 'reject':
      // from in_verification; verifier or admin; never the creator, whatever their roles
      if (status !== 'in_verification') return 'wrong_state';
      if (isCreator) return 'four_eyes';
      return holds('verifier', 'admin') ? null : 'role';
    case 'return_to_verification':
      // from verified; writer, verifier or admin
      if (status !== 'verified') return 'wrong_state';
      return holds('writer', 'verifier', 'admin') ? null : 'role';
    case 'publish':
      // from verified; writer or admin
      if (status !== 'verified') return 'wrong_state';
      return holds('writer', 'admin') ? null : 'role';
    case 'retract':
      // from published; writer or admin
      if (status !== 'published') return 'wrong_state';
      return holds('writer', 'admin') ? null : 'role';
    case 'withdraw':
      // from intake; its creator or an admin
      if (status !== 'intake') return 'wrong_state';
      return isCreator || holds('admin') ? null : 'role';
    case 'reopen':
      // from rejected, retracted or withdrawn; admin
      if (status !== 'rejected' && status !== 'retracted' && status !== 'withdrawn') {
        return 'wrong_state';
      }
      return holds('admin') ? null : 'role';
  }
}

/** Spec section 7: where each action leads. */
const SPEC_TARGET: Record<WorkflowAction, IncidentStatus> = {
  submit: 'in_verification',
  request_changes: 'intake',
  verify: 'verified',
  reject: 'rejected',
  return_to_verification: 'in_verification',
  publish: 'published',
  retract: 'retracted',
  withdraw: 'withdrawn',
  reopen: 'intake',
};

/** Spec section 7: the preconditions column (422 when unmet). */
const SPEC_PRECONDITIONS: Record<WorkflowAction, Precondition[]> = {
  submit: ['has_source_or_evidence'],
  request_changes: ['note_required'],
  verify: [
    'no_pending_evidence',
    'approved_evidence',
    'confidence_required',
    'confirmed_needs_two_independent_sources',
  ],
  reject: ['note_required'],
  return_to_verification: ['note_required'],
  publish: ['public_summary_required'],
  retract: ['note_required'],
  withdraw: ['note_required'],
  reopen: ['note_required'],
};

/** All 16 subsets of the four roles, the empty set included. */
const ROLE_SETS: Role[][] = Array.from({ length: 1 << SPEC_ROLES.length }, (_, mask) =>
  SPEC_ROLES.filter((_role, bit) => (mask & (1 << bit)) !== 0),
);

const CREATOR_ID = '00000000-0000-4000-8000-000000000001';
const OTHER_ID = '00000000-0000-4000-8000-000000000002';

const subjectOf = (status: IncidentStatus): WorkflowSubject => ({ status, createdBy: CREATOR_ID });
const actorOf = (roles: readonly Role[], isCreator: boolean): Actor => ({
  id: isCreator ? CREATOR_ID : OTHER_ID,
  roles,
});
const describeRoles = (roles: readonly Role[]): string =>
  roles.length === 0 ? '{}' : `{${roles.join(',')}}`;

interface Case {
  action: WorkflowAction;
  status: IncidentStatus;
  roles: Role[];
  isCreator: boolean;
  expected: Refusal | null;
  name: string;
}

/** 8 actions x 6 statuses x 16 role sets x 2 (creator or not) = 1,536 cases. */
const MATRIX: Case[] = SPEC_ACTIONS.flatMap((action) =>
  SPEC_STATUSES.flatMap((status) =>
    ROLE_SETS.flatMap((roles) =>
      [true, false].map((isCreator) => ({
        action,
        status,
        roles,
        isCreator,
        expected: expectedRefusal(action, status, roles, isCreator),
        name: `${action} from ${status} by ${describeRoles(roles)} ${isCreator ? 'creator' : 'non-creator'}`,
      })),
    ),
  ),
);

const sorted = <T extends string>(values: readonly T[]): T[] => [...values].sort();

describe('the vocabulary of workflow.ts', () => {
  it('has the statuses, actions and roles of the spec', () => {
    expect(sorted(INCIDENT_STATUSES)).toEqual(sorted(SPEC_STATUSES));
    expect(sorted(WORKFLOW_ACTIONS)).toEqual(sorted(SPEC_ACTIONS));
    expect(sorted(ROLES)).toEqual(sorted(SPEC_ROLES));
  });

  it('has exactly one transition per action', () => {
    expect(sorted(WORKFLOW.map((transition) => transition.action))).toEqual(sorted(SPEC_ACTIONS));
  });

  it('covers 2,016 cases, 16 role sets among them', () => {
    expect(ROLE_SETS).toHaveLength(16);
    expect(new Set(ROLE_SETS.map(describeRoles)).size).toBe(16);
    expect(MATRIX).toHaveLength(9 * 7 * 16 * 2);
  });
});

describe('refusal(action, subject, actor)', () => {
  it.each(MATRIX)('$name → $expected', ({ action, status, roles, isCreator, expected }) => {
    expect(refusal(action, subjectOf(status), actorOf(roles, isCreator))).toBe(expected);
  });

  it('does not depend on the order of the roles', () => {
    for (const { action, status, roles, isCreator, expected } of MATRIX) {
      const reversed = [...roles].reverse();
      expect(refusal(action, subjectOf(status), actorOf(reversed, isCreator))).toBe(expected);
    }
  });

  it('checks the state before the four-eyes rule and the role', () => {
    const noOne = actorOf([], true);
    expect(refusal('verify', subjectOf('intake'), noOne)).toBe('wrong_state');
    expect(refusal('reject', subjectOf('published'), noOne)).toBe('wrong_state');
    expect(refusal('reopen', subjectOf('intake'), actorOf(['admin'], false))).toBe('wrong_state');
  });

  it('checks the four-eyes rule before the role', () => {
    expect(refusal('verify', subjectOf('in_verification'), actorOf(['monitor'], true))).toBe(
      'four_eyes',
    );
    expect(refusal('reject', subjectOf('in_verification'), actorOf([], true))).toBe('four_eyes');
  });

  it('keeps four eyes even for an admin who created the incident', () => {
    const adminCreator = actorOf([...SPEC_ROLES], true);
    expect(refusal('verify', subjectOf('in_verification'), adminCreator)).toBe('four_eyes');
    expect(refusal('reject', subjectOf('in_verification'), adminCreator)).toBe('four_eyes');
    expect(refusal('request_changes', subjectOf('in_verification'), adminCreator)).toBeNull();
  });

  it('lets the creator submit without any role, and nobody else without admin', () => {
    expect(refusal('submit', subjectOf('intake'), actorOf([], true))).toBeNull();
    expect(refusal('submit', subjectOf('intake'), actorOf(['monitor'], true))).toBeNull();
    expect(
      refusal('submit', subjectOf('intake'), actorOf(['verifier', 'writer', 'monitor'], false)),
    ).toBe('role');
    expect(refusal('submit', subjectOf('intake'), actorOf(['admin'], false))).toBeNull();
  });
});

describe('allowedActions(subject, actor)', () => {
  const situations = SPEC_STATUSES.flatMap((status) =>
    ROLE_SETS.flatMap((roles) =>
      [true, false].map((isCreator) => ({
        status,
        roles,
        isCreator,
        name: `${status} for ${describeRoles(roles)} ${isCreator ? 'creator' : 'non-creator'}`,
      })),
    ),
  );

  it('covers 7 statuses x 16 role sets x 2 = 224 situations', () => {
    expect(situations).toHaveLength(224);
  });

  it.each(situations)(
    'is the set of actions without a refusal: $name',
    ({ status, roles, isCreator }) => {
      const subject = subjectOf(status);
      const actor = actorOf(roles, isCreator);
      const allowed = allowedActions(subject, actor);
      expect(new Set(allowed).size).toBe(allowed.length);
      expect(sorted(allowed)).toEqual(
        sorted(SPEC_ACTIONS.filter((action) => refusal(action, subject, actor) === null)),
      );
      expect(sorted(allowed)).toEqual(
        sorted(
          SPEC_ACTIONS.filter(
            (action) => expectedRefusal(action, status, roles, isCreator) === null,
          ),
        ),
      );
    },
  );
});

describe('the graph', () => {
  it('leads every action to the status the spec names, and only to valid statuses', () => {
    for (const transition of WORKFLOW) {
      expect(SPEC_STATUSES).toContain(transition.to);
      for (const from of transition.from) expect(SPEC_STATUSES).toContain(from);
      expect(transition.from.length).toBeGreaterThan(0);
      expect(new Set(transition.from).size).toBe(transition.from.length);
      expect({ action: transition.action, to: transition.to }).toEqual({
        action: transition.action,
        to: SPEC_TARGET[transition.action],
      });
    }
  });

  it('reaches every status from intake', () => {
    const reached = new Set<IncidentStatus>(['intake']);
    const queue: IncidentStatus[] = ['intake'];
    for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
      for (const transition of WORKFLOW) {
        if (transition.from.includes(status) && !reached.has(transition.to)) {
          reached.add(transition.to);
          queue.push(transition.to);
        }
      }
    }
    expect(sorted([...reached])).toEqual(sorted(SPEC_STATUSES));
  });

  it('never marks an action as open to the creator and closed to the creator at once', () => {
    for (const transition of WORKFLOW) {
      expect(transition.creator && transition.notCreator).toBe(false);
    }
  });
});

describe('preconditions', () => {
  it.each(SPEC_ACTIONS)('%s lists the preconditions of the spec', (action) => {
    const transition = WORKFLOW.find((candidate) => candidate.action === action);
    expect(transition).toBeDefined();
    const preconditions = transition?.preconditions ?? [];
    expect(new Set(preconditions).size).toBe(preconditions.length);
    expect(sorted(preconditions)).toEqual(sorted(SPEC_PRECONDITIONS[action]));
  });
});

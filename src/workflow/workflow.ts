import { Role } from '../common/roles';

export const INCIDENT_STATUSES = [
  'intake',
  'in_verification',
  'verified',
  'published',
  'rejected',
  'retracted',
  'withdrawn',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const WORKFLOW_ACTIONS = [
  'submit',
  'request_changes',
  'verify',
  'reject',
  'return_to_verification',
  'publish',
  'retract',
  'withdraw',
  'reopen',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export const CONFIDENCE_LEVELS = ['confirmed', 'likely', 'possible'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Business preconditions, checked when the action is taken (422 when unmet). */
export type Precondition =
  | 'has_source_or_evidence'
  | 'note_required'
  | 'no_pending_evidence'
  | 'approved_evidence'
  | 'confidence_required'
  | 'confirmed_needs_two_independent_sources'
  | 'public_summary_required';

export interface Transition {
  action: WorkflowAction;
  from: readonly IncidentStatus[];
  to: IncidentStatus;
  /** Roles that may take the action on any incident. */
  roles: readonly Role[];
  /** The incident's creator may take it too, whatever their roles. */
  creator: boolean;
  /** Four eyes: the incident's creator may never take it, whatever their roles. */
  notCreator: boolean;
  preconditions: readonly Precondition[];
}

/** The workflow of spec section 7: the one table that services apply and clients draw. */
export const WORKFLOW: readonly Transition[] = [
  {
    action: 'submit',
    from: ['intake'],
    to: 'in_verification',
    roles: ['admin'],
    creator: true,
    notCreator: false,
    preconditions: ['has_source_or_evidence'],
  },
  {
    action: 'request_changes',
    from: ['in_verification'],
    to: 'intake',
    roles: ['verifier', 'admin'],
    creator: false,
    notCreator: false,
    preconditions: ['note_required'],
  },
  {
    action: 'verify',
    from: ['in_verification'],
    to: 'verified',
    roles: ['verifier', 'admin'],
    creator: false,
    notCreator: true,
    preconditions: [
      'no_pending_evidence',
      'approved_evidence',
      'confidence_required',
      'confirmed_needs_two_independent_sources',
    ],
  },
  {
    action: 'reject',
    from: ['in_verification'],
    to: 'rejected',
    roles: ['verifier', 'admin'],
    creator: false,
    notCreator: true,
    preconditions: ['note_required'],
  },
  {
    action: 'return_to_verification',
    from: ['verified'],
    to: 'in_verification',
    roles: ['writer', 'verifier', 'admin'],
    creator: false,
    notCreator: false,
    preconditions: ['note_required'],
  },
  {
    action: 'publish',
    from: ['verified'],
    to: 'published',
    roles: ['writer', 'admin'],
    creator: false,
    notCreator: false,
    preconditions: ['public_summary_required'],
  },
  {
    action: 'retract',
    from: ['published'],
    to: 'retracted',
    roles: ['writer', 'admin'],
    creator: false,
    notCreator: false,
    preconditions: ['note_required'],
  },
  {
    // A draft filed by mistake: it leaves every queue and reminder, and nothing is deleted.
    action: 'withdraw',
    from: ['intake'],
    to: 'withdrawn',
    roles: ['admin'],
    creator: true,
    notCreator: false,
    preconditions: ['note_required'],
  },
  {
    action: 'reopen',
    from: ['rejected', 'retracted', 'withdrawn'],
    to: 'intake',
    roles: ['admin'],
    creator: false,
    notCreator: false,
    preconditions: ['note_required'],
  },
];

export interface Actor {
  id: string;
  roles: readonly Role[];
}

export interface WorkflowSubject {
  status: IncidentStatus;
  createdBy: string;
}

/** Why an action may not be taken: 409 for the state, 403 for the caller. */
export type Refusal = 'wrong_state' | 'role' | 'four_eyes';

export function transitionOf(action: WorkflowAction): Transition {
  const transition = WORKFLOW.find((candidate) => candidate.action === action);
  if (!transition) throw new Error(`no transition for ${action}`);
  return transition;
}

/**
 * Checks state first (409), then who the caller is (403). Preconditions on data are the
 * service's to check afterwards (422).
 */
export function refusal(
  action: WorkflowAction,
  subject: WorkflowSubject,
  actor: Actor,
): Refusal | null {
  const transition = transitionOf(action);
  if (!transition.from.includes(subject.status)) return 'wrong_state';
  const isCreator = subject.createdBy === actor.id;
  if (transition.notCreator && isCreator) return 'four_eyes';
  const byRole = transition.roles.some((role) => actor.roles.includes(role));
  if (!byRole && !(transition.creator && isCreator)) return 'role';
  return null;
}

/** The actions that the state, the caller's roles and the four-eyes rule permit now. */
export function allowedActions(subject: WorkflowSubject, actor: Actor): WorkflowAction[] {
  return WORKFLOW.filter((transition) => refusal(transition.action, subject, actor) === null).map(
    (transition) => transition.action,
  );
}

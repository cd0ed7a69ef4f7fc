import { Role } from '../../common/roles';
import {
  INCIDENT_STATUSES,
  IncidentStatus,
  Precondition,
  Transition,
  WORKFLOW,
  WORKFLOW_ACTIONS,
  WorkflowAction,
} from '../workflow';

export class WorkflowTransitionDto {
  action: WorkflowAction;
  from: IncidentStatus[];
  to: IncidentStatus;
  /** Roles that may take the action on any incident. */
  roles: Role[];
  /** The incident's creator may take it too, whatever their roles. */
  creator: boolean;
  /** Four eyes: the incident's creator may never take it, whatever their roles. */
  notCreator: boolean;
  /** Checked when the action is taken; 422 when unmet. */
  preconditions: Precondition[];
}

export class WorkflowDto {
  statuses: IncidentStatus[];
  actions: WorkflowAction[];
  transitions: WorkflowTransitionDto[];
}

export const mapTransition = (transition: Transition): WorkflowTransitionDto => ({
  action: transition.action,
  from: [...transition.from],
  to: transition.to,
  roles: [...transition.roles],
  creator: transition.creator,
  notCreator: transition.notCreator,
  preconditions: [...transition.preconditions],
});

/** The transition table of workflow.ts, as clients draw it. */
export const mapWorkflow = (): WorkflowDto => ({
  statuses: [...INCIDENT_STATUSES],
  actions: [...WORKFLOW_ACTIONS],
  transitions: WORKFLOW.map(mapTransition),
});

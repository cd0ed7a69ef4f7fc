import { Confidence, WorkflowAction } from '../workflow/workflow';

/**
 * Who hears of each action at once (spec 9). `verifiers`: the assignee while they are an
 * active verifier, otherwise every active verifier but the incident's creator.
 */
export type HandOffAudience =
  'verifiers' | 'creator' | 'writers' | 'creator_and_assignee' | 'assignee';

export const HAND_OFFS: Record<WorkflowAction, HandOffAudience> = {
  submit: 'verifiers',
  // Back from the writers to verification: the same people a submission reaches.
  return_to_verification: 'verifiers',
  request_changes: 'creator',
  reject: 'creator',
  verify: 'writers',
  publish: 'creator_and_assignee',
  retract: 'creator_and_assignee',
  withdraw: 'assignee',
  reopen: 'assignee',
};

export interface HandOffFacts {
  action: WorkflowAction;
  reference: string;
  title: string;
  /** The display name of who acted. */
  actorName: string;
  note: string | null;
  confidence: Confidence | null;
}

/** What the action asks of the recipient, ending the body. */
const ASK: Record<WorkflowAction, string | null> = {
  submit: 'Review its evidence, then verify it, reject it or ask for changes.',
  return_to_verification: 'Review it again.',
  request_changes: 'Make the changes, then submit it again.',
  reject: null,
  verify: 'Write its public text and publish it.',
  publish: null,
  retract: null,
  withdraw: null,
  reopen: null,
};

/** The title says what happened; the body who did it, the note in full, and what to do next. */
export function handOffText(facts: HandOffFacts): { title: string; body: string } {
  const { reference, title, actorName } = facts;
  const what: Record<WorkflowAction, [string, string]> = {
    submit: [
      `${reference} was submitted for verification`,
      `${actorName} submitted "${title}" for verification.`,
    ],
    return_to_verification: [
      `${reference} was returned to verification`,
      `${actorName} returned "${title}" to verification.`,
    ],
    request_changes: [
      `${reference}: changes requested`,
      `${actorName} sent "${title}" back to you and asks for changes.`,
    ],
    reject: [`${reference} was rejected`, `${actorName} rejected "${title}".`],
    verify: [
      `${reference} was verified and waits for publication`,
      `${actorName} verified "${title}"${facts.confidence ? ` (confidence: ${facts.confidence})` : ''}.`,
    ],
    publish: [`${reference} was published`, `${actorName} published "${title}".`],
    retract: [`${reference} was retracted`, `${actorName} retracted "${title}" from publication.`],
    withdraw: [`${reference} was withdrawn`, `${actorName} withdrew "${title}".`],
    reopen: [
      `${reference} was reopened`,
      `${actorName} reopened "${title}"; it is back in intake.`,
    ],
  };
  const [heading, sentence] = what[facts.action];
  const lines = [sentence];
  if (facts.note) lines.push('', `Note: ${facts.note}`);
  const ask = ASK[facts.action];
  if (ask) lines.push('', ask);
  return { title: heading.slice(0, 200), body: lines.join('\n') };
}

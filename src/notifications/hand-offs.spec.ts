import { WORKFLOW, WORKFLOW_ACTIONS } from '../workflow/workflow';
import { HAND_OFFS, handOffText } from './hand-offs';

const facts = {
  reference: 'INC-2025-0007',
  title: 'Musan mine workers',
  actorName: 'Kim Verifier',
  confidence: null,
};

describe('hand-offs (spec 9)', () => {
  it('names an audience for every action of the workflow', () => {
    expect(Object.keys(HAND_OFFS).sort()).toEqual([...WORKFLOW_ACTIONS].sort());
  });

  it('hands each action to the people spec 9 names', () => {
    expect(HAND_OFFS).toEqual({
      submit: 'verifiers',
      return_to_verification: 'verifiers',
      request_changes: 'creator',
      reject: 'creator',
      verify: 'writers',
      publish: 'creator_and_assignee',
      retract: 'creator_and_assignee',
      withdraw: 'assignee',
      reopen: 'assignee',
    });
  });

  it.each(WORKFLOW.map((transition) => transition.action))(
    '%s: the reference in the title, who acted and the title in the body, the note in full',
    (action) => {
      const note = 'Line one.\nLine two, with "quotes".';
      const text = handOffText({ ...facts, action, note });
      expect(text.title.startsWith('INC-2025-0007')).toBe(true);
      expect(text.body.startsWith('Kim Verifier ')).toBe(true);
      expect(text.body).toContain('"Musan mine workers"');
      expect(text.body).toContain(`\n\nNote: ${note}`);
      expect(handOffText({ ...facts, action, note: null }).body).not.toContain('Note:');
    },
  );

  it('says the confidence of a verification, and keeps titles within 200 characters', () => {
    expect(
      handOffText({ ...facts, action: 'verify', note: null, confidence: 'confirmed' }).body,
    ).toBe(
      'Kim Verifier verified "Musan mine workers" (confidence: confirmed).\n\nWrite its public text and publish it.',
    );
    const long = handOffText({
      ...facts,
      reference: 'R'.repeat(300),
      action: 'publish',
      note: null,
    });
    expect(long.title).toHaveLength(200);
  });
});

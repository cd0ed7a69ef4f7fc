import request, { Response } from 'supertest';
import { ErrorBody } from '../src/common/error-body';
import { Role } from '../src/common/roles';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { IncidentStatus, WorkflowAction } from '../src/workflow/workflow';
import { createTestApp, TestApp } from './helpers/app';
import { addEvidence, addSource, fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { expectError, REASON, REASONS_OF } from './helpers/errors';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f';
/**
 * Section 7 of the spec, restated by hand from its text: deliberately not read from the
 * WORKFLOW constant, so that a wrong table in the code cannot make its own expectation.
 */
interface SpecRule {
  from: IncidentStatus[];
  to: IncidentStatus;
  /** Roles that may take the action. */
  roles: Role[];
  /** "its creator" may take it whatever their roles. */
  creatorMay: boolean;
  /** Four eyes: "not the creator", admins included. */
  creatorMayNot: boolean;
}

const SPEC: Record<WorkflowAction, SpecRule> = {
  submit: {
    from: ['intake'],
    to: 'in_verification',
    roles: ['admin'],
    creatorMay: true,
    creatorMayNot: false,
  },
  request_changes: {
    from: ['in_verification'],
    to: 'intake',
    roles: ['verifier', 'admin'],
    creatorMay: false,
    creatorMayNot: false,
  },
  verify: {
    from: ['in_verification'],
    to: 'verified',
    roles: ['verifier', 'admin'],
    creatorMay: false,
    creatorMayNot: true,
  },
  reject: {
    from: ['in_verification'],
    to: 'rejected',
    roles: ['verifier', 'admin'],
    creatorMay: false,
    creatorMayNot: true,
  },
  return_to_verification: {
    from: ['verified'],
    to: 'in_verification',
    roles: ['writer', 'verifier', 'admin'],
    creatorMay: false,
    creatorMayNot: false,
  },
  publish: {
    from: ['verified'],
    to: 'published',
    roles: ['writer', 'admin'],
    creatorMay: false,
    creatorMayNot: false,
  },
  retract: {
    from: ['published'],
    to: 'retracted',
    roles: ['writer', 'admin'],
    creatorMay: false,
    creatorMayNot: false,
  },
  withdraw: {
    from: ['intake'],
    to: 'withdrawn',
    roles: ['admin'],
    creatorMay: true,
    creatorMayNot: false,
  },
  reopen: {
    from: ['rejected', 'retracted', 'withdrawn'],
    to: 'intake',
    roles: ['admin'],
    creatorMay: false,
    creatorMayNot: false,
  },
};
const ACTIONS = Object.keys(SPEC) as WorkflowAction[];
const STATUSES: IncidentStatus[] = [
  'intake',
  'in_verification',
  'verified',
  'published',
  'rejected',
  'retracted',
  'withdrawn',
];

/** Who calls, and whether they filed the incident they act on. */
interface CallerSpec {
  roles: Role[];
  isCreator: boolean;
}
const CALLERS = {
  creatorMonitor: { roles: ['monitor'], isCreator: true },
  otherMonitor: { roles: ['monitor'], isCreator: false },
  verifier: { roles: ['verifier'], isCreator: false },
  writer: { roles: ['writer'], isCreator: false },
  admin: { roles: ['admin'], isCreator: false },
  creatorAdmin: { roles: ['admin'], isCreator: true },
} satisfies Record<string, CallerSpec>;
type CallerName = keyof typeof CALLERS;
const CALLER_NAMES = Object.keys(CALLERS) as CallerName[];

/**
 * The status code spec 7 calls for. The state is checked first ("an action not allowed from
 * the current state is 409"), then the caller: four eyes, then the roles (403).
 */
function expectedStatus(
  action: WorkflowAction,
  status: IncidentStatus,
  caller: CallerSpec,
): number {
  const rule = SPEC[action];
  if (!rule.from.includes(status)) return 409;
  if (rule.creatorMayNot && caller.isCreator) return 403;
  if (caller.roles.some((role) => rule.roles.includes(role))) return 200;
  if (rule.creatorMay && caller.isCreator) return 200;
  return 403;
}

const expectedAllowed = (status: IncidentStatus, caller: CallerSpec): string[] =>
  ACTIONS.filter((action) => expectedStatus(action, status, caller) === 200).sort();

/** True when the response carries the error body of spec 3 with this status. */
function isErrorBody(response: Response, status: number): boolean {
  const body = response.body as Partial<ErrorBody>;
  return (
    Object.keys(body).every((key) =>
      ['statusCode', 'error', 'code', 'message', 'details', 'requestId'].includes(key),
    ) &&
    body.statusCode === status &&
    body.error === REASON[status] &&
    REASONS_OF[status].includes(String(body.code)) &&
    typeof body.message === 'string' &&
    body.message.length > 0 &&
    typeof body.requestId === 'string' &&
    body.requestId === response.headers['x-request-id']
  );
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

interface Trail {
  status: IncidentStatus;
  version: number;
  history: { kind: string; actorId: string | null; data: Record<string, unknown> }[];
  audit: { actorId: string | null; data: Record<string, unknown> }[];
  outbox: Record<string, unknown>[];
}

describe('workflow transitions (e2e)', () => {
  let t: TestApp;
  let callers: Record<CallerName, Caller>;
  let otherVerifier: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const transition = (id: string, caller: Caller, body: Record<string, unknown>): request.Test =>
    http().post(`/api/v1/incidents/${id}/transitions`).set(caller.auth).send(body);

  /** The incident's state and every trace a transition leaves, straight from the database. */
  const trail = async (id: string): Promise<Trail> => {
    const [found] = await t.dataSource.query<Trail[]>(
      `SELECT i.status, i.version,
              (SELECT coalesce(json_agg(json_build_object('kind', h.kind, 'actorId', h.actor_id, 'data', h.data) ORDER BY h.id), '[]')
                 FROM incident_history h WHERE h.incident_id = i.id) AS history,
              (SELECT coalesce(json_agg(json_build_object('actorId', a.actor_id, 'data', a.data) ORDER BY a.seq), '[]')
                 FROM audit_events a
                WHERE a.entity_type = 'incident' AND a.entity_id = i.id::text AND a.action = 'incident.transition') AS audit,
              (SELECT coalesce(json_agg(o.payload ORDER BY o.created_at), '[]')
                 FROM outbox_events o WHERE o.aggregate_id = i.id AND o.type = 'incident.transitioned') AS outbox
         FROM incidents i WHERE i.id = $1`,
      [id],
    );
    return found;
  };
  /** The trail of an incident that no transition has touched since it was set up. */
  const untouched = (status: IncidentStatus, version: number, creator: Caller): Trail => ({
    status,
    version,
    history: [{ kind: 'created', actorId: creator.user.id, data: expect.any(Object) }],
    audit: [],
    outbox: [],
  });
  /** Files an incident by `creator` and puts it in `status`; returns its id and version. */
  const setUp = async (
    creator: Caller,
    status: IncidentStatus,
    evidence: { status: 'pending' | 'approved' | 'rejected'; group?: string }[] = [],
  ): Promise<{ id: string; version: number }> => {
    const incident = await fileIncident(t, creator, { title: `Workflow ${status} case` });
    const version = await forceStatus(t, incident.id, status);
    if (evidence.length > 0) await addEvidence(t, incident.id, creator.user.id, evidence);
    return { id: incident.id, version };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const [creatorMonitor, otherMonitor, verifier, writer, admin, creatorAdmin, second] =
      await Promise.all([
        signIn(t, 'monitor'),
        signIn(t, 'monitor'),
        signIn(t, 'verifier'),
        signIn(t, 'writer'),
        signIn(t, 'admin'),
        signIn(t, 'admin'),
        signIn(t, 'verifier'),
      ]);
    callers = { creatorMonitor, otherMonitor, verifier, writer, admin, creatorAdmin };
    otherVerifier = second;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('the transition matrix: every action × every status × every caller', () => {
    it('expects what spec 7 says for a few hand-checked cells', () => {
      // Guards the hand-written expectation itself against a slip.
      expect(expectedStatus('submit', 'intake', CALLERS.creatorMonitor)).toBe(200);
      expect(expectedStatus('submit', 'intake', CALLERS.otherMonitor)).toBe(403);
      expect(expectedStatus('verify', 'in_verification', CALLERS.creatorAdmin)).toBe(403);
      expect(expectedStatus('verify', 'in_verification', CALLERS.verifier)).toBe(200);
      expect(expectedStatus('reject', 'in_verification', CALLERS.writer)).toBe(403);
      expect(expectedStatus('publish', 'intake', CALLERS.writer)).toBe(409);
      expect(expectedStatus('reopen', 'retracted', CALLERS.creatorAdmin)).toBe(200);
      expect(expectedStatus('reopen', 'published', CALLERS.admin)).toBe(409);
      expect(expectedStatus('withdraw', 'intake', CALLERS.creatorMonitor)).toBe(200);
      expect(expectedStatus('withdraw', 'intake', CALLERS.otherMonitor)).toBe(403);
      expect(expectedStatus('withdraw', 'in_verification', CALLERS.creatorMonitor)).toBe(409);
      expect(expectedStatus('reopen', 'withdrawn', CALLERS.admin)).toBe(200);
      expect(expectedStatus('reopen', 'withdrawn', CALLERS.creatorMonitor)).toBe(403);
      expect(expectedStatus('return_to_verification', 'verified', CALLERS.writer)).toBe(200);
      expect(expectedStatus('request_changes', 'in_verification', CALLERS.creatorAdmin)).toBe(200);
      expect(
        STATUSES.flatMap((status) =>
          CALLER_NAMES.flatMap((name) =>
            ACTIONS.map((action) => expectedStatus(action, status, CALLERS[name])),
          ),
        ).filter((code) => code === 200),
      ).toHaveLength(29);
    });

    it.each(ACTIONS)(
      '%s: the exact status code, and on 200 the new state and its traces',
      async (action) => {
        const cases = STATUSES.flatMap((status) =>
          CALLER_NAMES.map((caller) => ({ status, caller })),
        );
        const outcomes = await mapLimit(cases, 4, async ({ status, caller }) => {
          const spec: CallerSpec = CALLERS[caller];
          const actor = callers[caller];
          const creator = spec.isCreator ? actor : callers.creatorMonitor;
          const { id, version } = await setUp(creator, status, [{ status: 'approved' }]);
          const response = await transition(id, actor, {
            action,
            version,
            note: 'Matrix note',
            confidence: 'likely',
          });
          const code = expectedStatus(action, status, spec);
          const label = `${action} from ${status} by ${caller}`;
          const to = SPEC[action].to;
          const body = response.body as IncidentDto;
          const actual = {
            label,
            status: response.status,
            body:
              response.status === 200
                ? {
                    id: body.id,
                    status: body.status,
                    version: body.version,
                    allowedActions: [...body.allowedActions].sort(),
                    confidence: body.confidence,
                    submittedAt: body.submittedAt,
                    verifiedAt: body.verifiedAt,
                    publishedAt: body.publishedAt,
                  }
                : { wellFormedError: isErrorBody(response, response.status) },
            trail: await trail(id),
          };
          const stamp = (field: 'submit' | 'verify' | 'publish'): unknown =>
            action === field ? expect.stringMatching(ISO) : null;
          const expected =
            code === 200
              ? {
                  label,
                  status: 200,
                  body: {
                    id,
                    status: to,
                    version: version + 1,
                    allowedActions: expectedAllowed(to, spec),
                    confidence: action === 'verify' ? 'likely' : null,
                    submittedAt: stamp('submit'),
                    verifiedAt: stamp('verify'),
                    publishedAt: stamp('publish'),
                  },
                  trail: {
                    status: to,
                    version: version + 1,
                    history: [
                      { kind: 'created', actorId: creator.user.id, data: expect.any(Object) },
                      {
                        kind: 'transition',
                        actorId: actor.user.id,
                        data: expect.objectContaining({
                          action,
                          from: status,
                          to,
                          note: 'Matrix note',
                        }),
                      },
                    ],
                    audit: [
                      {
                        actorId: actor.user.id,
                        data: expect.objectContaining({ action, from: status, to }),
                      },
                    ],
                    outbox: [expect.objectContaining({ incidentId: id, action, from: status, to })],
                  },
                }
              : {
                  label,
                  status: code,
                  body: { wellFormedError: true },
                  trail: untouched(status, version, creator),
                };
          return { actual, expected };
        });
        expect(outcomes.map((outcome) => outcome.actual)).toEqual(
          outcomes.map((outcome) => outcome.expected),
        );
      },
      120_000,
    );

    it('lists in allowedActions exactly the actions the spec permits, for every status and caller', async () => {
      const cases = STATUSES.flatMap((status) =>
        CALLER_NAMES.map((caller) => ({ status, caller })),
      );
      const outcomes = await mapLimit(cases, 4, async ({ status, caller }) => {
        const spec: CallerSpec = CALLERS[caller];
        const actor = callers[caller];
        const creator = spec.isCreator ? actor : callers.creatorMonitor;
        const { id } = await setUp(creator, status);
        const response = await http().get(`/api/v1/incidents/${id}`).set(actor.auth);
        const label = `${status} for ${caller}`;
        return {
          actual: {
            label,
            status: response.status,
            allowedActions: [...(response.body as IncidentDto).allowedActions].sort(),
          },
          expected: { label, status: 200, allowedActions: expectedAllowed(status, spec) },
        };
      });
      expect(outcomes.map((outcome) => outcome.actual)).toEqual(
        outcomes.map((outcome) => outcome.expected),
      );
    });
  });

  describe('preconditions (422 naming what is missing, and nothing changed)', () => {
    it('refuses to submit an incident with no source and no evidence', async () => {
      const creator = callers.creatorMonitor;
      const { id, version } = await setUp(creator, 'intake');

      const response = await transition(id, creator, { action: 'submit', version });

      expectError(response, 422, /source or evidence/i);
      expect(await trail(id)).toEqual(untouched('intake', version, creator));
    });

    it('submits with a source alone (no evidence item yet)', async () => {
      const creator = callers.creatorMonitor;
      const { id, version } = await setUp(creator, 'intake');
      await addSource(t, id, creator.user.id);

      const response = await transition(id, creator, { action: 'submit', version });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'in_verification',
        version: version + 1,
        submittedAt: expect.stringMatching(ISO),
        counts: { sources: 1, evidence: 0 },
      });
    });

    it.each<[WorkflowAction, IncidentStatus, CallerName]>([
      ['request_changes', 'in_verification', 'verifier'],
      ['reject', 'in_verification', 'verifier'],
      ['return_to_verification', 'verified', 'writer'],
      ['retract', 'published', 'writer'],
      ['reopen', 'rejected', 'admin'],
      ['reopen', 'retracted', 'admin'],
    ])('refuses %s from %s without a note, or with a blank one', async (action, status, name) => {
      const creator = callers.creatorMonitor;
      const { id, version } = await setUp(creator, status, [{ status: 'approved' }]);

      for (const note of [undefined, '', '   \n ']) {
        const response = await transition(id, callers[name], {
          action,
          version,
          ...(note === undefined ? {} : { note }),
        });
        expectError(response, 422, /note/i);
      }
      expect(await trail(id)).toEqual(untouched(status, version, creator));
    });

    describe('verify', () => {
      const verifyAs = (id: string, body: Record<string, unknown>): request.Test =>
        transition(id, callers.verifier, { action: 'verify', ...body });

      it('refuses while an evidence item is pending, even with another approved', async () => {
        const creator = callers.creatorMonitor;
        const { id, version } = await setUp(creator, 'in_verification', [
          { status: 'approved' },
          { status: 'pending' },
        ]);

        const response = await verifyAs(id, { version, confidence: 'likely' });

        expectError(response, 422, /pending/i);
        expect(await trail(id)).toEqual(untouched('in_verification', version, creator));
      });

      it.each<[string, { status: 'pending' | 'approved' | 'rejected' }[]]>([
        ['only rejected evidence', [{ status: 'rejected' }]],
        ['no evidence at all', []],
      ])('refuses with %s (no approved item)', async (_case, evidence) => {
        const creator = callers.creatorMonitor;
        const { id, version } = await setUp(creator, 'in_verification', evidence);

        const response = await verifyAs(id, { version, confidence: 'likely' });

        expectError(response, 422, /approved/i);
        expect(await trail(id)).toEqual(untouched('in_verification', version, creator));
      });

      it('refuses without a confidence', async () => {
        const creator = callers.creatorMonitor;
        const { id, version } = await setUp(creator, 'in_verification', [{ status: 'approved' }]);

        const response = await verifyAs(id, { version, note: 'Looks right' });

        expectError(response, 422, /confidence/i);
        expect(await trail(id)).toEqual(untouched('in_verification', version, creator));
      });

      it('refuses "confirmed" on one independence group, then verifies once a second is approved', async () => {
        const creator = callers.creatorMonitor;
        const { id, version } = await setUp(creator, 'in_verification', [
          { status: 'approved', group: 'wire-service' },
          { status: 'approved', group: 'wire-service' },
          // Rejected evidence from another group does not count towards independence.
          { status: 'rejected', group: 'satellite' },
        ]);

        const refused = await verifyAs(id, { version, confidence: 'confirmed' });

        expectError(refused, 422, /two independent sources/i);
        expect(await trail(id)).toEqual(untouched('in_verification', version, creator));

        await addEvidence(t, id, creator.user.id, [{ status: 'approved', group: 'shipping-data' }]);
        const accepted = await verifyAs(id, { version, confidence: 'confirmed' });

        expect(accepted.status).toBe(200);
        expect(accepted.body).toMatchObject({
          status: 'verified',
          version: version + 1,
          confidence: 'confirmed',
          verifiedAt: expect.stringMatching(ISO),
          counts: {
            sources: 4,
            evidence: 4,
            evidencePending: 0,
            evidenceApproved: 3,
            evidenceRejected: 1,
          },
        });
      });

      it('accepts "likely" and "possible" on a single independence group', async () => {
        for (const confidence of ['likely', 'possible']) {
          const { id, version } = await setUp(callers.creatorMonitor, 'in_verification', [
            { status: 'approved', group: 'only-one' },
          ]);

          const response = await verifyAs(id, { version, confidence });

          expect(response.status).toBe(200);
          expect(response.body).toMatchObject({ status: 'verified', confidence });
        }
      });
    });

    it('refuses to publish with an empty or blank publicSummary, then publishes once written', async () => {
      const creator = callers.creatorMonitor;
      const writer = callers.writer;
      const { id, version } = await setUp(creator, 'verified', [{ status: 'approved' }]);

      for (const text of ['', '   ']) {
        await t.dataSource.query('UPDATE incidents SET public_summary = $2 WHERE id = $1', [
          id,
          text,
        ]);
        const response = await transition(id, writer, { action: 'publish', version });
        expectError(response, 422, /publicSummary/);
        expect(await trail(id)).toEqual(untouched('verified', version, creator));
      }

      const written = await http()
        .patch(`/api/v1/incidents/${id}`)
        .set(writer.auth)
        .send({ publicSummary: 'Forty workers were sent abroad.', version });
      expect(written.status).toBe(200);
      const published = await transition(id, writer, { action: 'publish', version: version + 1 });

      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({
        status: 'published',
        version: version + 2,
        publicSummary: 'Forty workers were sent abroad.',
        publishedAt: expect.stringMatching(ISO),
      });
    });
  });

  describe('four eyes', () => {
    it.each<WorkflowAction>(['verify', 'reject'])(
      'refuses an admin who filed the incident to %s it (403), and changes nothing',
      async (action) => {
        const creator = callers.creatorAdmin;
        const { id, version } = await setUp(creator, 'in_verification', [{ status: 'approved' }]);

        const response = await transition(id, creator, {
          action,
          version,
          note: 'My own',
          confidence: 'likely',
        });

        expectError(response, 403, /creator|four eyes/i);
        expect(await trail(id)).toEqual(untouched('in_verification', version, creator));
      },
    );

    it('refuses a verifier who filed the incident (monitor and verifier) to verify or reject it', async () => {
      const both = await signIn(t, 'monitor', 'verifier');
      const { id, version } = await setUp(both, 'in_verification', [{ status: 'approved' }]);

      for (const action of ['verify', 'reject']) {
        const response = await transition(id, both, {
          action,
          version,
          note: 'My own',
          confidence: 'likely',
        });
        expectError(response, 403, /creator|four eyes/i);
      }
      expect(await trail(id)).toEqual(untouched('in_verification', version, both));

      const viewed = await http().get(`/api/v1/incidents/${id}`).set(both.auth);
      expect(viewed.status).toBe(200);
      expect((viewed.body as IncidentDto).allowedActions).toEqual(['request_changes']);
    });

    it('never lists verify or reject in allowedActions for the creator', async () => {
      const both = await signIn(t, 'monitor', 'verifier', 'admin');
      for (const creator of [callers.creatorAdmin, callers.creatorMonitor, both]) {
        for (const status of STATUSES) {
          const { id } = await setUp(creator, status);
          const response = await http().get(`/api/v1/incidents/${id}`).set(creator.auth);
          expect(response.status).toBe(200);
          const actions = (response.body as IncidentDto).allowedActions;
          expect(actions).not.toContain('verify');
          expect(actions).not.toContain('reject');
        }
      }
    });
  });

  describe('concurrency and stale versions', () => {
    it('lets exactly one of two verifiers verifying the same version at once succeed', async () => {
      for (let round = 0; round < 5; round += 1) {
        const creator = callers.creatorMonitor;
        const { id, version } = await setUp(creator, 'in_verification', [{ status: 'approved' }]);
        const body = { action: 'verify', version, confidence: 'likely', note: `Round ${round}` };

        const responses = await Promise.all([
          transition(id, callers.verifier, body),
          transition(id, otherVerifier, body),
        ]);

        const codes = responses.map((response) => response.status).sort();
        expect(codes).toEqual([200, 409]);
        const winner = responses.find((response) => response.status === 200)!;
        const loser = responses.find((response) => response.status === 409)!;
        expectError(loser, 409);
        expect(winner.body).toMatchObject({ status: 'verified', version: version + 1 });
        const winnerId = winner === responses[0] ? callers.verifier.user.id : otherVerifier.user.id;
        const after = await trail(id);
        expect(after.status).toBe('verified');
        expect(after.version).toBe(version + 1);
        expect(after.history.filter((entry) => entry.kind === 'transition')).toEqual([
          {
            kind: 'transition',
            actorId: winnerId,
            data: expect.objectContaining({ action: 'verify', from: 'in_verification' }),
          },
        ]);
        expect(after.audit).toEqual([{ actorId: winnerId, data: expect.any(Object) }]);
        expect(after.outbox).toHaveLength(1);
      }
    });

    it.each<[string, (version: number) => number]>([
      ['an older version', (version) => version - 1],
      ['a version from the future', (version) => version + 1],
    ])('answers 409 to %s and changes nothing', async (_case, stale) => {
      const creator = callers.creatorMonitor;
      const { id, version } = await setUp(creator, 'in_verification', [{ status: 'approved' }]);

      const response = await transition(id, callers.verifier, {
        action: 'verify',
        version: stale(version),
        confidence: 'likely',
      });

      expectError(response, 409);
      expect(await trail(id)).toEqual(untouched('in_verification', version, creator));
    });
  });

  describe('request edges', () => {
    let id: string;
    let version: number;
    beforeAll(async () => {
      ({ id, version } = await setUp(callers.creatorMonitor, 'intake', [{ status: 'approved' }]));
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an unknown action', { action: 'approve' }, ['action']],
      ['no action', { action: undefined }, ['action']],
      ['no version', { version: undefined }, ['version']],
      ['a version that is not an integer', { version: '1' }, ['version']],
      ['an unknown confidence', { confidence: 'certain' }, ['confidence']],
      ['an unknown field', { status: 'verified' }, ['status']],
    ])('answers 400 naming the field to %s, and changes nothing', async (_case, fields, names) => {
      const response = await transition(id, callers.creatorMonitor, {
        action: 'submit',
        version,
        ...fields,
      });

      const body = expectError(response, 400);
      expect((body.details as { field: string }[]).map((detail) => detail.field)).toEqual(names);
      expect(await trail(id)).toEqual(untouched('intake', version, callers.creatorMonitor));
    });

    it('answers 404 to an unknown incident, 400 to a malformed id and 401 without a token', async () => {
      expectError(
        await transition(UNKNOWN_ID, callers.admin, { action: 'submit', version: 1 }),
        404,
        'Incident not found',
      );
      expectError(
        await transition('not-a-uuid', callers.admin, { action: 'submit', version: 1 }),
        400,
        'id must be a UUID',
      );
      const anonymous = await http()
        .post(`/api/v1/incidents/${id}/transitions`)
        .send({ action: 'submit', version });
      expectError(anonymous, 401);
      expect(await trail(id)).toEqual(untouched('intake', version, callers.creatorMonitor));
    });
  });
});

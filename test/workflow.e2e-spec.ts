import request from 'supertest';
import { Role } from '../src/common/roles';
import { INCIDENT_STATUSES, WORKFLOW, WORKFLOW_ACTIONS } from '../src/workflow/workflow';
import { createTestApp, TestApp } from './helpers/app';
import { signIn } from './helpers/users';

/** What GET /api/v1/workflow must serve: the WORKFLOW constant, as plain JSON. */
const expectedTable = {
  statuses: [...INCIDENT_STATUSES],
  actions: [...WORKFLOW_ACTIONS],
  transitions: WORKFLOW.map((transition) => ({
    action: transition.action,
    from: [...transition.from],
    to: transition.to,
    roles: [...transition.roles],
    creator: transition.creator,
    notCreator: transition.notCreator,
    preconditions: [...transition.preconditions],
  })),
};

describe('GET /api/v1/workflow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves a monitor the exact transition table', async () => {
    const monitor = await signIn(t, 'monitor');
    const response = await request(t.app.getHttpServer()).get('/api/v1/workflow').set(monitor.auth);
    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual(expectedTable);
    expect((response.body as typeof expectedTable).transitions).toHaveLength(9);
  });

  it.each<Role>(['admin', 'verifier', 'writer'])(
    'serves a user with the %s role too',
    async (role) => {
      const caller = await signIn(t, role);
      const response = await request(t.app.getHttpServer())
        .get('/api/v1/workflow')
        .set(caller.auth);
      expect(response.status).toBe(200);
      expect(response.body).toStrictEqual(expectedTable);
    },
  );

  it('is 401 with the error body without a token', async () => {
    const response = await request(t.app.getHttpServer()).get('/api/v1/workflow');
    expect(response.status).toBe(401);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toEqual(expect.any(String));
    expect(requestId).not.toBe('');
    expect(response.body).toStrictEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'unauthenticated',
      message: expect.stringMatching(/token/i),
      requestId,
    });
  });
});

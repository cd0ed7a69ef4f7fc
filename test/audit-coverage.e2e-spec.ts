import { getQueueToken } from '@nestjs/bullmq';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { Response } from 'supertest';
import { DOMAIN_EVENT_JOB_OPTIONS, DomainEventJob, QUEUES } from '../src/queues/queues';
import { PasswordResets } from '../src/users/password-resets.service';
import { createTestApp, TestApp } from './helpers/app';
import { addEvidence, fileIncident, forceStatus, incidentBody } from './helpers/incidents';
import { Caller, createUser, PASSWORD, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

/** A list with no designations: the import job refuses it, after the request is audited. */
const EMPTY_LIST =
  '<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2024-09-26T00:00:00Z">' +
  '<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>';

const PNG = readFileSync(join(__dirname, '..', 'demo', 'files', 'musan-mine-placeholder.png'));

interface Prepared {
  actorId: string | null;
  test: request.Test;
}

interface Case {
  /** The route as the router declares it: `METHOD /path/:param`. */
  route: string;
  /** What the case does (one route may have several, e.g. success and refusal). */
  what: string;
  /**
   * Sets up what the request needs, and returns it unsent (supertest sends when awaited)
   * with the caller whose events count.
   */
  run: () => Promise<Prepared> | Prepared;
  status: number;
  /** The audit actions the request appends, exactly (spec 11). */
  audited: string[];
}

/** Every route that is not a plain read: what changes state, or reads what is audited. */
function auditableRoutes(t: TestApp): string[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const routes: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype));
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/${[base, path].filter((part) => part && part !== '/').join('/')}`;
      const route = `${method} ${full.replace(/\/+/g, '/').replace(/\/$/, '')}`;
      if (method !== 'GET' || /\/(content|download)$/.test(route) || route.endsWith('/sources'))
        routes.push(route);
    }
  }
  return [...new Set(routes)].sort();
}

describe('every mutation appends exactly its audit events (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  const http = () => request(t.app.getHttpServer());
  const idOf = (response: Response): string => (response.body as { id: string }).id;

  const submitted = async (): Promise<{ id: string; version: number }> => {
    const incident = await fileIncident(t, monitor);
    await addEvidence(t, incident.id, monitor.user.id, [{ status: 'pending' }]);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'submit', version: incident.version });
    return { id: incident.id, version: (response.body as { version: number }).version };
  };
  const completedExport = async (): Promise<string> => {
    const created = await http()
      .post('/api/v1/exports')
      .set(writer.auth)
      .send({ format: 'json', scope: 'public' });
    const id = idOf(created);
    await waitFor(
      'the export',
      async () =>
        (await http().get(`/api/v1/exports/${id}`).set(writer.auth)).body as { status: string },
      (body) => body.status === 'completed',
    );
    return id;
  };
  const uploadedEvidence = async (): Promise<string> => {
    const incident = await fileIncident(t, monitor);
    const added = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'image')
      .field('description', 'Photo')
      .attach('file', Buffer.concat([PNG, Buffer.from(randomUUID())]), {
        filename: 'p.png',
        contentType: 'image/png',
      });
    return idOf(added);
  };
  const ticketFrom = async (caller: Caller, path: string): Promise<string> => {
    const response = await http().post(path).set(caller.auth).send();
    expect(response.status).toBe(201);
    return (response.body as { ticket: string }).ticket;
  };
  /** What a browser's form sends: the ticket in a urlencoded body, no Authorization header. */
  const formPost = (path: string, ticket: string): request.Test =>
    http().post(path).type('form').send({ ticket });
  const failedJob = async (): Promise<string> => {
    const queue = t.app.get<Queue<DomainEventJob>>(getQueueToken(QUEUES.domainEvents));
    const eventId = randomUUID();
    await queue.add(
      'incident.created',
      { eventId },
      { ...DOMAIN_EVENT_JOB_OPTIONS, jobId: eventId },
    );
    await waitFor(
      'the job to fail',
      async () => (await queue.getJob(eventId))?.getState(),
      (state) => state === 'failed',
    );
    return eventId;
  };

  const as =
    (caller: Caller) =>
    (test: request.Test): Prepared => ({ actorId: caller.user.id, test });

  const cases = (): Case[] => [
    {
      route: 'POST /auth/login',
      what: 'signs in',
      run: async () => {
        const user = await createUser(t, ['monitor']);
        return {
          actorId: user.id,
          test: http().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }),
        };
      },
      status: 200,
      audited: ['auth.login_succeeded'],
    },
    {
      route: 'POST /auth/login',
      what: 'fails to sign in',
      run: () => ({
        actorId: null,
        test: http()
          .post('/api/v1/auth/login')
          .send({ email: `nobody-${randomUUID()}@example.org`, password: 'a wrong password' }),
      }),
      status: 401,
      audited: ['auth.login_failed'],
    },
    {
      route: 'POST /auth/refresh',
      what: 'refreshes',
      run: async () => {
        const caller = await signIn(t, 'writer');
        return as(caller)(
          http().post('/api/v1/auth/refresh').send({ refreshToken: caller.refreshToken }),
        );
      },
      status: 200,
      audited: ['auth.refreshed'],
    },
    {
      route: 'POST /auth/logout',
      what: 'signs out',
      run: async () => {
        const caller = await signIn(t, 'writer');
        return as(caller)(
          http()
            .post('/api/v1/auth/logout')
            .set(caller.auth)
            .send({ refreshToken: caller.refreshToken }),
        );
      },
      status: 204,
      audited: ['auth.logout'],
    },
    {
      route: 'POST /auth/password',
      what: 'changes the password',
      run: async () => {
        const caller = await signIn(t, 'writer');
        return as(caller)(
          http()
            .post('/api/v1/auth/password')
            .set(caller.auth)
            .send({ currentPassword: PASSWORD, newPassword: 'another long passphrase' }),
        );
      },
      status: 200,
      audited: ['auth.password_changed'],
    },
    {
      route: 'POST /auth/password',
      what: 'gives a wrong current password',
      run: async () => {
        const caller = await signIn(t, 'writer');
        return as(caller)(
          http()
            .post('/api/v1/auth/password')
            .set(caller.auth)
            .send({ currentPassword: 'not the password', newPassword: 'another long passphrase' }),
        );
      },
      status: 422,
      audited: ['auth.password_change_failed'],
    },
    {
      route: 'POST /auth/password/forgot',
      what: 'asks for a reset mail (no SMTP_URL here: no token is issued)',
      run: async () => {
        const user = await createUser(t, ['writer']);
        return {
          actorId: null,
          test: http().post('/api/v1/auth/password/forgot').send({ email: user.email }),
        };
      },
      status: 202,
      audited: [],
    },
    {
      route: 'POST /auth/password/reset',
      what: 'sets a password with a set-password token',
      run: async () => {
        const user = await createUser(t, ['writer']);
        const { link } = await t.app
          .get(PasswordResets)
          .issueLink(null, user.id, 'http://localhost');
        return {
          actorId: user.id,
          test: http()
            .post('/api/v1/auth/password/reset')
            .send({ token: link.split('#token=')[1], newPassword: 'another long passphrase' }),
        };
      },
      status: 204,
      audited: ['user.password_reset'],
    },
    {
      route: 'POST /auth/password/reset',
      what: 'presents an unknown token',
      run: () => ({
        actorId: null,
        test: http()
          .post('/api/v1/auth/password/reset')
          .send({ token: 'A'.repeat(43), newPassword: 'another long passphrase' }),
      }),
      status: 400,
      audited: [],
    },
    {
      route: 'POST /users/:id/password-reset',
      what: 'issues a set-password link',
      run: async () => {
        const user = await createUser(t, ['writer']);
        return as(admin)(
          http().post(`/api/v1/users/${user.id}/password-reset`).set(admin.auth).send(),
        );
      },
      status: 201,
      audited: ['user.password_reset_issued'],
    },
    {
      route: 'POST /users',
      what: 'creates a user',
      run: () =>
        as(admin)(
          http()
            .post('/api/v1/users')
            .set(admin.auth)
            .send({
              email: `new-${randomUUID()}@example.org`,
              displayName: 'New',
              password: PASSWORD,
              roles: ['writer'],
            }),
        ),
      status: 201,
      audited: ['user.created'],
    },
    {
      route: 'PATCH /users/:id',
      what: 'deactivates a user',
      run: async () => {
        const user = await createUser(t, ['writer']);
        return as(admin)(
          http()
            .patch(`/api/v1/users/${user.id}`)
            .set(admin.auth)
            .send({ active: false, version: 1 }),
        );
      },
      status: 200,
      audited: ['user.updated'],
    },
    ...(['regimes', 'categories', 'provisions'] as const).flatMap((kind): Case[] => {
      const [code, body] =
        kind === 'regimes'
          ? ['UN-AUDIT', { code: 'UN-AUDIT', name: 'Audit test regime', resolution: '2397 (2017)' }]
          : kind === 'categories'
            ? ['audit_test', { code: 'audit_test', name: 'Audit test category' }]
            : [
                'UNSCR-9999-OP1',
                {
                  code: 'UNSCR-9999-OP1',
                  regime: 'UN-1718',
                  resolution: '9999 (2099)',
                  paragraph: 'OP1',
                  summary: 'Audit test provision',
                },
              ];
      return [
        {
          route: `POST /reference/${kind}`,
          what: `adds one of the ${kind}`,
          run: () => as(admin)(http().post(`/api/v1/reference/${kind}`).set(admin.auth).send(body)),
          status: 201,
          audited: ['reference.created'],
        },
        {
          route: `PATCH /reference/${kind}/:code`,
          what: `deactivates one of the ${kind}`,
          run: () =>
            as(admin)(
              http()
                .patch(`/api/v1/reference/${kind}/${code}`)
                .set(admin.auth)
                .send({ active: false, version: 1 }),
            ),
          status: 200,
          audited: ['reference.updated'],
        },
      ];
    }),
    {
      route: 'POST /incidents',
      what: 'files an incident',
      run: () =>
        as(monitor)(http().post('/api/v1/incidents').set(monitor.auth).send(incidentBody())),
      status: 201,
      audited: ['incident.created'],
    },
    {
      route: 'PATCH /incidents/:id',
      what: 'edits an incident',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        return as(monitor)(
          http()
            .patch(`/api/v1/incidents/${incident.id}`)
            .set(monitor.auth)
            .send({ title: 'Edited title', version: 1 }),
        );
      },
      status: 200,
      audited: ['incident.updated'],
    },
    {
      route: 'POST /incidents/:id/transitions',
      what: 'submits an incident',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        await addEvidence(t, incident.id, monitor.user.id, [{ status: 'pending' }]);
        return as(monitor)(
          http()
            .post(`/api/v1/incidents/${incident.id}/transitions`)
            .set(monitor.auth)
            .send({ action: 'submit', version: 1 }),
        );
      },
      status: 200,
      audited: ['incident.transition'],
    },
    {
      route: 'POST /incidents/:id/assign',
      what: 'assigns a verifier',
      run: async () => {
        const incident = await submitted();
        return as(verifier)(
          http()
            .post(`/api/v1/incidents/${incident.id}/assign`)
            .set(verifier.auth)
            .send({ assigneeId: verifier.user.id, version: incident.version }),
        );
      },
      status: 200,
      audited: ['incident.assigned'],
    },
    {
      route: 'POST /incidents/:id/actors/:actorId/matches',
      what: 'decides on a screening candidate',
      run: async () => {
        const incident = await submitted();
        await t.dataSource.query(
          `INSERT INTO sanctions_designations (reference, kind, list_type, name, search_names,
             record, content_hash, first_version_id, changed_version_id)
           VALUES ('KPe.901', 'entity', 'DPRK', 'AUDITED TRADING CORPORATION', 'x', '{}',
             repeat('a', 64), gen_random_uuid(), gen_random_uuid()) ON CONFLICT DO NOTHING`,
        );
        const [actor] = (
          (await http().get(`/api/v1/incidents/${incident.id}`).set(verifier.auth)).body as {
            actors: { id: string }[];
          }
        ).actors;
        return as(verifier)(
          http()
            .post(`/api/v1/incidents/${incident.id}/actors/${actor.id}/matches`)
            .set(verifier.auth)
            .send({
              designationRef: 'UN:KPe.901',
              decision: 'dismissed',
              note: 'Another organisation',
              version: incident.version,
            }),
        );
      },
      status: 201,
      audited: ['incident.screening_decided'],
    },
    {
      route: 'POST /sanctions/screen',
      what: 'screens names for a form (nothing saved, nothing audited)',
      run: () =>
        as(monitor)(
          http()
            .post('/api/v1/sanctions/screen')
            .set(monitor.auth)
            .send({ actors: [{ name: 'Musan Mine', type: 'organization' }] }),
        ),
      status: 200,
      audited: [],
    },
    {
      route: 'POST /incidents/:id/sources',
      what: 'adds a source',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        return as(monitor)(
          http().post(`/api/v1/incidents/${incident.id}/sources`).set(monitor.auth).send({
            kind: 'media',
            name: 'NK News',
            reliability: 'B',
            credibility: 2,
            confidential: false,
          }),
        );
      },
      status: 201,
      audited: ['source.created'],
    },
    {
      route: 'GET /incidents/:id/sources',
      what: 'lists sources, confidential ones redacted (nothing read, nothing to audit)',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        await http().post(`/api/v1/incidents/${incident.id}/sources`).set(monitor.auth).send({
          kind: 'informant',
          name: 'P',
          reliability: 'C',
          credibility: 3,
          confidential: true,
        });
        return as(verifier)(
          http().get(`/api/v1/incidents/${incident.id}/sources`).set(verifier.auth),
        );
      },
      status: 200,
      audited: [],
    },
    {
      route: 'POST /sources/:id/reveal',
      what: 'reveals a confidential source (a verifier)',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        const source = await http()
          .post(`/api/v1/incidents/${incident.id}/sources`)
          .set(monitor.auth)
          .send({
            kind: 'informant',
            name: 'P',
            reliability: 'C',
            credibility: 3,
            confidential: true,
          });
        return as(verifier)(
          http()
            .post(`/api/v1/sources/${idOf(source)}/reveal`)
            .set(verifier.auth),
        );
      },
      status: 200,
      audited: ['source.revealed'],
    },
    {
      route: 'PATCH /sources/:id',
      what: 'regrades an open source',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        const source = await http()
          .post(`/api/v1/incidents/${incident.id}/sources`)
          .set(monitor.auth)
          .send({
            kind: 'media',
            name: 'NK News',
            reliability: 'B',
            credibility: 2,
            confidential: false,
          });
        return as(monitor)(
          http()
            .patch(`/api/v1/sources/${idOf(source)}`)
            .set(monitor.auth)
            .send({ credibility: 1, version: 1 }),
        );
      },
      status: 200,
      audited: ['source.updated'],
    },
    {
      route: 'POST /incidents/:id/comments',
      what: 'comments on an incident, naming a user',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        return as(writer)(
          http()
            .post(`/api/v1/incidents/${incident.id}/comments`)
            .set(writer.auth)
            .send({ body: 'Which report gives the date?', mentions: [verifier.user.id] }),
        );
      },
      status: 201,
      audited: ['comment.created'],
    },
    {
      route: 'DELETE /comments/:id',
      what: 'deletes one’s own comment',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        const created = await http()
          .post(`/api/v1/incidents/${incident.id}/comments`)
          .set(writer.auth)
          .send({ body: 'Posted on the wrong incident' });
        return as(writer)(
          http()
            .delete(`/api/v1/comments/${idOf(created)}`)
            .set(writer.auth),
        );
      },
      status: 200,
      audited: ['comment.deleted'],
    },
    {
      route: 'DELETE /comments/:id',
      what: 'is refused another user’s comment',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        const created = await http()
          .post(`/api/v1/incidents/${incident.id}/comments`)
          .set(writer.auth)
          .send({ body: 'Not the admin’s to delete' });
        return as(admin)(
          http()
            .delete(`/api/v1/comments/${idOf(created)}`)
            .set(admin.auth),
        );
      },
      status: 403,
      audited: [],
    },
    {
      route: 'POST /incidents/:id/evidence',
      what: 'uploads a file',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        return as(monitor)(
          http()
            .post(`/api/v1/incidents/${incident.id}/evidence`)
            .set(monitor.auth)
            .field('kind', 'image')
            .field('description', 'Photo')
            .attach('file', Buffer.concat([PNG, Buffer.from(randomUUID())]), {
              filename: 'p.png',
              contentType: 'image/png',
            }),
        );
      },
      status: 201,
      audited: ['evidence.created'],
    },
    {
      route: 'GET /evidence/:id/content',
      what: 'downloads a file',
      run: async () => {
        const id = await uploadedEvidence();
        return as(verifier)(http().get(`/api/v1/evidence/${id}/content`).set(verifier.auth));
      },
      status: 200,
      audited: ['evidence.downloaded'],
    },
    {
      route: 'POST /evidence/:id/download-ticket',
      what: 'hands out a ticket: nothing is read yet',
      run: async () => {
        const id = await uploadedEvidence();
        return as(verifier)(
          http().post(`/api/v1/evidence/${id}/download-ticket`).set(verifier.auth).send(),
        );
      },
      status: 201,
      audited: [],
    },
    {
      route: 'POST /evidence/:id/content',
      what: "downloads a file by ticket, in the ticket holder's name",
      run: async () => {
        const id = await uploadedEvidence();
        const ticket = await ticketFrom(verifier, `/api/v1/evidence/${id}/download-ticket`);
        return as(verifier)(formPost(`/api/v1/evidence/${id}/content`, ticket));
      },
      status: 200,
      audited: ['evidence.downloaded'],
    },
    {
      route: 'POST /evidence/:id/review',
      what: 'reviews evidence',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        const added = await http()
          .post(`/api/v1/incidents/${incident.id}/evidence`)
          .set(monitor.auth)
          .send({ kind: 'testimony', description: 'Account', text: 'What was seen' });
        await forceStatus(t, incident.id, 'in_verification');
        return as(verifier)(
          http()
            .post(`/api/v1/evidence/${idOf(added)}/review`)
            .set(verifier.auth)
            .send({ decision: 'approved', note: 'Consistent', version: 1 }),
        );
      },
      status: 200,
      audited: ['evidence.reviewed'],
    },
    {
      route: 'POST /evidence/:id/withdraw',
      what: 'withdraws a pending evidence item',
      run: async () => {
        const incident = await fileIncident(t, monitor);
        const added = await http()
          .post(`/api/v1/incidents/${incident.id}/evidence`)
          .set(monitor.auth)
          .send({ kind: 'testimony', description: 'Account', text: 'Added twice' });
        return as(monitor)(
          http()
            .post(`/api/v1/evidence/${idOf(added)}/withdraw`)
            .set(monitor.auth)
            .send({ note: 'Added twice by mistake', version: 1 }),
        );
      },
      status: 200,
      audited: ['evidence.withdrawn'],
    },
    {
      route: 'POST /exports',
      what: 'asks for an export',
      run: () =>
        as(writer)(
          http().post('/api/v1/exports').set(writer.auth).send({ format: 'csv', scope: 'public' }),
        ),
      status: 202,
      audited: ['export.created'],
    },
    {
      route: 'GET /exports/:id/download',
      what: 'downloads an export',
      run: async () =>
        as(writer)(
          http()
            .get(`/api/v1/exports/${await completedExport()}/download`)
            .set(writer.auth),
        ),
      status: 200,
      audited: ['export.downloaded'],
    },
    {
      route: 'POST /exports/:id/download-ticket',
      what: 'hands out a ticket: nothing is read yet',
      run: async () => {
        const id = await completedExport();
        return as(writer)(
          http().post(`/api/v1/exports/${id}/download-ticket`).set(writer.auth).send(),
        );
      },
      status: 201,
      audited: [],
    },
    {
      route: 'POST /exports/:id/download',
      what: "downloads an export by ticket, in the ticket holder's name",
      run: async () => {
        const id = await completedExport();
        const ticket = await ticketFrom(writer, `/api/v1/exports/${id}/download-ticket`);
        return as(writer)(formPost(`/api/v1/exports/${id}/download`, ticket));
      },
      status: 200,
      audited: ['export.downloaded'],
    },
    {
      route: 'POST /webhooks',
      what: 'adds a webhook',
      run: () =>
        as(admin)(
          http()
            .post('/api/v1/webhooks')
            .set(admin.auth)
            .send({
              url: 'http://127.0.0.1:9/hook',
              events: ['incident.assigned'],
              secret: 'a webhook signing secret',
            }),
        ),
      status: 201,
      audited: ['webhook.created'],
    },
    {
      route: 'DELETE /webhooks/:id',
      what: 'removes a webhook',
      run: async () => {
        const created = await http()
          .post('/api/v1/webhooks')
          .set(admin.auth)
          .send({
            url: 'http://127.0.0.1:9/hook',
            events: ['incident.assigned'],
            secret: 'a webhook signing secret',
          });
        return as(admin)(
          http()
            .delete(`/api/v1/webhooks/${idOf(created)}`)
            .set(admin.auth),
        );
      },
      status: 204,
      audited: ['webhook.deleted'],
    },
    {
      route: 'POST /admin/queues/:name/jobs/:jobId/retry',
      what: 'retries a failed job',
      run: async () =>
        as(admin)(
          http()
            .post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/${await failedJob()}/retry`)
            .set(admin.auth),
        ),
      status: 200,
      audited: ['queue.job_retried'],
    },
    {
      route: 'POST /sanctions/imports',
      what: 'uploads a sanctions list (the job audits the import itself, as no user)',
      run: () =>
        as(admin)(
          http()
            .post('/api/v1/sanctions/imports')
            .set(admin.auth)
            .attach('file', Buffer.from(EMPTY_LIST), {
              filename: 'consolidated.xml',
              contentType: 'application/xml',
            }),
        ),
      status: 202,
      audited: ['sanctions.import_requested'],
    },
    {
      route: 'POST /notifications/read-all',
      what: 'marks one’s own notifications read (not audited, spec 11)',
      run: () => as(monitor)(http().post('/api/v1/notifications/read-all').set(monitor.auth)),
      status: 200,
      audited: [],
    },
    {
      route: 'POST /notifications/:id/read',
      what: 'marks one’s own notification read (not audited, spec 11)',
      run: async () => {
        const [row] = await t.dataSource.query<{ id: string }[]>(
          `INSERT INTO notifications (user_id, type, title, body) VALUES ($1, 'digest', 'Digest', 'Nothing') RETURNING id`,
          [monitor.user.id],
        );
        return as(monitor)(http().post(`/api/v1/notifications/${row.id}/read`).set(monitor.auth));
      },
      status: 200,
      audited: [],
    },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    [admin, monitor, verifier, writer] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the table covers every route that changes state or reads audited data', () => {
    const covered = new Set(cases().map((entry) => entry.route));
    expect(auditableRoutes(t).filter((route) => !covered.has(route))).toEqual([]);
  });

  it.each(cases().map((entry) => [`${entry.route}: ${entry.what}`, entry] as const))(
    '%s',
    async (_name, entry) => {
      const { actorId, test } = await entry.run();
      const [{ head }] = await t.dataSource.query<{ head: string | null }[]>(
        'SELECT max(seq)::text AS head FROM audit_events',
      );
      const response = await test;
      expect({
        status: response.status,
        body: response.status >= 400 ? response.body : 'ok',
      }).toEqual({
        status: entry.status,
        body: response.status >= 400 ? expect.objectContaining({ statusCode: entry.status }) : 'ok',
      });
      // Events of this request: linked at its commit, so present when the answer arrives.
      const events = await t.dataSource.query<{ action: string; actor_id: string | null }[]>(
        `SELECT action, actor_id FROM audit_events WHERE seq > $1 ORDER BY seq`,
        [head ?? '0'],
      );
      const own = events.filter((event) => event.actor_id === actorId);
      expect(own.map((event) => event.action)).toEqual(entry.audited);
    },
  );
});

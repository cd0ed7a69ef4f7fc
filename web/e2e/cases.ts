import type { APIRequestContext } from '@playwright/test';
import { Api, expect, Person } from './fixtures';

/** A 1×1 PNG and a minimal PDF: what the service sniffs as an image and a document. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** How many unread notifications the bearer of `headers` has (hand-offs arrive by a job). */
export async function unreadCount(http: APIRequestContext, headers: Record<string, string>) {
  const count = await http.get('/api/v1/notifications/unread-count', { headers });
  return ((await count.json()) as { unread: number }).unread;
}

export async function bearer(http: APIRequestContext, person: Person) {
  const response = await http.post('/api/v1/auth/login', {
    data: { email: person.email, password: person.password },
  });
  return {
    authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`,
  };
}

/** An incident with a media source (image and PDF) and a confidential informant (testimony), submitted. */
export async function caseForVerification(
  api: Api,
  monitor: Person,
  overrides: Record<string, unknown> = {},
) {
  const as = await bearer(api.http, monitor);
  const filed = await api.incident(monitor, overrides);
  const source = async (data: Record<string, unknown>) => {
    const response = await api.http.post(`/api/v1/incidents/${filed.id}/sources`, {
      headers: as,
      data,
    });
    expect(response.status()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const media = await source({
    kind: 'media',
    name: 'Daily NK',
    reliability: 'B',
    credibility: 2,
    confidential: false,
  });
  const informant = await source({
    kind: 'informant',
    name: 'Worker at the Musan mine',
    reliability: 'C',
    credibility: 3,
    confidential: true,
    contact: 'via the Yanji contact',
  });
  const upload = async (
    name: string,
    mimeType: string,
    buffer: Buffer,
    kind: string,
    description: string,
  ) => {
    const response = await api.http.post(`/api/v1/incidents/${filed.id}/evidence`, {
      headers: as,
      multipart: { file: { name, mimeType, buffer }, kind, description, sourceId: media },
    });
    expect(response.status()).toBe(201);
  };
  await upload('bus.png', 'image/png', PNG, 'image', 'Photo of the bus at Rason');
  await upload('contract.pdf', 'application/pdf', PDF, 'document', 'Labour contract');
  const testimony = await api.http.post(`/api/v1/incidents/${filed.id}/evidence`, {
    headers: as,
    data: {
      kind: 'testimony',
      description: 'Account of a worker who left in January',
      text: 'About a hundred of us boarded buses to Rason on 12 January.',
      sourceId: informant,
    },
  });
  expect(testimony.status()).toBe(201);
  const current = (await (
    await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: as })
  ).json()) as {
    version: number;
  };
  const submitted = await api.http.post(`/api/v1/incidents/${filed.id}/transitions`, {
    headers: as,
    data: { action: 'submit', version: current.version },
  });
  expect(((await submitted.json()) as { status: string }).status).toBe('in_verification');
  return filed;
}

/** The case above, its evidence approved by `verifier` and verified as "likely". */
export async function verifiedCase(
  api: Api,
  monitor: Person,
  verifier: Person,
  overrides: Record<string, unknown> = {},
) {
  const filed = await caseForVerification(api, monitor, overrides);
  await approveAll(api, filed.id, verifier);
  const as = await bearer(api.http, verifier);
  const current = (await (
    await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: as })
  ).json()) as { version: number };
  const verified = await api.http.post(`/api/v1/incidents/${filed.id}/transitions`, {
    headers: as,
    data: { action: 'verify', confidence: 'likely', version: current.version },
  });
  expect(((await verified.json()) as { status: string }).status).toBe('verified');
  return filed;
}

/** The verified case above, given its public text (a summary unless told) and published by `writer`. */
export async function publishedCase(
  api: Api,
  people: { monitor: Person; verifier: Person; writer: Person },
  overrides: Record<string, unknown> = {},
  text: { publicTitle?: string; publicSummary: string } = {
    publicSummary: 'About 100 North Korean workers were sent to Russia in January 2025.',
  },
) {
  const filed = await verifiedCase(api, people.monitor, people.verifier, overrides);
  const as = await bearer(api.http, people.writer);
  const version = async () =>
    (
      (await (await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: as })).json()) as {
        version: number;
      }
    ).version;
  const written = await api.http.patch(`/api/v1/incidents/${filed.id}`, {
    headers: as,
    data: { ...text, version: await version() },
  });
  expect(written.status()).toBe(200);
  const published = await api.http.post(`/api/v1/incidents/${filed.id}/transitions`, {
    headers: as,
    data: { action: 'publish', version: await version() },
  });
  expect(((await published.json()) as { status: string }).status).toBe('published');
  return filed;
}

/** Approves every evidence item of an incident as `verifier`, through the API. */
export async function approveAll(api: Api, incidentId: string, verifier: Person) {
  const as = await bearer(api.http, verifier);
  const items = (await (
    await api.http.get(`/api/v1/incidents/${incidentId}/evidence`, { headers: as })
  ).json()) as { items: { id: string; version: number; description: string }[] };
  for (const item of items.items) {
    const reviewed = await api.http.post(`/api/v1/evidence/${item.id}/review`, {
      headers: as,
      data: { decision: 'approved', note: 'Checked.', version: item.version },
    });
    expect(reviewed.status()).toBe(200);
  }
}

/** How many audit events of `action` about `entityId` there are (as the admin). */
export async function auditCount(api: Api, action: string, entityId: string): Promise<number> {
  const response = await api.http.get(
    `/api/v1/audit?action=${action}&entityId=${entityId}&limit=100`,
    { headers: api.headers() },
  );
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items.length;
}

import { bearer, unreadCount } from './cases';
import { expect, expectAccessible, signIn, test } from './fixtures';

test('a draft sent back shows under "Returned to me" with the verifier’s name and note', async ({
  page,
  api,
}) => {
  const monitor = await api.user(['monitor'], 'Mira Monitor');
  const verifier = await api.user(['verifier'], 'Vera Verifier');
  const asMonitor = await bearer(api.http, monitor);
  const asVerifier = await bearer(api.http, verifier);
  const version = async (id: string) =>
    (
      (await (await api.http.get(`/api/v1/incidents/${id}`, { headers: asMonitor })).json()) as {
        version: number;
      }
    ).version;

  const returned = await api.incident(monitor, { title: 'Workers at a Vladivostok site' });
  const draft = await api.incident(monitor, { title: 'A draft never submitted' });
  const source = await api.http.post(`/api/v1/incidents/${returned.id}/sources`, {
    headers: asMonitor,
    data: {
      kind: 'media',
      name: 'Daily NK',
      reliability: 'B',
      credibility: 2,
      confidential: false,
    },
  });
  expect(source.status()).toBe(201);
  const submitted = await api.http.post(`/api/v1/incidents/${returned.id}/transitions`, {
    headers: asMonitor,
    data: { action: 'submit', version: await version(returned.id) },
  });
  expect(((await submitted.json()) as { status: string }).status).toBe('in_verification');
  const assigned = await api.http.post(`/api/v1/incidents/${returned.id}/assign`, {
    headers: asVerifier,
    data: { assigneeId: verifier.id, version: await version(returned.id) },
  });
  expect(((await assigned.json()) as { assigneeId: string }).assigneeId).toBe(verifier.id);
  const back = await api.http.post(`/api/v1/incidents/${returned.id}/transitions`, {
    headers: asVerifier,
    data: {
      action: 'request_changes',
      note: 'Add the date the second witness saw the bus.',
      version: await version(returned.id),
    },
  });
  expect(((await back.json()) as { status: string }).status).toBe('intake');

  await expect.poll(() => unreadCount(api.http, asMonitor)).toBe(1);

  await signIn(page, monitor);
  const returnedSection = page.getByRole('region', { name: 'Returned to me' });
  await expect(returnedSection.getByRole('link', { name: returned.reference })).toBeVisible();
  await expect(returnedSection).toContainText(
    'Vera Verifier asked for changes: Add the date the second witness saw the bus.',
  );
  await expect(returnedSection.getByRole('link', { name: draft.reference })).toHaveCount(0);
  const drafts = page.getByRole('region', { name: 'My drafts' });
  await expect(drafts.getByRole('link', { name: draft.reference })).toBeVisible();
  await expect(drafts.getByRole('link', { name: returned.reference })).toHaveCount(0);

  // The hand-off waits among the unread notifications, with the way to all of them.
  const unread = page.getByRole('region', { name: 'Unread notifications' });
  await expect(unread).toContainText(`${returned.reference}: changes requested`);
  await expectAccessible(page);
  await unread.getByRole('link', { name: 'All notifications' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
});

import { bearer, unreadCount } from './cases';
import { expect, expectAccessible, signIn, test } from './fixtures';

test('the badge counts the hand-offs waiting for a verifier and for nobody else', async ({
  page,
  api,
}) => {
  const monitor = await api.user(['monitor'], 'Mira Monitor');
  const verifier = await api.user(['verifier'], 'Vera Verifier');
  const asMonitor = await bearer(api.http, monitor);
  const asVerifier = await bearer(api.http, verifier);

  // Two incidents submitted: the verifier is told of each (SPEC 9's hand-off).
  for (const title of ['Musan mine workers sent to Russia', 'Workers at a Vladivostok site']) {
    const filed = await api.incident(monitor, { title });
    const source = await api.http.post(`/api/v1/incidents/${filed.id}/sources`, {
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
    const current = await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: asMonitor });
    const { version } = (await current.json()) as { version: number };
    const submitted = await api.http.post(`/api/v1/incidents/${filed.id}/transitions`, {
      headers: asMonitor,
      data: { action: 'submit', version },
    });
    expect(((await submitted.json()) as { status: string }).status).toBe('in_verification');
  }
  await expect.poll(() => unreadCount(api.http, asVerifier)).toBe(2);

  await signIn(page, verifier);
  const badge = page.getByRole('link', { name: 'Notifications 2 unread notifications' });
  await expect(badge).toBeVisible();
  await badge.click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  // One group per incident, each headed by its reference, with the hand-off in words.
  const groups = page.getByRole('region');
  await expect(groups).toHaveCount(2);
  await expect(groups.first()).toContainText('Hand-off');
  await expect(groups.first()).toContainText('Mira Monitor');
  await expectAccessible(page);

  // Marking one read takes it out of the unread view and the badge follows.
  await groups.first().getByRole('button', { name: 'Mark as read' }).click();
  await expect(
    page.getByRole('link', { name: 'Notifications 1 unread notification' }),
  ).toBeVisible();
  await expect(groups).toHaveCount(1);

  // All of them, read ones included, are one click away, and the view is in the URL.
  await page.getByText('All', { exact: true }).click();
  await expect(page).toHaveURL(/show=all/);
  await expect(groups).toHaveCount(2);

  // The incident's reference is a deep link; following it marks its notifications read.
  const reference = (await groups.last().getByRole('heading').textContent()) ?? '';
  await groups
    .last()
    .getByRole('link', { name: `Open ${reference}` })
    .click();
  await expect(page).toHaveURL(/\/app\/incidents\/[0-9a-f-]{36}$/);
  await expect(page.getByText(reference, { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();

  await page.goto('/app/notifications');
  await expect(
    page.getByText('Nothing unread. New hand-offs, reminders and mentions appear here.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mark all as read' })).toBeDisabled();
  await expectAccessible(page);

  // The monitor who acted is told nothing: no badge at all.
  await page.getByRole('button', { name: 'Account menu for Vera Verifier' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signIn(page, monitor);
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /unread notification/ })).toHaveCount(0);
});

test('marks every notification read at once and says how many', async ({ page, api }) => {
  const writer = await api.user(['writer'], 'Wen Writer');
  const monitor = await api.user(['monitor'], 'Mira Monitor');
  // A comment mentioning the writer, three times: three mentions waiting.
  const filed = await api.incident(monitor);
  const asMonitor = await bearer(api.http, monitor);
  for (const n of [1, 2, 3]) {
    const comment = await api.http.post(`/api/v1/incidents/${filed.id}/comments`, {
      headers: asMonitor,
      data: { body: `Wen, look at point ${n}.`, mentions: [writer.id] },
    });
    expect(comment.status()).toBe(201);
  }
  const asWriter = await bearer(api.http, writer);
  await expect.poll(() => unreadCount(api.http, asWriter)).toBe(3);
  await signIn(page, writer);
  await page.getByRole('link', { name: /Notifications/ }).click();
  await expect(page.getByText('Mention', { exact: true })).toHaveCount(3);
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByRole('status')).toHaveText('3 notifications marked as read.');
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
});

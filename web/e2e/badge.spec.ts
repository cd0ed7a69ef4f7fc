import { expect, signIn, test } from './fixtures';

test('the badge counts the hand-offs waiting for a verifier and for nobody else', async ({
  page,
  api,
}) => {
  const monitor = await api.user(['monitor'], 'Mira Monitor');
  const verifier = await api.user(['verifier'], 'Vera Verifier');
  const login = async (person: { email: string; password: string }) => {
    const response = await api.http.post('/api/v1/auth/login', {
      data: { email: person.email, password: person.password },
    });
    const { accessToken } = (await response.json()) as { accessToken: string };
    return { authorization: `Bearer ${accessToken}` };
  };
  const asMonitor = await login(monitor);
  const asVerifier = await login(verifier);

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
  await expect
    .poll(async () => {
      const count = await api.http.get('/api/v1/notifications/unread-count', {
        headers: asVerifier,
      });
      return ((await count.json()) as { unread: number }).unread;
    })
    .toBe(2);

  await signIn(page, verifier);
  await expect(page.getByRole('link', { name: 'My work 2 unread notifications' })).toBeVisible();

  // The monitor who acted is told nothing: no badge at all.
  await page.getByRole('button', { name: 'Account menu for Vera Verifier' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signIn(page, monitor);
  await expect(page.getByRole('link', { name: 'My work', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /unread notification/ })).toHaveCount(0);
});

import { expect, expectAccessible, signIn, test } from './fixtures';
import { LOGIN_FAILURES } from './global-setup';

test.describe('signing in and out', () => {
  test('one message for any wrong credential, then in, with the token in memory only', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    await page.goto('/app/');
    await expect(page).toHaveURL(/\/app\/sign-in/);
    await expect(page.getByRole('heading', { name: 'Sanctions Tracker' })).toBeVisible();
    await expectAccessible(page);

    const email = page.getByLabel('E-mail address');
    const password = page.locator('input[autocomplete="current-password"]');
    const submit = page.getByRole('button', { name: 'Sign in' });
    await email.fill('nobody@example.org');
    await password.fill('a wrong password');
    await submit.click();
    await expect(page.getByRole('alert')).toHaveText(
      'The e-mail address or the password is not right.',
    );
    await email.fill(monitor.email);
    await password.fill('another wrong password');
    await submit.click();
    // The same words for a known address with a wrong password: nothing to tell them apart.
    await expect(page.getByRole('alert')).toHaveText(
      'The e-mail address or the password is not right.',
    );
    await expectAccessible(page);

    await password.fill(monitor.password);
    await submit.click();
    await expect(page.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Account menu for Mira Monitor' })).toBeVisible();

    // The access token lives in memory: nothing of the session in the browser's storage, and
    // the refresh cookie is out of reach of scripts.
    const stored = await page.evaluate(() => ({
      local: Object.keys(localStorage).filter((key) => key !== 'st-language'),
      session: Object.keys(sessionStorage),
      cookie: document.cookie,
    }));
    expect(stored).toEqual({ local: [], session: [], cookie: '' });
    const cookies = await page.context().cookies();
    expect(
      cookies.map(({ name, httpOnly, secure, sameSite }) => ({ name, httpOnly, secure, sameSite })),
    ).toEqual([{ name: '__Host-st_rt', httpOnly: true, secure: true, sameSite: 'Strict' }]);

    // A reload keeps the session through the refresh cookie, not through storage.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Account menu for Mira Monitor' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/app\/sign-in/);
    expect(await page.context().cookies()).toEqual([]);
    // The pages behind sign-in are gone with the session.
    await page.goto('/app/incidents');
    await expect(page).toHaveURL(/\/app\/sign-in\?redirect=/);
  });

  test('two tabs refreshing at the same moment both stay signed in (one refresh at a time)', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    await signIn(page, monitor);
    // A second tab of the same browser shares the refresh cookie, never the access token.
    const second = await page.context().newPage();
    await second.goto('/app/incidents');
    await expect(second.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();

    // Each reload starts with a refresh; the rotating cookie would be spent twice if both tabs
    // sent it at once, and the server would end the session as a stolen token. Web Locks
    // serialise them, so every round leaves both tabs in.
    for (let round = 0; round < 3; round += 1) {
      await Promise.all([page.reload(), second.reload()]);
      await expect(page.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();
      await expect(second.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();
    }
    // The cookie left after the rounds is still a live one: a third tab opens signed in.
    const third = await page.context().newPage();
    await third.goto('/app/');
    await expect(third.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();
    await third.close();
    await second.close();
  });

  test('counts down while sign-in is locked after too many failures', async ({ page, api }) => {
    const person = await api.user(['verifier']);
    await page.goto('/app/sign-in');
    const password = page.locator('input[autocomplete="current-password"]');
    await page.getByLabel('E-mail address').fill(person.email);
    for (let attempt = 0; attempt < LOGIN_FAILURES; attempt += 1) {
      await password.fill(`wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toHaveText(
        'The e-mail address or the password is not right.',
      );
    }
    await password.fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    const first = Number(/(\d+)/.exec((await alert.textContent()) ?? '')?.[1]);
    // The countdown moves without another request.
    await expect
      .poll(async () => Number(/(\d+)/.exec((await alert.textContent()) ?? '')?.[1]))
      .toBeLessThan(first);
    await expectAccessible(page);
  });

  test('speaks Korean and Russian from the first screen', async ({ page, api }) => {
    const writer = await api.user(['writer'], 'Writer Kim');
    await page.goto('/app/sign-in');
    await page.getByLabel('Language').selectOption('ko');
    await expect(page.getByRole('button', { name: '로그인' })).toBeVisible();
    await expect(page.getByLabel('이메일 주소')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expectAccessible(page);

    await page.getByLabel('언어').selectOption('ru');
    await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
    await signIn(page, writer);
    await expect(page.getByRole('heading', { name: 'Мои задачи', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Ждут публикации' })).toBeVisible();
    // The choice of language survives a reload (it is not session data).
    await page.reload();
    await expect(page.getByRole('link', { name: 'Инциденты' })).toBeVisible();
  });
});

import { expect, expectAccessible, signIn, test } from './fixtures';

test.describe('passwords forgotten and reset', () => {
  test('an admin’s link sets a new password once, and leaves no token in the address bar', async ({
    page,
    api,
  }) => {
    const person = await api.user(['monitor'], 'Min-ji Monitor');
    const issued = await api.http.post(`/api/v1/users/${person.id}/password-reset`, {
      headers: api.headers(),
    });
    expect(issued.status()).toBe(201);
    const { link } = (await issued.json()) as { link: string };
    expect(link).toMatch(/\/app\/set-password#token=/);
    const path = new URL(link).pathname + new URL(link).hash;

    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
    // The token is read once and taken out of the URL (history, screenshots, shoulder surfing).
    await expect(page).toHaveURL(/\/app\/set-password$/);
    await expectAccessible(page);

    const fresh = 'a brand new password for Min-ji';
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill('too short');
    await page
      .getByRole('textbox', { name: 'Repeat the new password', exact: true })
      .fill('too short');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await expect(page.getByText('At least 12 characters.', { exact: true })).toBeVisible();
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(fresh);
    await page
      .getByRole('textbox', { name: 'Repeat the new password', exact: true })
      .fill(`${fresh}!`);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await expect(page.getByText('The two passwords differ.')).toBeVisible();
    await page.getByRole('textbox', { name: 'Repeat the new password', exact: true }).fill(fresh);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await expect(page.getByRole('status')).toHaveText('Your password is set. Sign in with it.');

    // The same link a second time (opened afresh, as from the mail): refused, in words, with
    // the way forward.
    await page.goto('/app/sign-in');
    await page.goto(path);
    await page.getByRole('textbox', { name: 'New password', exact: true }).fill(`${fresh} again`);
    await page
      .getByRole('textbox', { name: 'Repeat the new password', exact: true })
      .fill(`${fresh} again`);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await expect(page.getByRole('alert')).toContainText('This link is no longer valid');
    await expect(page.getByRole('link', { name: 'Forgot your password?' })).toBeVisible();

    await signIn(page, { email: person.email, password: fresh });
    await expect(page.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();
  });

  test('“forgot password” answers the same for any address', async ({ page }) => {
    await page.goto('/app/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page.getByRole('heading', { name: 'Forgotten password' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('E-mail address').fill('nobody-here@example.org');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'If an account has this address, a link to set a new password is on its way to it. Check your inbox.',
    );
    await page.goto('/app/set-password');
    await expect(page.getByRole('alert')).toHaveText(
      'This page opens from a set-password link. Ask an admin for one, or ask for a link below.',
    );
  });
});

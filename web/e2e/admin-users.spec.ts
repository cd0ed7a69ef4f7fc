import { ADMIN } from './global-setup';
import { expect, expectAccessible, signIn, test } from './fixtures';

test.describe('users, for admins', () => {
  test('an admin creates a user, whose single-use link sets their password and lets them in', async ({
    page,
    browser,
    baseURL,
  }) => {
    const unique = Date.now().toString(36);
    const email = `new-monitor-${unique}@example.org`;
    const name = `Ji-woo Monitor ${unique}`;
    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'Users' }).click();
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    await expect(page.getByText('Four eyes, admins included')).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    // Nothing chosen: refused in words, nothing sent.
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('Give a name.')).toBeVisible();
    await expect(dialog.getByText('Give a valid e-mail address.')).toBeVisible();
    await expect(dialog.getByText('Choose at least one role.')).toBeVisible();
    await expect(dialog.getByText(/They get no password from you/)).toBeVisible();
    await expectAccessible(page);

    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('textbox', { name: 'E-mail address' }).fill(email);
    await dialog.getByRole('checkbox', { name: /^Monitor/ }).check();
    await dialog.getByRole('button', { name: 'Create user' }).click();

    const linkDialog = page.getByRole('dialog', { name: `Password link for ${name}` });
    await expect(linkDialog.getByRole('status')).toHaveText(
      `${name} is created. Now give them their password link.`,
    );
    await linkDialog.getByRole('button', { name: 'Issue the link' }).click();
    const link = (await linkDialog.getByTestId('password-link').textContent())!;
    expect(link).toMatch(/\/app\/set-password#token=/);
    await expect(linkDialog.getByText(/^Valid until .+, once\.$/)).toBeVisible();
    await expectAccessible(page);
    await linkDialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText(email);
    await expect(row).toContainText('Monitor');
    await expect(row).toContainText('Active');

    // The same address again: refused in words.
    await page.getByRole('button', { name: 'New user' }).click();
    const again = page.getByRole('dialog', { name: 'New user' });
    await again.getByRole('textbox', { name: 'Name' }).fill(`${name} twice`);
    await again.getByRole('textbox', { name: 'E-mail address' }).fill(email.toUpperCase());
    await again.getByRole('checkbox', { name: /^Writer/ }).check();
    await again.getByRole('button', { name: 'Create user' }).click();
    await expect(again.getByRole('alert')).toHaveText(
      'A user with this e-mail address exists already.',
    );
    await again.getByRole('button', { name: 'Cancel' }).first().click();

    // The new user, in a browser of their own, follows the link, sets a password, signs in.
    const theirs = await browser.newContext({ baseURL });
    const their = await theirs.newPage();
    const url = new URL(link);
    await their.goto(url.pathname + url.hash);
    const fresh = `a password of ${name}'s own`;
    await their.getByRole('textbox', { name: 'New password', exact: true }).fill(fresh);
    await their.getByRole('textbox', { name: 'Repeat the new password', exact: true }).fill(fresh);
    await their.getByRole('button', { name: 'Set the password' }).click();
    await expect(their.getByRole('status')).toHaveText('Your password is set. Sign in with it.');
    await signIn(their, { email, password: fresh });
    await expect(their.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();
    await theirs.close();
  });

  test('deactivating a user ends their open session at its next request; an admin cannot deactivate themselves', async ({
    page,
    api,
    browser,
    baseURL,
  }) => {
    const writer = await api.user(['writer'], `Leaving Writer ${Date.now().toString(36)}`);
    const theirs = await browser.newContext({ baseURL });
    const their = await theirs.newPage();
    await signIn(their, writer);
    await expect(their.getByRole('heading', { name: 'My work', level: 1 })).toBeVisible();

    await signIn(page, ADMIN);
    await page.goto('/app/admin/users');
    await page.getByRole('button', { name: `Edit ${writer.displayName}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${writer.displayName}` });
    await dialog.getByRole('switch', { name: 'Can sign in' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Deactivating ends their access at once');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('row', { name: new RegExp(writer.displayName) })).toContainText(
      'Deactivated',
    );

    // Their open tab: the next request is refused, and the page says the session ended.
    await their.getByRole('link', { name: 'Incidents' }).click();
    await expect(their).toHaveURL(/\/app\/sign-in/);
    await expect(their.getByText('Your session ended. Sign in again to continue.')).toBeVisible();
    await theirs.close();

    // The admin themselves: the API refuses, and the dialog says why.
    const me = page.getByRole('row', { name: /\(you\)/ });
    await me.getByRole('button', { name: /^Edit / }).click();
    const own = page.getByRole('dialog');
    await own.getByRole('switch', { name: 'Can sign in' }).click();
    await own.getByRole('button', { name: 'Save' }).click();
    await expect(own.getByRole('alert').last()).toHaveText(
      'You cannot deactivate yourself or give up your own admin role. Ask another admin.',
    );
  });

  test('a user who is not an admin is told who manages users, and has no entry for it', async ({
    page,
    api,
  }) => {
    const verifier = await api.user(['verifier', 'writer']);
    await signIn(page, verifier);
    await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
    await page.goto('/app/admin/users');
    await expect(page.getByRole('note')).toHaveText(
      'Only admins manage users. Ask an admin of your team.',
    );
    await expect(page.getByRole('table')).toHaveCount(0);
    await expectAccessible(page);
  });

  test('speaks Korean and Russian', async ({ page }) => {
    await signIn(page, ADMIN);
    for (const [language, heading, create] of [
      ['한국어', '사용자', '새 사용자'],
      ['Русский', 'Пользователи', 'Новый пользователь'],
    ] as const) {
      await page
        .getByRole('combobox', { name: /Language|언어|Язык/ })
        .selectOption({ label: language });
      await page.goto('/app/admin/users');
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await page.getByRole('button', { name: create }).click();
      await expect(page.getByRole('dialog', { name: create })).toBeVisible();
      await expectAccessible(page);
      await page.keyboard.press('Escape');
    }
  });
});

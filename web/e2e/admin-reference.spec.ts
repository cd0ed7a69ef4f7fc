import { randomUUID } from 'node:crypto';
import { ADMIN } from './global-setup';
import { expect, expectAccessible, signIn, test } from './fixtures';

test('an admin adds a category, forms offer it, and stop offering it once deactivated', async ({
  page,
}) => {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 8);
  const code = `e2e_${suffix}`;
  const name = `Ship-to-ship transfer ${suffix}`;
  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Reference data' }).click();
  await expect(page.getByRole('heading', { name: 'Reference data', level: 1 })).toBeVisible();
  await expect(page.getByRole('note').first()).toContainText('A code never changes');
  const categories = page.getByRole('region', { name: 'Categories' });
  await expectAccessible(page);

  // A bad code is refused on its field.
  await categories.getByRole('button', { name: 'Add a category' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a category' });
  await dialog.getByRole('textbox', { name: 'Code' }).fill('Not A Code');
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText(/^code /)).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('textbox', { name: 'Code' }).fill(code);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  const row = categories.getByRole('row', { name: new RegExp(code) });
  await expect(row).toContainText(name);
  await expect(row).toContainText('Active');

  // The same code again is refused in words.
  await categories.getByRole('button', { name: 'Add a category' }).click();
  await dialog.getByRole('textbox', { name: 'Code' }).fill(code);
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Another name');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    `The code ${code} is already taken. Choose another code.`,
  );
  await page.keyboard.press('Escape');

  await page.goto('/app/incidents/new');
  await page.getByRole('combobox', { name: 'Category', exact: true }).click();
  await expect(page.getByRole('option', { name })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.goto('/app/admin/reference');
  await row.getByRole('button', { name: `Deactivate ${code}` }).click();
  await expect(row).toContainText('Deactivated');
  await expect(row.getByRole('button', { name: `Reactivate ${code}` })).toBeVisible();

  await page.goto('/app/incidents/new');
  await page.getByRole('combobox', { name: 'Category', exact: true }).click();
  await expect(
    page.getByRole('option', { name: 'Overseas workers earning income abroad' }),
  ).toBeVisible();
  await expect(page.getByRole('option', { name })).toHaveCount(0);
});

test('reference data is for admins only', async ({ page, api }) => {
  const monitor = await api.user(['monitor']);
  await signIn(page, monitor);
  await expect(page.getByRole('link', { name: 'Reference data' })).toHaveCount(0);
  await page.goto('/app/admin/reference');
  await expect(page.getByRole('note')).toHaveText(
    'Only admins keep the reference data. Ask an admin of your team.',
  );
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectAccessible(page);
});

test('reference data speaks Korean and Russian', async ({ page }) => {
  await signIn(page, ADMIN);
  for (const [language, heading, add] of [
    ['한국어', '기준 데이터', '범주 추가'],
    ['Русский', 'Справочники', 'Добавить категорию'],
  ] as const) {
    await page
      .getByRole('combobox', { name: /Language|언어|Язык/ })
      .selectOption({ label: language });
    await page.goto('/app/admin/reference');
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.getByRole('button', { name: add }).click();
    await expect(page.getByRole('dialog', { name: add })).toBeVisible();
    await expectAccessible(page);
    await page.keyboard.press('Escape');
  }
});

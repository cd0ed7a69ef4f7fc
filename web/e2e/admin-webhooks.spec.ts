import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN } from './global-setup';
import { caseForVerification } from './cases';
import { expect, expectAccessible, signIn, test } from './fixtures';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

test('an admin creates a webhook, sees its secret once, a signed delivery, and deletes it', async ({
  page,
  api,
}) => {
  const received: Received[] = [];
  const listener = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/hook`;
  try {
    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'New webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await expectAccessible(page);

    // No event and a bad address are refused in words.
    await dialog.getByRole('textbox', { name: 'Address (URL)' }).fill('not an address');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Not created:');
    await expectAccessible(page);

    await dialog.getByRole('textbox', { name: 'Address (URL)' }).fill(url);
    await dialog.getByRole('checkbox', { name: 'Incident moved in the workflow' }).check();
    const secret = await dialog.getByRole('textbox', { name: 'Secret' }).inputValue();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('secret')).toHaveText(secret);
    await expect(page.getByRole('status', { name: 'Copy the secret now' })).toContainText(
      'It cannot be shown again.',
    );
    const row = page.getByRole('row', { name: new RegExp(url) });
    await expect(row).toContainText('Incident moved in the workflow');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByTestId('secret')).toHaveCount(0);

    const monitor = await api.user(['monitor']);
    await caseForVerification(api, monitor);
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = received[0];
    const expected = createHmac('sha256', secret).update(first.body).digest('hex');
    expect(String(first.headers['x-signature'])).toContain(expected);

    await row.getByRole('button', { name: `Deliveries to ${url}` }).click();
    const deliveries = page.getByRole('region', { name: `Deliveries to ${url}` });
    await expect(deliveries.getByTestId('delivery').first()).toContainText('Delivered', {
      timeout: 30_000,
    });
    await expect(deliveries.getByTestId('delivery').first()).toContainText('HTTP 200');
    await expectAccessible(page);

    await row.getByRole('button', { name: `Delete the webhook to ${url}` }).click();
    const confirm = page.getByRole('dialog', { name: `Delete the webhook to ${url}` });
    await expect(confirm).toContainText('The history of its deliveries stays.');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('row', { name: new RegExp(url) })).toHaveCount(0);
  } finally {
    listener.close();
  }
});

test('webhooks are for admins only', async ({ page, api }) => {
  const writer = await api.user(['writer']);
  await signIn(page, writer);
  await expect(page.getByRole('link', { name: 'Webhooks' })).toHaveCount(0);
  await page.goto('/app/admin/webhooks');
  await expect(page.getByRole('note')).toHaveText(
    'Only admins manage webhooks. Ask an admin of your team.',
  );
  await expect(page.getByRole('table')).toHaveCount(0);
});

test('webhooks speak Korean and Russian', async ({ page }) => {
  await signIn(page, ADMIN);
  for (const [language, heading, create] of [
    ['한국어', '웹훅', '새 웹훅'],
    ['Русский', 'Вебхуки', 'Новый вебхук'],
  ] as const) {
    await page
      .getByRole('combobox', { name: /Language|언어|Язык/ })
      .selectOption({ label: language });
    await page.goto('/app/admin/webhooks');
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.getByRole('button', { name: create }).click();
    await expect(page.getByRole('dialog', { name: create })).toBeVisible();
    await expectAccessible(page);
    await page.keyboard.press('Escape');
  }
});

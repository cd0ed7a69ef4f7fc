import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { bearer, caseForVerification } from './cases';
import { expect, expectAccessible, Person, signIn, test } from './fixtures';
import { ADMIN } from './global-setup';

const ROOT = join(import.meta.dirname, '..', '..');
const EDITION = join(ROOT, 'test/fixtures/un-consolidated/consolidated-2024-09-26.xml');
const COMPANY = 'Korea Mining Development Trading Corporation';

/**
 * The 2024 edition, imported once with the service's own command (the flows' upload limit is
 * 1 MiB, the edition 2 MiB) into the flows' database; a second run finds it unchanged.
 */
test.beforeAll(() => {
  const storage = mkdtempSync(join(tmpdir(), 'st-web-import-'));
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, 'dist/src/cli/cli.js'), 'sanctions-import', '--file', EDITION],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          DATABASE_URL: process.env.E2E_DATABASE_URL,
          REDIS_PREFIX: process.env.E2E_REDIS_PREFIX,
          STORAGE_DIR: storage,
          LOG_LEVEL: 'warn',
        },
        stdio: 'pipe',
        timeout: 120_000,
      },
    );
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
});

/** A submitted case naming the designated company, screened by the service's job. */
async function screenedCase(api: Parameters<typeof caseForVerification>[0], monitor: Person) {
  const filed = await caseForVerification(api, monitor, {
    actors: [{ name: COMPANY, type: 'company', role: 'employer' }],
  });
  await expect
    .poll(async () => screeningStatus(api.http, filed.id, api.headers()), { timeout: 30_000 })
    .toBe('screened');
  return filed;
}

async function screeningStatus(
  http: APIRequestContext,
  incidentId: string,
  headers: Record<string, string>,
) {
  const response = await http.get(`/api/v1/incidents/${incidentId}/screening`, { headers });
  const body = (await response.json()) as { actors: { status: string }[] };
  return body.actors[0]?.status;
}

test('a verifier reads why KPe.001 is a candidate, confirms it with a note, and the actor is designated', async ({
  page,
  api,
}) => {
  const monitor = await api.user(['monitor']);
  const verifier = await api.user(['verifier']);
  const filed = await screenedCase(api, monitor);

  await signIn(page, verifier);
  await page.goto(`/app/incidents/${filed.id}#screening`);
  const panel = page.getByRole('region', { name: 'Sanctions screening' });
  await expect(panel).toBeVisible();
  const card = panel.getByTestId('candidate').filter({ hasText: 'KPe.001' });
  await expect(card).toBeVisible();
  await expect(card.getByText('Strong match')).toBeVisible();
  await expect(card.getByText(/before the incident .*: designated at the time\./)).toBeVisible();
  await card.getByRole('button', { name: 'Why this candidate' }).click();
  await expect(card.getByText(`The query "${COMPANY}" matched`, { exact: false })).toBeVisible();
  await expect(card.getByText(/^Name agreement: /)).toBeVisible();
  await expectAccessible(page);

  await card.getByRole('button', { name: `Confirm KPe.001 for ${COMPANY}` }).click();
  const dialog = page.getByRole('dialog');
  const record = dialog.getByRole('button', { name: 'Record the decision' });
  await expect(record).toBeDisabled();
  await expectAccessible(page);
  await dialog
    .getByRole('textbox', { name: /^Note/ })
    .fill('Same name as the listed entity; the monitor names its Pyongyang office.');
  await record.click();
  await expect(dialog).toBeHidden();

  await expect(panel.getByText('Designated: KPe.001')).toBeVisible();
  await expect(panel.getByText('Confirmed as KOREA MINING', { exact: false })).toBeVisible();
  const facts = page.getByRole('region', { name: 'Facts' });
  await expect(facts.getByRole('link', { name: /KPe\.001, open the designation/ })).toBeVisible();
  await expect(
    page.getByText(`confirmed that ${COMPANY} is the designated`, { exact: false }),
  ).toBeVisible();

  await facts.getByRole('link', { name: /KPe\.001, open the designation/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('KOREA MINING');
  await expectAccessible(page);
});

test('the one who filed the incident reads why they may not decide, in Russian', async ({
  page,
  api,
}) => {
  const filer = await api.user(['monitor', 'verifier']);
  const filed = await screenedCase(api, filer);
  await signIn(page, filer);
  await page
    .getByRole('combobox', { name: /Language|언어|Язык/ })
    .selectOption({ label: 'Русский' });
  await page.goto(`/app/incidents/${filed.id}`);
  const panel = page.getByRole('region', { name: 'Проверка по санкционным спискам' });
  await expect(panel.getByRole('note')).toHaveText(
    /Вы зарегистрировали этот инцидент, поэтому решение по кандидатам принимает другой человек/,
  );
  await expect(panel.getByTestId('candidate').filter({ hasText: 'KPe.001' })).toBeVisible();
  await expect(panel.getByRole('button', { name: /^Подтвердить/ })).toHaveCount(0);
  await expectAccessible(page);
  const refused = await api.http.get(`/api/v1/incidents/${filed.id}`, {
    headers: await bearer(api.http, filer),
  });
  const version = ((await refused.json()) as { version: number }).version;
  const attempt = await api.http.post(
    `/api/v1/incidents/${filed.id}/actors/${await actorIdOf(api.http, filed.id, api.headers())}/matches`,
    {
      headers: await bearer(api.http, filer),
      data: { designationRef: 'UN:KPe.001', decision: 'confirmed', note: 'Mine.', version },
    },
  );
  expect(attempt.status()).toBe(403);
});

async function actorIdOf(
  http: APIRequestContext,
  incidentId: string,
  headers: Record<string, string>,
) {
  const response = await http.get(`/api/v1/incidents/${incidentId}`, { headers });
  return ((await response.json()) as { actors: { id: string }[] }).actors[0].id;
}

test('an admin reads the list versions and their changes, and an upload that shrinks the list is refused', async ({
  page,
}) => {
  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Sanctions lists' }).click();
  await expect(
    page.getByRole('heading', { name: 'Sanctions list versions', level: 1 }),
  ).toBeVisible();
  const row = page.getByTestId('version').first();
  await expect(row).toContainText('682 individuals, 193 entities');
  await row.getByRole('button', { name: /^Show the changes of version/ }).click();
  const changes = page.getByRole('region', { name: /^Changes in version/ });
  await expect(changes.getByTestId('change').first()).toBeVisible();
  await expect(changes.getByTestId('rescreen')).toBeVisible();
  await changes.getByText('Removed', { exact: true }).click();
  await expect(page).toHaveURL(/change=removed/);
  await expectAccessible(page);

  // The first record of the edition alone: far fewer entries than the current version.
  const edition = readFileSync(EDITION, 'utf8');
  const first = edition.slice(0, edition.indexOf('</INDIVIDUAL>') + '</INDIVIDUAL>'.length);
  const tiny = `${first}\n</INDIVIDUALS>\n<ENTITIES>\n</ENTITIES>\n</CONSOLIDATED_LIST>\n`;
  // Mantine's file input is a button over a hidden input: the file goes to the input.
  await page.locator('input[type="file"][accept^=".xml"]').setInputFiles({
    name: 'consolidated-truncated.xml',
    mimeType: 'application/xml',
    buffer: Buffer.from(tiny),
  });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(
    page.getByText('Refused: the list has more than 10% fewer entries', { exact: false }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expectAccessible(page);
});

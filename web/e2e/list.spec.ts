import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Page } from '@playwright/test';
import { Api, expect, expectAccessible, Person, signIn, test } from './fixtures';

/** A word no other test writes, so a search for it isolates this test's incidents. */
const marker = (prefix: string): string =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function tokenOf(api: Api, person: Person): Promise<string> {
  const login = await api.http.post('/api/v1/auth/login', {
    data: { email: person.email, password: person.password },
  });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

async function withdraw(api: Api, person: Person, id: string): Promise<void> {
  const answer = await api.http.post(`/api/v1/incidents/${id}/transitions`, {
    headers: { authorization: `Bearer ${await tokenOf(api, person)}` },
    data: { action: 'withdraw', version: 1, note: 'Filed twice.' },
  });
  expect(answer.status()).toBe(200);
  expect(((await answer.json()) as { status: string }).status).toBe('withdrawn');
}

/** Three incidents in two statuses and three countries, all carrying `word`. */
async function threeIncidents(api: Api, monitor: Person, word: string) {
  const musan = await api.incident(monitor, {
    title: `Musan mine workers sent to Russia ${word}`,
    locations: [
      {
        role: 'origin',
        countryCode: 'KP',
        adminArea: 'North Hamgyong',
        placeName: 'Musan',
        latitude: 42.23,
        longitude: 129.2,
      },
      {
        role: 'destination',
        countryCode: 'RU',
        placeName: 'Vladivostok',
        latitude: 43.12,
        longitude: 131.89,
      },
    ],
  });
  const shenyang = await api.incident(monitor, {
    title: `IT workers in Shenyang ${word}`,
    category: 'it_workers',
    occurredFrom: '2024-03',
    occurredTo: '2024-03',
    datePrecision: 'month',
    locations: [{ role: 'occurrence', countryCode: 'CN', placeName: 'Shenyang' }],
  });
  const tynda = await api.incident(monitor, {
    title: `Timber camp near Tynda ${word}`,
    occurredFrom: '2024-11-02',
    occurredTo: '2024-11-02',
    locations: [{ role: 'occurrence', countryCode: 'RU', placeName: 'Tynda' }],
  });
  await withdraw(api, monitor, tynda.id);
  return { musan, shenyang, tynda };
}

const rowOf = (page: Page, reference: string) =>
  page.getByRole('row', { name: new RegExp(reference) });
const bodyRows = (page: Page) => page.locator('tbody tr');

async function searchFor(page: Page, word: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Search' }).fill(word);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
}

test.describe('the incident list', () => {
  test('filters by status, country and words, in the URL a colleague can open, and clears them', async ({
    page,
    api,
    browser,
    baseURL,
  }) => {
    const word = marker('Zlist');
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const verifier = await api.user(['verifier'], 'Vera Verifier');
    const { musan, shenyang, tynda } = await threeIncidents(api, monitor, word);
    await signIn(page, verifier);
    await page.getByRole('link', { name: 'Incidents' }).click();
    await expect(page.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();

    await searchFor(page, word);
    await expect(bodyRows(page)).toHaveCount(3);
    await expect(page.getByText('3 of 3 incidents shown')).toBeVisible();
    await expect(rowOf(page, musan.reference)).toContainText('North Korea, Russia');
    await expect(rowOf(page, tynda.reference)).toContainText('Withdrawn');
    // The stats strip counts the same view, in words.
    await expect(page.getByText('3 incidents in this view')).toBeVisible();
    await expect(page.getByText('By status: Intake 2 · Withdrawn 1')).toBeVisible();
    await expectAccessible(page);

    // The syntax of the search box, on demand.
    await page.getByRole('button', { name: 'How to write a query' }).click();
    await expect(page.getByText('"Musan mine": the exact phrase')).toBeVisible();

    await page.getByLabel('Status').selectOption({ label: 'Withdrawn' });
    await expect(page).toHaveURL(/status=withdrawn/);
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, tynda.reference)).toBeVisible();
    await page.getByLabel('Status').selectOption({ label: 'Any status' });
    await expect(bodyRows(page)).toHaveCount(3);

    // A country is picked by its name in the user's language.
    await page.getByRole('combobox', { name: 'Country' }).fill('Chin');
    await page.getByRole('option', { name: 'China', exact: true }).click();
    await expect(page).toHaveURL(/country=CN/);
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, shenyang.reference)).toBeVisible();
    await expect(page.getByText('1 incident in this view')).toBeVisible();
    await expectAccessible(page);

    // The address, opened by a colleague in another browser, shows the same rows once signed in.
    const shared = page.url();
    const other = await browser.newContext({ baseURL });
    const colleague = await other.newPage();
    await colleague.goto(shared);
    await colleague.getByLabel('E-mail address').fill(verifier.email);
    await colleague.locator('input[autocomplete="current-password"]').fill(verifier.password);
    await colleague.locator('button[type="submit"]').click();
    await expect(colleague).toHaveURL(shared);
    await expect(colleague.locator('tbody tr')).toHaveCount(1);
    await expect(
      colleague.getByRole('row', { name: new RegExp(shenyang.reference) }),
    ).toBeVisible();
    await expect(colleague.getByRole('combobox', { name: 'Country' })).toHaveValue('China');
    await other.close();

    // Clear filters keeps nothing but the sort.
    await page.getByLabel('Sort by').selectOption({ label: 'Date filed' });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/app\/incidents\?sort=-createdAt$/);
    await expect(page.getByRole('textbox', { name: 'Search' })).toHaveValue('');
    await expect(page.getByRole('combobox', { name: 'Country' })).toHaveValue('');
    await expect(page.getByRole('button', { name: 'Clear filters' })).toBeDisabled();
    // Newest first: the last one filed leads the unfiltered list.
    await expect(bodyRows(page).first()).toContainText(tynda.reference);

    // Bad values in an address are dropped one by one; the good ones stay.
    await page.goto(`/app/incidents?status=deleted&country=XX&q=${word}&overdue=maybe`);
    await expect(page.getByLabel('Status')).toHaveValue('');
    await expect(bodyRows(page)).toHaveCount(3);
  });

  test('shows the view as a map whose countries filter the table, and loads more by cursor', async ({
    page,
    api,
  }) => {
    const word = marker('Zmap');
    const monitor = await api.user(['monitor']);
    const { musan, tynda } = await threeIncidents(api, monitor, word);
    await signIn(page, monitor);
    await page.goto(`/app/incidents?q=${word}`);
    await expect(bodyRows(page)).toHaveCount(3);

    await page.getByText('Map', { exact: true }).click();
    await expect(page).toHaveURL(/view=map/);
    const map = page.getByRole('img', { name: 'Countries of the incidents in this view' });
    await expect(map).toBeVisible();
    await expect(map.locator('path[data-marked="true"]')).toHaveCount(3);
    await expect(page.getByRole('button', { name: /^Russia: 2 incidents/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /^North Korea: 1 incident\./ })).toBeVisible();
    await expectAccessible(page);

    // A click on North Korea hands back to the table, filtered to North Korea.
    await map.locator('path[data-country="KP"]').click();
    await expect(page).toHaveURL(/country=KP/);
    await expect(page).not.toHaveURL(/view=map/);
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, musan.reference)).toBeVisible();

    // From the keyboard: the text alternative's buttons do the same.
    await page.goto(`/app/incidents?q=${word}&view=map`);
    await page.getByRole('button', { name: /^Russia: 2 incidents/ }).press('Enter');
    await expect(page).toHaveURL(/country=RU/);
    await expect(bodyRows(page)).toHaveCount(2);
    await expect(rowOf(page, musan.reference)).toBeVisible();
    await expect(rowOf(page, tynda.reference)).toBeVisible();

    // Fifty-one incidents: a first page of fifty, then the last one by its cursor.
    const many = marker('Zmany');
    const token = await tokenOf(api, monitor);
    for (let index = 0; index < 51; index += 1) {
      const created = await api.http.post('/api/v1/incidents', {
        headers: { authorization: `Bearer ${token}` },
        data: {
          title: `Dispatch ${index} of construction workers ${many}`,
          regime: 'UN-1718',
          category: 'overseas_labor',
          provisions: ['UNSCR-2397-OP8'],
          occurredFrom: '2024-06-01',
          locations: [{ role: 'destination', countryCode: 'RU' }],
        },
      });
      expect(created.status()).toBe(201);
    }
    await page.goto(`/app/incidents?q=${many}`);
    await expect(bodyRows(page)).toHaveCount(50);
    await expect(page.getByText('50 of 51 incidents shown')).toBeVisible();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(bodyRows(page)).toHaveCount(51);
    await expect(page.getByText('51 of 51 incidents shown')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
    await expectAccessible(page);
  });

  test('exports this view, follows it to the end, and downloads the file whose SHA-256 it shows', async ({
    page,
    api,
  }) => {
    const word = marker('Zexport');
    const monitor = await api.user(['monitor']);
    const verifier = await api.user(['verifier']);
    await threeIncidents(api, monitor, word);

    // A monitor is told why there is no export for them.
    await signIn(page, monitor);
    await page.goto(`/app/incidents?q=${word}`);
    await expect(page.getByRole('button', { name: 'Export this view' })).toBeDisabled();
    await expect(page.getByText(/Exports are made by verifiers \(internal\)/)).toBeVisible();
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/sign-in/);

    await signIn(page, verifier);
    await page.goto(`/app/incidents?q=${word}&status=intake`);
    await expect(bodyRows(page)).toHaveCount(2);
    await page.getByRole('button', { name: 'Export this view' }).click();
    const panel = page.getByRole('region', { name: 'Export this view' });
    await expect(panel.getByLabel('Format')).toHaveValue('csv');
    await expect(panel.getByRole('radio', { name: /^Internal/ })).toBeChecked();
    await expectAccessible(page);
    await panel.getByRole('button', { name: 'Start the export' }).click();
    await expect(panel.getByText('The file is ready.')).toBeVisible({ timeout: 30_000 });
    // The export was made with the list's filters.
    const exports = await api.http.get('/api/v1/exports', {
      headers: { authorization: `Bearer ${await tokenOf(api, verifier)}` },
    });
    const made = ((await exports.json()) as { items: { format: string; filters: object }[] }).items;
    expect(made.map((item) => [item.format, item.filters])).toEqual([
      ['csv', { q: word, status: 'intake' }],
    ]);
    await expect(panel.getByRole('row', { name: /Incidents/ })).toContainText('2');
    const shown = (await panel.getByTestId('export-sha256').textContent())!.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    await expect(panel.getByRole('row', { name: /Available until/ })).toContainText(/\d{4}/);
    await expectAccessible(page);

    const downloading = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Download' }).click();
    const download = await downloading;
    const bytes = await readFile(await download.path());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);
    const csv = bytes.toString('utf8');
    expect(csv.split('\n').filter((line) => line.includes(word))).toHaveLength(2);
    expect(csv).not.toContain('Timber camp near Tynda');
    // No token in any address the browser used: the ticket went in the form's body.
    expect(download.url()).toMatch(/\/api\/v1\/exports\/[0-9a-f-]{36}\/download$/);

    // The ticket is single-use: a second download asks for a new one, and works.
    const again = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Download' }).click();
    expect(
      createHash('sha256')
        .update(await readFile(await (await again).path()))
        .digest('hex'),
    ).toBe(shown);
  });

  test('tells a writer why a public export cannot carry staff filters, and makes it without them', async ({
    page,
    api,
  }) => {
    const writer = await api.user(['writer']);
    await signIn(page, writer);
    await page.goto('/app/incidents?assigneeId=me');
    await page.getByRole('button', { name: 'Export this view' }).click();
    const panel = page.getByRole('region', { name: 'Export this view' });
    // A writer's only scope is public, and says what it holds.
    await expect(panel.getByRole('radio')).toHaveCount(1);
    await expect(panel.getByRole('radio', { name: /^Public: published incidents/ })).toBeChecked();
    await expect(panel.getByRole('note')).toHaveText(
      'A public export cannot filter by assignee or by who filed an incident: clear those two filters to make one.',
    );
    await expect(panel.getByRole('button', { name: 'Start the export' })).toBeDisabled();
    await expectAccessible(page);

    await page.getByLabel('Assigned to').selectOption({ label: 'Anyone' });
    await expect(page).not.toHaveURL(/assigneeId/);
    await expect(panel.getByRole('note')).toHaveCount(0);
    await panel.getByLabel('Format').selectOption({ label: 'Markdown report' });
    await panel.getByRole('button', { name: 'Start the export' }).click();
    await expect(panel.getByText('The file is ready.')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('export-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  });

  test('shows an incident’s locations on the offline map, by role', async ({ page, api }) => {
    const monitor = await api.user(['monitor']);
    const { musan } = await threeIncidents(api, monitor, marker('Zdetail'));
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${musan.id}`);
    const map = page.getByRole('img', { name: 'Map of the locations of this incident' });
    await expect(map).toBeVisible();
    await expect(map.locator('path[data-marked="true"]')).toHaveCount(2);
    await expect(map.locator('g[data-role]')).toHaveCount(2);
    const legend = page.getByRole('list', { name: 'Legend' });
    await expect(legend).toContainText('Origin');
    await expect(legend).toContainText('Destination');
    await expect(
      page.getByText('Origin: Musan, North Hamgyong, North Korea (42.23, 129.2)'),
    ).toBeAttached();
    await expectAccessible(page);
  });

  test('fits 1280 pixels in Russian, without sideways scrolling', async ({ page, api }) => {
    const word = marker('Zru');
    const monitor = await api.user(['monitor', 'verifier']);
    await threeIncidents(api, monitor, word);
    await page.addInitScript(() => localStorage.setItem('st-language', 'ru'));
    await signIn(page, monitor);
    await page.goto(`/app/incidents?q=${word}`);
    await expect(bodyRows(page)).toHaveCount(3);
    await page.getByRole('button', { name: 'Выгрузить эту выборку' }).click();
    await expect(page.getByRole('button', { name: 'Начать выгрузку' })).toBeVisible();
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await expectAccessible(page);
  });
});

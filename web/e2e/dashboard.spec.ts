import { Page } from '@playwright/test';
import { Api, expect, expectAccessible, signIn, test } from './fixtures';

/** A word no other test writes, so a search for it isolates this test's incidents. */
const marker = (prefix: string): string =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

interface Stats {
  total: number;
  byStatus: { key: string; count: number }[];
}

async function statsOf(api: Api, query = ''): Promise<Stats> {
  const answer = await api.http.get(`/api/v1/incidents/stats${query}`, { headers: api.headers() });
  expect(answer.status()).toBe(200);
  return (await answer.json()) as Stats;
}

async function referencesOf(api: Api, query: string): Promise<string[]> {
  const answer = await api.http.get(`/api/v1/incidents?${query}&limit=100`, {
    headers: api.headers(),
  });
  expect(answer.status()).toBe(200);
  const { items } = (await answer.json()) as { items: { reference: string }[] };
  return items.map((item) => item.reference).sort();
}

const references = async (page: Page): Promise<string[]> =>
  (await page.locator('tbody tr td:first-child').allInnerTexts()).map((text) => text.trim()).sort();

const section = (page: Page, name: string | RegExp) => page.getByRole('region', { name });

test.describe('the dashboard', () => {
  test('counts what /stats counts and opens the list filtered by a bar', async ({ page, api }) => {
    const monitor = await api.user(['monitor']);
    await api.incident(monitor, { title: `Dashboard total ${marker('Zdash')}` });
    await signIn(page, monitor);
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await expect(page).toHaveURL(/\/app\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

    // The shared database may gain incidents from other specs meanwhile: compare a fresh pair.
    await expect(async () => {
      await page.reload();
      const stats = await statsOf(api);
      await expect(page.getByTestId('dashboard-total')).toHaveText(
        new RegExp(`^${stats.total.toLocaleString('en')} incidents? in all$`),
      );
      const chart = section(page, 'By status').getByRole('list');
      const shown = await chart.getByRole('link').allInnerTexts();
      const expected = Object.fromEntries(stats.byStatus.map((b) => [b.key, b.count]));
      const labels: Record<string, string> = {
        intake: 'Intake',
        in_verification: 'In verification',
        verified: 'Verified',
        published: 'Published',
        rejected: 'Rejected',
        retracted: 'Retracted',
        withdrawn: 'Withdrawn',
      };
      expect(shown.map((text) => text.replace(/\s+/g, ' ').trim()).sort()).toEqual(
        Object.entries(expected)
          .map(([key, count]) => `${labels[key]} ${count.toLocaleString('en')}`)
          .sort(),
      );
    }).toPass();
    await expectAccessible(page);

    await section(page, 'By status').getByRole('button', { name: 'Show as a table' }).click();
    await expect(section(page, 'By status').getByRole('table')).toBeVisible();
    await expectAccessible(page);
    await section(page, 'By status')
      .getByRole('table')
      .getByRole('link', { name: 'Intake' })
      .click();
    await expect(page).toHaveURL(/\/app\/incidents\?status=intake$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
  });

  test('opens the incidents with a Russian location from the map', async ({ page, api }) => {
    const monitor = await api.user(['monitor']);
    const word = marker('Zdmap');
    const russian = await api.incident(monitor, {
      title: `Loggers sent to Tynda ${word}`,
      locations: [
        { role: 'origin', countryCode: 'KP' },
        { role: 'destination', countryCode: 'RU', placeName: 'Tynda' },
      ],
    });
    const transit = await api.incident(monitor, {
      title: `Coal through Vladivostok ${word}`,
      locations: [{ role: 'transit', countryCode: 'RU', placeName: 'Vladivostok' }],
    });
    await api.incident(monitor, {
      title: `IT workers in Dandong ${word}`,
      locations: [{ role: 'occurrence', countryCode: 'CN', placeName: 'Dandong' }],
    });
    await signIn(page, monitor);
    await page.goto('/app/dashboard');
    const map = page.getByRole('img', { name: 'Incidents by country' });
    await expect(map).toBeVisible();
    await expectAccessible(page);
    // Russia's shape spans the antimeridian (its box's middle is sea): its entry in the map's
    // text alternative is the control; a click on North Korea's shape works the same way.
    await page.getByRole('button', { name: /^Russia: / }).press('Enter');
    await expect(page).toHaveURL(/\/app\/incidents\?country=RU$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();

    // Narrowed to this test's incidents, the list holds exactly the Russian ones.
    await page.goto(`/app/incidents?country=RU&q=${word}`);
    await expect(page.locator('tbody tr')).toHaveCount(2);
    const fromApi = await referencesOf(api, `country=RU&q=${word}`);
    expect(fromApi).toEqual([russian.reference, transit.reference].sort());
    expect(await references(page)).toEqual(fromApi);

    await page.goto('/app/dashboard');
    await page
      .getByRole('img', { name: 'Incidents by country' })
      .locator('path[data-country="KP"]')
      .click();
    await expect(page).toHaveURL(/\/app\/incidents\?country=KP$/);
  });

  for (const [language, title, totalWord] of [
    ['ko', '대시보드', '전체 사건'],
    ['ru', 'Сводка', 'Всего'],
  ] as const) {
    test(`reads in ${language}`, async ({ page, api }) => {
      const monitor = await api.user(['monitor']);
      await page.addInitScript((chosen) => localStorage.setItem('st-language', chosen), language);
      await signIn(page, monitor);
      await page.goto('/app/dashboard');
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      await expect(page.getByTestId('dashboard-total')).toContainText(totalWord);
      await expect(page.getByRole('img', { name: /./ }).first()).toBeVisible();
      await expectAccessible(page);
    });
  }

  test('says so when the totals fail', async ({ page, api }) => {
    const monitor = await api.user(['monitor']);
    await signIn(page, monitor);
    await page.route('**/api/v1/incidents/stats*', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 400, message: 'Refused' }),
      }),
    );
    await page.goto('/app/dashboard');
    await expect(page.getByRole('alert').first()).toContainText('The totals could not be loaded');
    await expectAccessible(page);
  });

  // Fixed totals (the shared database changes under other specs), so the picture is stable.
  const FIXED: Stats & Record<string, unknown> = {
    total: 1234,
    byStatus: [
      { key: 'intake', count: 400 },
      { key: 'in_verification', count: 300 },
      { key: 'verified', count: 200 },
      { key: 'published', count: 334 },
    ],
    byCategory: [
      { key: 'overseas_labor', count: 800 },
      { key: 'it_workers', count: 434 },
    ],
    byCountry: [
      { key: 'KP', count: 1234 },
      { key: 'RU', count: 700 },
      { key: 'CN', count: 300 },
    ],
    byMonth: [
      { key: '2024-11', count: 234 },
      { key: '2024-12', count: 400 },
      { key: '2025-01', count: 600 },
    ],
  };
  for (const language of ['en', 'ko', 'ru'] as const) {
    for (const width of [1280, 390] as const) {
      test(`looks the same in ${language} at ${width} px`, async ({ page, api }) => {
        const monitor = await api.user(['monitor'], 'Mira Monitor');
        await page.setViewportSize({ width, height: 900 });
        await page.addInitScript((chosen) => localStorage.setItem('st-language', chosen), language);
        await page.route('**/api/v1/incidents/stats*', (route) =>
          route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify(
              route.request().url().includes('overdue=true')
                ? { ...FIXED, total: 7, byStatus: [{ key: 'in_verification', count: 7 }] }
                : FIXED,
            ),
          }),
        );
        await signIn(page, monitor);
        await page.goto('/app/dashboard');
        await expect(page.locator('path[data-marked="true"]')).toHaveCount(3);
        await expectAccessible(page);
        await expect(page).toHaveScreenshot(`dashboard-${language}-${width}.png`, {
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
          maxDiffPixelRatio: 0.01,
        });
      });
    }
  }
});

import { Page } from '@playwright/test';
import { publishedCase } from './cases';
import { Api, expect, expectAccessible, test } from './fixtures';

/** A word no other test writes, so a search for it isolates this test's incidents. */
const marker = (prefix: string): string =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** Every request the page makes to the API, to check that only the public API is called. */
function apiCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (sent) => {
    const { pathname } = new URL(sent.url());
    if (pathname.startsWith('/api/')) calls.push(`${sent.method()} ${pathname}`);
  });
  return calls;
}

const onlyPublic = (calls: string[]) =>
  expect(calls.filter((call) => !/^GET \/api\/v1\/public\//.test(call))).toEqual([]);

test.describe('the public site', () => {
  test.describe.configure({ timeout: 180_000 });

  let run: string;
  let publicWord: string;
  let internalWord: string;
  let russia: { id: string; reference: string };
  let china: { id: string; reference: string };

  test.beforeAll(async ({ baseURL }) => {
    const api = await Api.start(baseURL!);
    run = marker('pub');
    publicWord = marker('openword');
    internalWord = marker('insideword');
    const people = {
      monitor: await api.user(['monitor'], `Mira Monitor ${run}`),
      verifier: await api.user(['verifier'], `Vera Verifier ${run}`),
      writer: await api.user(['writer'], `Wen Writer ${run}`),
    };
    russia = await publishedCase(
      api,
      people,
      {
        title: `Internal title ${run}`,
        summary: `The informant's route through Rason ${internalWord}.`,
      },
      {
        publicTitle: `Musan workers sent to Russia ${run}`,
        publicSummary: `About 100 North Korean workers were sent to Russia in January 2025 ${publicWord} ${run}.`,
      },
    );
    china = await publishedCase(
      api,
      people,
      {
        title: `Internal title two ${run}`,
        category: 'it_workers',
        occurredFrom: '2024-03',
        occurredTo: '2024-03',
        datePrecision: 'month',
        locations: [{ role: 'occurrence', countryCode: 'CN', placeName: 'Shenyang' }],
      },
      {
        publicTitle: `IT workers in Shenyang ${run}`,
        publicSummary: `A team of IT workers earned foreign currency in Shenyang ${run}.`,
      },
    );
    // Filed and never published: its words must not reach the public site.
    await api.incident(people.monitor, { title: `Unpublished draft ${run}`, summary: run });
    await api.http.dispose();
  });

  test('lists, searches and filters published incidents with no session', async ({ page }) => {
    const calls = apiCalls(page);
    await page.goto(`/app/published?q=${run}`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Published incidents' }),
    ).toBeVisible();
    const results = page.getByRole('region', { name: 'Results' });
    await expect(
      results.getByRole('link', { name: `Musan workers sent to Russia ${run}` }),
    ).toBeVisible();
    await expect(
      results.getByRole('link', { name: `IT workers in Shenyang ${run}` }),
    ).toBeVisible();
    await expect(results).toContainText('2 incidents shown');
    await expect(results).toContainText('12–29 January 2025');
    await expect(results).toContainText('March 2024');
    await expect(results).toContainText('North Korea, Russia');
    await expect(results).toContainText('IT workers abroad');
    await expect(results).toContainText('UNSCR 2375 OP17, UNSCR 2397 OP8');
    await expect(results).toContainText('Confidence: Likely');
    const body = page.locator('body');
    await expect(body).not.toContainText('Unpublished draft');
    await expect(body).not.toContainText('Internal title');
    await expect(page.getByRole('link', { name: 'Staff sign-in' })).toHaveAttribute(
      'href',
      '/app/sign-in',
    );
    await expectAccessible(page);

    // A filter by country, then by year, narrows the list, and each lives in the URL.
    await page.getByLabel('Country').selectOption('CN');
    await expect(results).toContainText('1 incident shown');
    await expect(
      results.getByRole('link', { name: `IT workers in Shenyang ${run}` }),
    ).toBeVisible();
    await expect(page).toHaveURL(/country=CN/);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect(page).not.toHaveURL(/country=/);
    await page.goto(`/app/published?q=${run}&year=2025`);
    await expect(results).toContainText('1 incident shown');
    await expect(
      results.getByRole('link', { name: `Musan workers sent to Russia ${run}` }),
    ).toBeVisible();
    await expect(page.getByLabel('Year')).toHaveValue('2025');

    // The map's text alternative filters too.
    await page.goto(`/app/published?q=${run}`);
    await expect(results).toContainText('2 incidents shown');
    await page.getByRole('button', { name: /Show only the incidents in China/ }).click();
    await expect(page).toHaveURL(/country=CN/);
    await expect(results).toContainText('1 incident shown');

    // Search reaches the public text only: the internal summary's word finds nothing.
    await page.goto('/app/published');
    await page.getByRole('textbox', { name: 'Search the public text' }).fill(publicWord);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(results).toContainText('1 incident shown');
    await expect(
      results.getByRole('link', { name: `Musan workers sent to Russia ${run}` }),
    ).toBeVisible();
    await page.getByRole('textbox', { name: 'Search the public text' }).fill(internalWord);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(results).toContainText('No published incident matches these filters.');
    await expect(results.getByRole('link')).toHaveCount(0);
    await expectAccessible(page);

    // Bad input in a shared link loses the filter, not the page.
    await page.goto(`/app/published?q=${run}&country=XX&year=1900`);
    await expect(results).toContainText('2 incidents shown');

    expect(calls.length).toBeGreaterThan(0);
    onlyPublic(calls);
  });

  test('an incident’s public page shows its public text and public sources only', async ({
    page,
  }) => {
    const calls = apiCalls(page);
    await page.goto(`/app/published?q=${publicWord}`);
    await page.getByRole('link', { name: `Musan workers sent to Russia ${run}` }).click();
    await expect(page).toHaveURL(new RegExp(`/app/published/${russia.reference}$`));
    await expect(
      page.getByRole('heading', { level: 1, name: `Musan workers sent to Russia ${run}` }),
    ).toBeVisible();
    const main = page.getByRole('main');
    await expect(main).toContainText(`About 100 North Korean workers were sent to Russia`);
    await expect(main).toContainText(publicWord);
    await expect(main).toContainText('12–29 January 2025');
    await expect(main).toContainText('Democratic People’s Republic of Korea (resolution 1718)');
    await expect(main).toContainText('Overseas workers earning income abroad');
    await expect(main).toContainText('Likely');
    const sources = page.getByRole('region', { name: 'Public sources' });
    await expect(sources).toContainText('Media: Daily NK');
    const body = page.locator('body');
    await expect(body).not.toContainText('Worker at the Musan mine');
    await expect(body).not.toContainText('Yanji');
    await expect(body).not.toContainText(internalWord);
    await expect(body).not.toContainText('Internal title');
    await expectAccessible(page);

    // The way back, and a reference that is not published.
    await page.getByRole('link', { name: 'All published incidents' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Published incidents' }),
    ).toBeVisible();
    for (const reference of ['INC-1999-9999', 'not-a-reference']) {
      await page.goto(`/app/published/${reference}`);
      await expect(
        page.getByRole('heading', { level: 1, name: 'Incident not found' }),
      ).toBeVisible();
      await expect(page.getByRole('main')).toContainText(
        `No published incident has the reference ${reference}.`,
      );
    }
    await expectAccessible(page);
    onlyPublic(calls);
  });

  test('reads in Korean and in Russian', async ({ page }) => {
    const calls = apiCalls(page);
    await page.goto(`/app/published?q=${run}`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await expect(page.getByRole('heading', { level: 1, name: '공개된 사건' })).toBeVisible();
    const results = page.getByRole('region', { name: '결과' });
    await expect(results).toContainText('사건 2건 표시');
    await expect(results).toContainText('2025년 1월 12일 ~ 29일');
    await expect(results).toContainText('해외 IT 노동자');
    await expect(page.getByRole('link', { name: '직원 로그인' })).toBeVisible();
    await expectAccessible(page);

    await page.goto(`/app/published/${china.reference}`);
    await page.getByRole('combobox', { name: '언어' }).selectOption('ru');
    await expect(
      page.getByRole('heading', { level: 1, name: `IT workers in Shenyang ${run}` }),
    ).toBeVisible();
    const main = page.getByRole('main');
    await expect(main).toContainText('март 2024');
    await expect(main).toContainText('Китай');
    await expect(main).toContainText('ИТ-работники за рубежом');
    await expect(page.getByRole('region', { name: 'Открытые источники' })).toContainText(
      'Daily NK',
    );
    await expect(page.getByRole('link', { name: 'Вход для сотрудников' })).toBeVisible();
    await expectAccessible(page);
    onlyPublic(calls);
  });
});

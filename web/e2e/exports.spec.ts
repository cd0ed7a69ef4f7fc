import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Page } from '@playwright/test';
import { bearer, publishedCase } from './cases';
import { Api, expect, expectAccessible, Person, signIn, test } from './fixtures';

/** A word no other test writes, so a search for it isolates this test's incidents. */
const marker = (prefix: string): string =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** One published incident and one still in intake, both carrying `word` in their titles. */
async function twoIncidents(api: Api, word: string) {
  const monitor = await api.user(['monitor']);
  const verifier = await api.user(['verifier']);
  const writer = await api.user(['writer']);
  const published = await publishedCase(
    api,
    { monitor, verifier, writer },
    { title: `Musan mine workers sent to Russia ${word}` },
  );
  const intake = await api.incident(monitor, { title: `Fuel transfer off Nampo ${word}` });
  return { published, intake, writer, verifier };
}

/** What /incidents/stats answers `person` for these filters: the preview must say the same. */
async function statsOf(api: Api, person: Person, query: Record<string, string>) {
  const answer = await api.http.get('/api/v1/incidents/stats', {
    headers: await bearer(api.http, person),
    params: query,
  });
  expect(answer.status()).toBe(200);
  return (await answer.json()) as { total: number; byStatus: { key: string; count: number }[] };
}

async function exportsOf(api: Api, person: Person) {
  const answer = await api.http.get('/api/v1/exports', {
    headers: await bearer(api.http, person),
  });
  return ((await answer.json()) as { items: { id: string; format: string; fields: string[] }[] })
    .items;
}

async function search(page: Page, name: string, word: string): Promise<void> {
  await page.getByRole('textbox', { name }).fill(word);
  await page.getByRole('button', { name, exact: true }).click();
}

async function downloaded(page: Page, button: ReturnType<Page['getByRole']>) {
  const downloading = page.waitForEvent('download');
  await button.click();
  const download = await downloading;
  expect(download.url()).toMatch(/\/api\/v1\/exports\/[0-9a-f-]{36}\/download$/);
  return readFile(await download.path());
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

test.describe('exports', () => {
  test('a writer builds a Markdown report of what they published, downloads it, and finds it among their exports', async ({
    page,
    api,
  }) => {
    const word = marker('Zreport');
    const { published, intake, writer } = await twoIncidents(api, word);

    await signIn(page, writer);
    await page.getByRole('link', { name: 'Exports' }).click();
    await expect(page.getByRole('heading', { name: 'Exports', level: 1 })).toBeVisible();
    // A new writer has none yet: the screen says what exports are and where to make one.
    await expect(
      page.getByText(/No export yet\. An export is a file of the incidents/),
    ).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('main').getByRole('link', { name: 'Build a report' }).first().click();

    await expect(page.getByRole('heading', { name: 'Report builder', level: 1 })).toBeVisible();
    await search(page, 'Search', word);
    await expect(page).toHaveURL(new RegExp(`/app/exports/new\\?q=${word}`));
    const stats = await statsOf(api, writer, { q: word });
    expect(stats.total).toBe(2);
    const preview = page.getByRole('region', { name: 'What it will hold' });
    await expect(preview.getByTestId('preview-total')).toHaveText(
      `${stats.total} incidents match these filters.`,
    );
    const publishedCount = stats.byStatus.find((bucket) => bucket.key === 'published')!.count;
    await expect(preview.getByTestId('preview-public')).toHaveText(
      `A public export holds published incidents only: ${publishedCount} of them is published.`,
    );
    await expect(preview).toContainText('By status: Intake 1, Published 1');
    await expect(preview).toContainText('By country: North Korea 2, Russia 2');

    // A writer makes public exports only, and is told why internal is missing.
    await expect(page.getByRole('radio', { name: /^Public/ })).toBeChecked();
    await expect(page.getByRole('radio', { name: /^Internal/ })).toHaveCount(0);
    await expect(
      page.getByText('Internal exports are for verifiers and admins: your roles include neither.'),
    ).toBeVisible();
    await page.getByRole('radio', { name: 'Markdown report' }).check();
    await expect(page.getByRole('group', { name: 'Columns' })).toHaveCount(0);

    // Bad input is refused in words before anything is sent.
    await page.getByRole('textbox', { name: 'Title' }).fill('T'.repeat(201));
    await expect(
      page.getByText('A title has at most 200 characters; this one has 201.').first(),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Start the export' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'A title has at most 200 characters; this one has 201.',
    );
    expect(await exportsOf(api, writer)).toEqual([]);
    await expectAccessible(page);

    const title = `Labour exports to Russia ${word}`;
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page
      .getByRole('textbox', { name: 'Introduction' })
      .fill('Incidents documented by our monitors.\n\nEach was verified before publication.');
    await page.getByRole('button', { name: 'Start the export' }).click();
    const job = page.getByRole('region', { name: 'Markdown report · Public' });
    await expect(job.getByText('The file is ready.')).toBeVisible({ timeout: 30_000 });
    const shown = (await job.getByTestId('export-sha256').textContent())!.trim();
    await expect(job.getByRole('row', { name: /Incidents/ })).toContainText('1');
    await expectAccessible(page);

    const bytes = await downloaded(page, job.getByRole('button', { name: 'Download' }));
    expect(sha256(bytes)).toBe(shown);
    const report = bytes.toString('utf8');
    expect(report).toContain(title);
    expect(report).toContain('Each was verified before publication.');
    expect(report).toContain(published.reference);
    expect(report).not.toContain(intake.reference);

    // The exports screen lists it with its rows, size and expiry.
    await page.getByRole('navigation').getByRole('link', { name: 'Exports' }).click();
    const card = page.getByRole('article', { name: 'Markdown report · Public' });
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(`“${title}”`);
    await expect(card).toContainText('Status: Ready');
    await expect(card).toContainText(`Search: ${word}`);
    await expect(card.getByRole('row', { name: /Incidents/ })).toContainText('1');
    await expect(card.getByTestId('export-size')).toHaveText(/^\d+(\.\d)? (bytes|kB)$/);
    await expect(card.getByRole('row', { name: /Available until/ })).toContainText(/\d{4}/);
    await expect(card.getByTestId('export-sha256')).toHaveText(shown);
    expect(sha256(await downloaded(page, card.getByRole('button', { name: 'Download' })))).toBe(
      shown,
    );
    await expectAccessible(page);
  });

  test('a verifier opens the builder from the list and makes an internal CSV of the columns they chose', async ({
    page,
    api,
  }) => {
    const word = marker('Zcsv');
    const { published, intake, verifier } = await twoIncidents(api, word);

    await signIn(page, verifier);
    await page.goto(`/app/incidents?q=${word}&status=intake`);
    await page.getByRole('button', { name: 'Export this view' }).click();
    await page.getByRole('link', { name: 'Open in the report builder' }).click();
    // The builder opens with the view's filters, in its URL and in its fields.
    await expect(page.getByRole('heading', { name: 'Report builder', level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/q=Zcsv/);
    await expect(page).toHaveURL(/status=intake/);
    await expect(page.getByRole('textbox', { name: 'Search' })).toHaveValue(word);
    await expect(page.getByTestId('preview-total')).toHaveText('1 incident matches these filters.');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Any status' });
    await expect(page).not.toHaveURL(/status=/);
    await expect(page.getByTestId('preview-total')).toHaveText('2 incidents match these filters.');
    // Internal scope counts every status: no note about published incidents.
    await expect(page.getByTestId('preview-public')).toHaveCount(0);

    await expect(page.getByRole('radio', { name: /^Internal/ })).toBeChecked();
    await expect(
      page.getByText('Public exports are for writers and admins: your roles include neither.'),
    ).toBeVisible();
    await page.getByRole('radio', { name: 'CSV (spreadsheet)' }).check();
    await expect(page.getByRole('textbox', { name: 'Title' })).toHaveCount(0);
    const columns = page.getByRole('group', { name: 'Columns' });
    await columns.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'Start the export' }).click();
    await expect(page.getByRole('alert')).toHaveText('Choose at least one column.');
    expect(await exportsOf(api, verifier)).toEqual([]);
    await expectAccessible(page);

    for (const name of ['Reference', 'Title', 'Status']) {
      await columns.getByRole('checkbox', { name, exact: true }).check();
    }
    await page.getByRole('button', { name: 'Start the export' }).click();
    const job = page.getByRole('region', { name: 'CSV (spreadsheet) · Internal' });
    await expect(job.getByText('The file is ready.')).toBeVisible({ timeout: 30_000 });
    const shown = (await job.getByTestId('export-sha256').textContent())!.trim();
    const bytes = await downloaded(page, job.getByRole('button', { name: 'Download' }));
    expect(sha256(bytes)).toBe(shown);
    const lines = bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('reference,title,status');
    expect(lines.slice(1).sort()).toEqual(
      [
        `${intake.reference},Fuel transfer off Nampo ${word},intake`,
        `${published.reference},Musan mine workers sent to Russia ${word},published`,
      ].sort(),
    );
    expect((await exportsOf(api, verifier)).map((item) => item.fields)).toEqual([
      ['reference', 'title', 'status'],
    ]);
    await expectAccessible(page);
  });

  test('a monitor has no Exports entry, and the exports pages say who makes exports', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor']);
    await signIn(page, monitor);
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'Incidents' }),
    ).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Exports' })).toHaveCount(
      0,
    );
    for (const path of ['/app/exports', '/app/exports/new']) {
      await page.goto(path);
      await expect(page.getByRole('note')).toHaveText(
        'Exports are made by writers (public), verifiers (internal) and admins: your roles include none of these, so there is nothing to show here.',
      );
      await expect(page.getByRole('table')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Start the export' })).toHaveCount(0);
      await expectAccessible(page);
    }
  });

  for (const pass of [
    {
      language: 'ko',
      builder: '보고서 작성기',
      search: '검색',
      total: '이 필터에 맞는 사건은 2건입니다.',
      markdown: 'Markdown 보고서',
      title: '제목',
      start: '내보내기 시작',
      ready: '파일이 준비되었습니다.',
    },
    {
      language: 'ru',
      builder: 'Конструктор отчётов',
      search: 'Поиск',
      total: 'Под эти фильтры подходят 2 инцидента.',
      markdown: 'Отчёт Markdown',
      title: 'Заголовок',
      start: 'Начать выгрузку',
      ready: 'Файл готов.',
    },
  ]) {
    test(`a writer builds a report in ${pass.language}`, async ({ page, api }) => {
      const word = marker(`Z${pass.language}`);
      const { writer } = await twoIncidents(api, word);
      await signIn(page, writer);
      await page.goto('/app/exports/new');
      await page.getByRole('combobox', { name: 'Language' }).selectOption(pass.language);
      await expect(page.getByRole('heading', { name: pass.builder, level: 1 })).toBeVisible();
      await search(page, pass.search, word);
      await expect(page.getByTestId('preview-total')).toHaveText(pass.total);
      await page.getByRole('radio', { name: pass.markdown }).check();
      await page.getByRole('textbox', { name: pass.title }).fill(`${pass.builder} ${word}`);
      await expectAccessible(page);
      await page.getByRole('button', { name: pass.start }).click();
      await expect(page.getByText(pass.ready)).toBeVisible({ timeout: 30_000 });
      await expectAccessible(page);
    });
  }
});

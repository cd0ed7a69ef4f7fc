import { expect, expectAccessible, signIn, test } from './fixtures';

test.describe('the incident list and detail', () => {
  test('lists incidents with names, keeps its filters in the URL, and opens one in words', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const filed = await api.incident(monitor);
    await api.incident(monitor, {
      title: 'IT workers in Shenyang',
      category: 'it_workers',
      occurredFrom: '2024-03',
      occurredTo: '2024-03',
      datePrecision: 'month',
      locations: [{ role: 'occurrence', countryCode: 'CN' }],
    });
    await signIn(page, monitor);
    await expect(page.getByRole('heading', { name: 'My drafts' })).toBeVisible();
    await expect(page.getByRole('link', { name: filed.reference })).toBeVisible();

    await page.getByRole('link', { name: 'Incidents' }).click();
    await expect(page.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(filed.reference) });
    await expect(row).toContainText('Musan mine workers sent to Russia');
    await expect(row).toContainText('12–29 January 2025');
    await expect(row).toContainText('North Korea, Russia');
    await expect(row).toContainText('Overseas workers earning income abroad');
    await expect(page.getByRole('row', { name: /IT workers in Shenyang/ })).toContainText(
      'March 2024',
    );
    await expectAccessible(page);

    // A search is in the URL, and survives a reload.
    await page.getByRole('textbox', { name: 'Search' }).fill('Shenyang');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=Shenyang/);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Search' })).toHaveValue('Shenyang');
    await expect(page.getByRole('row', { name: /IT workers in Shenyang/ })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(filed.reference) })).toHaveCount(0);

    // A filter that matches nothing says so.
    await page.getByLabel('Status').selectOption('published');
    await expect(page).toHaveURL(/status=published/);
    await expect(page.getByText('No incident matches these filters.')).toBeVisible();

    await page.goto(`/app/incidents/${filed.id}`);
    await expect(
      page.getByRole('heading', { name: 'Musan mine workers sent to Russia', level: 1 }),
    ).toBeVisible();
    await expect(page.getByText('Origin: Musan, North Hamgyong, North Korea')).toBeVisible();
    await expect(page.getByText('Destination: Russia')).toBeVisible();
    await expect(
      page.getByText("Democratic People's Republic of Korea → UNSCR 2397 (2017) OP8"),
    ).toBeVisible();
    await expect(page.getByText('about 100 workers', { exact: true })).toBeVisible();
    await expect(page.getByText('Filed by Mira Monitor', { exact: false })).toBeVisible();
    await expectAccessible(page);
  });

  test('withdraws a draft through its dialog, with a note, and then offers nothing more', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const filed = await api.incident(monitor, { title: 'Filed twice by mistake' });
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${filed.id}`);
    await page.getByRole('button', { name: 'Withdraw this draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw this draft' });
    await expect(dialog).toContainText('withdrawn, not deleted');
    // The dialog (and its scroll lock) must run under the CSP: the fixture fails on a violation.
    await expectAccessible(page);
    await expect(dialog.getByRole('button', { name: 'Confirm' })).toBeDisabled();
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Same incident as the other draft.');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Withdrawn', { exact: true })).toBeVisible();
    await expect(page.getByText('Nothing you can do to this incident now.')).toBeVisible();
    const history = await api.http.get(`/api/v1/incidents/${filed.id}/history`, {
      headers: api.headers(),
    });
    const entries = (
      (await history.json()) as { items: { kind: string; data: { note?: string } }[] }
    ).items;
    expect(
      entries.filter((entry) => entry.kind === 'transition').map((entry) => entry.data.note),
    ).toEqual(['Same incident as the other draft.']);
  });

  test('says so when an incident does not exist', async ({ page, api }) => {
    const verifier = await api.user(['verifier']);
    await signIn(page, verifier);
    await page.goto('/app/incidents/6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f');
    await expect(
      page.getByRole('heading', { name: 'This incident does not exist, or you may not see it.' }),
    ).toBeVisible();
    await page.goto('/app/incidents/not-a-uuid');
    await expect(
      page.getByRole('heading', { name: 'This incident does not exist, or you may not see it.' }),
    ).toBeVisible();
    await page.goto('/app/no-such-page');
    await expect(page.getByRole('heading', { name: 'This page does not exist.' })).toBeVisible();
  });
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { caseForVerification, PDF, PNG } from './cases';
import { expect, expectAccessible, signIn, test } from './fixtures';

test.describe('verification', () => {
  test('a verifier takes an incident, reviews each item, and verifies as confirmed only with two groups', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const verifier = await api.user(['verifier'], 'Vera Verifier');
    const filed = await caseForVerification(api, monitor);
    await caseForVerification(api, monitor);

    await signIn(page, verifier);
    await page.getByRole('link', { name: 'Verification' }).click();
    const open = page.getByRole('region', { name: 'Open: you may take these' });
    await expect(open.getByRole('link', { name: filed.reference })).toBeVisible();
    await expectAccessible(page);
    await open.getByRole('button', { name: `Take: ${filed.reference}` }).click();

    await expect(
      page.getByRole('heading', { name: `Review: ${filed.reference}`, level: 1 }),
    ).toBeVisible();
    const items = page.getByRole('navigation', { name: 'Evidence items' });
    await expect(items.getByRole('button')).toHaveCount(3);
    const item = page.getByRole('region', { name: /Item \d of 3/ });
    const review = page.getByRole('region', { name: 'Your review' });

    // The image is previewed from a blob: URL fetched with the token, never by its address.
    await items.getByRole('button', { name: /Photo of the bus at Rason/ }).click();
    const preview = item.getByRole('img', { name: 'Preview of bus.png' });
    await expect(preview).toBeVisible();
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await expect(item).toContainText(createHash('sha256').update(PNG).digest('hex'));
    await expectAccessible(page);
    await expect(review.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await review
      .getByRole('textbox', { name: 'Note (required)' })
      .fill('Matches the satellite image of the depot.');
    await review.getByRole('button', { name: 'Approve' }).click();
    await expect(items.getByRole('button', { name: /Photo of the bus at Rason/ })).toContainText(
      'Approved',
    );

    // The PDF is a download by ticket, and its bytes hash to the SHA-256 shown.
    await items.getByRole('button', { name: /Labour contract/ }).click();
    await expect(item.getByRole('img')).toHaveCount(0);
    const shown = createHash('sha256').update(PDF).digest('hex');
    await expect(item).toContainText(shown);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: 'Download the file' }).click(),
    ]);
    const saved = readFileSync(await download.path());
    expect(createHash('sha256').update(saved).digest('hex')).toBe(shown);
    expect(download.url()).not.toContain('ticket');
    await expect(item.getByRole('region', { name: 'Chain of custody' })).toContainText(
      'Downloaded by Vera Verifier',
    );
    await review
      .getByRole('textbox', { name: 'Note (required)' })
      .fill('Signed contract, dated 3 January.');
    await review.getByRole('button', { name: 'Approve' }).click();
    await expect(items.getByRole('button', { name: /Labour contract/ })).toContainText('Approved');

    // With the testimony pending and one independence group, the dialog says what is missing.
    await page.getByRole('button', { name: 'Decide on this incident' }).click();
    const dialog = page.getByRole('dialog', { name: `Decide on ${filed.reference}` });
    await expect(dialog).toContainText('1 item is still pending review');
    await expect(dialog).toContainText('1 independent group');
    await expect(dialog.getByRole('radio', { name: 'Confirmed' })).toBeDisabled();
    await expect(dialog).toContainText(
      '"Confirmed" needs approved evidence from two independent sources (two groups); this incident has 1.',
    );
    await dialog.getByRole('radio', { name: 'Likely' }).check();
    await expect(dialog.getByRole('button', { name: 'Verify' })).toBeDisabled();
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // The testimony: its text, its source by pseudonym only.
    await items.getByRole('button', { name: /Account of a worker/ }).click();
    await expect(item).toContainText('About a hundred of us boarded buses to Rason on 12 January.');
    await expect(item).toContainText(/Confidential: SRC-/);
    await expect(page.getByText('Worker at the Musan mine')).toHaveCount(0);
    await review
      .getByRole('textbox', { name: 'Note (required)' })
      .fill('Consistent with the contract dates.');
    await review.getByRole('button', { name: 'Approve' }).click();
    await expect(items.getByRole('button', { name: /Account of a worker/ })).toContainText(
      'Approved',
    );

    await page.getByRole('button', { name: 'Decide on this incident' }).click();
    await expect(dialog).toContainText('No evidence is still pending review');
    await expect(dialog).toContainText('2 independent groups');
    await dialog.getByRole('radio', { name: 'Confirmed' }).check();
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await expect(dialog.getByRole('status')).toHaveText(
      `Done: ${filed.reference} is now Verified.`,
    );
    // Then on to the next incident of the queue (other flows leave incidents open for anyone).
    const next = dialog.getByRole('button', { name: /^Next in the queue: INC-\d{4}-\d+$/ });
    const nextReference = ((await next.textContent()) ?? '').replace('Next in the queue: ', '');
    expect(nextReference).not.toBe(filed.reference);
    await next.click();
    await expect(
      page.getByRole('heading', { name: `Review: ${nextReference}`, level: 1 }),
    ).toBeVisible();

    const after = await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: api.headers() });
    expect(await after.json()).toMatchObject({ status: 'verified', confidence: 'confirmed' });
  });

  test('the verifier who filed an incident is told why they cannot review or verify it', async ({
    page,
    api,
  }) => {
    const both = await api.user(['monitor', 'verifier'], 'Min-ji Both');
    const filed = await caseForVerification(api, both);
    await signIn(page, both);
    await page.getByRole('link', { name: 'Verification' }).click();
    const mine = page.getByRole('region', {
      name: 'You filed these: someone else must verify them',
    });
    await expect(mine.getByRole('link', { name: filed.reference })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Open: you may take these' })).not.toContainText(
      filed.reference,
    );

    await page.goto(`/app/incidents/${filed.id}/review`);
    await expect(page.getByRole('note').first()).toHaveText(
      'You filed this incident: someone else must decide on it (four eyes).',
    );
    await expect(page.getByRole('region', { name: 'Your review' })).toContainText(
      'You filed this incident, so you cannot review its evidence: someone else must (four eyes).',
    );
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expectAccessible(page);
    // J moves to the next item from the keyboard.
    await page.keyboard.press('j');
    await expect(page.getByRole('heading', { name: 'Item 2 of 3' })).toBeVisible();
    await page.getByRole('button', { name: 'Decide on this incident' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('someone else must decide on it (four eyes)');
    await expect(dialog.getByRole('button', { name: 'Verify' })).toHaveCount(0);
  });
});

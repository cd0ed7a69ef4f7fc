import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { catalog } from '../src/i18n/catalog';
import { approveAll, auditCount, bearer, caseForVerification, PDF, PNG } from './cases';
import { expect, expectAccessible, signIn, test } from './fixtures';

const [ko, ru] = [catalog('ko'), catalog('ru')];

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

  test('a review or a decision on a version someone changed meanwhile shows what changed, and re-applying it verifies', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const verifier = await api.user(['verifier'], 'Vera Verifier');
    const other = await api.user(['verifier'], 'Otto Other');
    const filed = await caseForVerification(api, monitor);
    await signIn(page, verifier);
    await page.goto(`/app/incidents/${filed.id}/review`);

    // A colleague reviews every item while this verifier writes a rejection of the first.
    const review = page.getByRole('region', { name: 'Your review' });
    await review.getByRole('textbox', { name: 'Note (required)' }).fill('Looks forged to me.');
    await approveAll(api, filed.id, other);
    await review.getByRole('button', { name: 'Reject' }).click();
    const stale = review.getByRole('region', {
      name: 'Someone changed this incident while you were deciding',
    });
    await expect(stale.getByRole('region', { name: 'Changed since you opened it' })).toContainText(
      'Otto Other approved an evidence item.',
    );
    await expect(stale).toContainText('Decision: Reject');
    await expect(stale).toContainText('Note: Looks forged to me.');
    await expect(stale.getByRole('note')).toHaveText(
      'This item is no longer pending: it is now Approved.',
    );
    await expect(
      stale.getByRole('button', { name: 'Send my decision on the new version' }),
    ).toBeDisabled();
    await stale.getByRole('button', { name: 'Change my decision first' }).click();
    await expect(stale).toBeHidden();
    await expect(review).toContainText('This item is no longer pending: nothing to review.');

    await page.getByRole('button', { name: 'Decide on this incident' }).click();
    const dialog = page.getByRole('dialog', { name: `Decide on ${filed.reference}` });
    await dialog.getByRole('radio', { name: 'Likely' }).check();
    await dialog
      .getByRole('textbox', { name: 'Note' })
      .fill('Two witnesses and the contract agree.');

    // An admin writes the public text while the dialog is open.
    const current = (await (
      await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: api.headers() })
    ).json()) as { version: number };
    const theirs = await api.http.patch(`/api/v1/incidents/${filed.id}`, {
      headers: api.headers(),
      data: { publicSummary: 'A draft for the public from the desk.', version: current.version },
    });
    expect(theirs.status()).toBe(200);

    await dialog.getByRole('button', { name: 'Verify' }).click();
    const merge = dialog.getByRole('region', {
      name: 'Someone changed this incident while you were deciding',
    });
    await expect(merge.getByRole('region', { name: 'Changed since you opened it' })).toContainText(
      'A draft for the public from the desk.',
    );
    const mine = merge.getByRole('region', { name: 'Your decision, not sent yet' });
    await expect(mine).toContainText('Decision: Verify');
    await expect(mine).toContainText('Confidence: Likely');
    await expect(mine).toContainText('Note: Two witnesses and the contract agree.');
    // The note and the choice are kept; the plain Verify waits until the verifier chooses a way on.
    await expect(dialog.getByRole('textbox', { name: 'Note' })).toHaveValue(
      'Two witnesses and the contract agree.',
    );
    await expect(dialog.getByRole('button', { name: 'Verify', exact: true })).toBeDisabled();
    await expectAccessible(page);

    await merge.getByRole('button', { name: 'Send my decision on the new version' }).click();
    await expect(dialog.getByRole('status')).toHaveText(
      `Done: ${filed.reference} is now Verified.`,
    );
    const after = await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: api.headers() });
    expect(await after.json()).toMatchObject({
      status: 'verified',
      confidence: 'likely',
      publicSummary: 'A draft for the public from the desk.',
    });
  });

  test('each reveal of a confidential source is audited once, and leaving the page hides it again', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const verifier = await api.user(['verifier'], 'Vera Verifier');
    const filed = await caseForVerification(api, monitor);
    const sources = (await (
      await api.http.get(`/api/v1/incidents/${filed.id}/sources`, { headers: api.headers() })
    ).json()) as { items: { id: string; confidential: boolean; pseudonym?: string }[] };
    const informant = sources.items.find((source) => source.confidential)!;
    const before = await auditCount(api, 'source.revealed', informant.id);

    await signIn(page, verifier);
    await page.goto(`/app/incidents/${filed.id}`);
    const edit = page.getByRole('button', { name: `Edit: Confidential: ${informant.pseudonym}` });
    const dialog = page.getByRole('dialog', { name: `Edit source ${informant.pseudonym}` });
    const reveal = dialog.getByRole('button', { name: 'Reveal the details' });
    const contact = dialog.getByRole('textbox', { name: 'Contact (optional)' });

    await edit.click();
    await expect(dialog).toContainText('The reveal is written to the audit log.');
    await reveal.click();
    await expect(contact).toHaveValue('via the Yanji contact');
    expect(await auditCount(api, 'source.revealed', informant.id)).toBe(before + 1);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // Opened again, it is hidden again: a second look is a second reveal, audited again.
    await edit.click();
    await expect(reveal).toBeVisible();
    await expect(dialog).not.toContainText('Yanji');
    await reveal.click();
    await expect(contact).toHaveValue('via the Yanji contact');
    expect(await auditCount(api, 'source.revealed', informant.id)).toBe(before + 2);

    // Leaving the page with the details on screen, then coming back: hidden, nothing kept.
    await page.goBack();
    await expect(dialog).toBeHidden();
    await page.goForward();
    await expect(edit).toBeVisible();
    await expect(page.getByText(/Yanji|Worker at the Musan mine/)).toHaveCount(0);
    await edit.click();
    await expect(reveal).toBeVisible();
    await expect(dialog).not.toContainText('Yanji');
    const stored = await page.evaluate(() =>
      JSON.stringify([{ ...localStorage }, { ...sessionStorage }]),
    );
    expect(stored).not.toMatch(/Yanji|Worker at the Musan/);
    expect(await auditCount(api, 'source.revealed', informant.id)).toBe(before + 2);
    await expectAccessible(page);
  });

  for (const [language, s] of [
    ['ko', ko],
    ['ru', ru],
  ] as const) {
    test(`a verifier takes, reviews and verifies in ${language}`, async ({ page, api }) => {
      const monitor = await api.user(['monitor']);
      const verifier = await api.user(['verifier']);
      const filed = await caseForVerification(api, monitor);
      // The image and the contract approved already: the testimony is reviewed on screen.
      const as = await bearer(api.http, verifier);
      const items = (await (
        await api.http.get(`/api/v1/incidents/${filed.id}/evidence`, { headers: as })
      ).json()) as { items: { id: string; version: number; kind: string }[] };
      for (const item of items.items.filter((candidate) => candidate.kind !== 'testimony')) {
        const reviewed = await api.http.post(`/api/v1/evidence/${item.id}/review`, {
          headers: as,
          data: { decision: 'approved', note: 'Checked.', version: item.version },
        });
        expect(reviewed.status()).toBe(200);
      }

      await page.addInitScript((lang) => localStorage.setItem('st-language', lang), language);
      await signIn(page, verifier);
      await page.getByRole('link', { name: s.verification.queue }).click();
      await page
        .getByRole('button', { name: `${s.verification.take}: ${filed.reference}` })
        .click();
      await expect(
        page.getByRole('heading', {
          name: s.verification.workspace.replace('{{reference}}', filed.reference),
          level: 1,
        }),
      ).toBeVisible();
      await page
        .getByRole('navigation', { name: s.verification.items })
        .getByRole('button', { name: /Account of a worker/ })
        .click();
      const review = page.getByRole('region', { name: s.verification.decision });
      await review.getByRole('textbox', { name: s.verification.note }).fill('OK');
      await review.getByRole('button', { name: s.verification.approve }).click();
      await expect(page.getByRole('button', { name: /Account of a worker/ })).toContainText(
        s.evidenceStatus.approved,
      );

      await page.getByRole('button', { name: s.verification.decide }).click();
      const dialog = page.getByRole('dialog', {
        name: s.verification.dialogTitle.replace('{{reference}}', filed.reference),
      });
      await expect(dialog).toContainText(s.verification.noPending);
      // Two is "other" in Korean and "few" in Russian.
      const groups = s.verification as unknown as Record<string, string>;
      await expect(dialog).toContainText(
        groups[language === 'ru' ? 'groups_few' : 'groups_other'].replace('{{count}}', '2'),
      );
      await dialog.getByRole('radio', { name: s.confidence.confirmed }).check();
      await expectAccessible(page);
      await dialog.getByRole('button', { name: s.verification.verify, exact: true }).click();
      await expect(dialog.getByRole('status')).toHaveText(
        s.verification.done
          .replace('{{reference}}', filed.reference)
          .replace('{{status}}', s.status.verified),
      );
    });
  }
});

import { catalog } from '../src/i18n/catalog';
import { bearer, verifiedCase } from './cases';
import { Api, expect, expectAccessible, signIn, test } from './fixtures';

const [ko, ru] = [catalog('ko'), catalog('ru')];

/**
 * A webhook subscribed to transitions, as an admin makes it; answers its removal. It points at
 * a closed loopback port, and is removed before anything is published.
 */
async function transitionWebhook(api: Api): Promise<() => Promise<void>> {
  const created = await api.http.post('/api/v1/webhooks', {
    headers: api.headers(),
    data: {
      url: 'http://127.0.0.1:9/publication-flow',
      events: ['incident.transitioned'],
      secret: 'the publication flow webhook secret',
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  return async () => {
    const removed = await api.http.delete(`/api/v1/webhooks/${id}`, { headers: api.headers() });
    expect(removed.status()).toBe(204);
  };
}

test.describe('publication', () => {
  test('a writer writes the public text, is warned of private names, publishes, then retracts', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const verifier = await api.user(['verifier'], 'Vera Verifier');
    const writer = await api.user(['writer'], 'Wen Writer');
    const filed = await verifiedCase(api, monitor, verifier);

    await signIn(page, writer);
    await page.getByRole('link', { name: 'Publication' }).click();
    const waiting = page.getByRole('region', { name: 'Verified, waiting for publication' });
    await expect(waiting).toContainText(filed.reference);
    await expect(waiting).toContainText('No public text yet');
    await expectAccessible(page);
    await waiting
      .getByRole('button', { name: `Write the public text: ${filed.reference}` })
      .click();

    await expect(
      page.getByRole('heading', { name: `Public text: ${filed.reference}`, level: 1 }),
    ).toBeVisible();
    // Copied from the internal summary: a place and an actor that publication withholds.
    await page
      .getByRole('textbox', { name: 'Public summary' })
      .fill('About 100 workers of the Musan Mine were sent to Russia in January 2025.');
    const check = page.getByRole('region', { name: 'Redaction check' });
    await expect(check).toContainText('a place name: “Musan”');
    await expect(check).toContainText('an actor’s name: “Musan Mine”');
    await expect(page.getByText('You have unsaved changes')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
    await expectAccessible(page);

    // A colleague saves meanwhile: the 409 keeps what this writer typed.
    const asWriter = await bearer(api.http, writer);
    const current = (await (
      await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: asWriter })
    ).json()) as { version: number };
    const theirs = await api.http.patch(`/api/v1/incidents/${filed.id}`, {
      headers: asWriter,
      data: { publicSummary: 'A colleague’s draft.', version: current.version },
    });
    expect(theirs.status()).toBe(200);
    await page.getByRole('button', { name: 'Save the public text' }).click();
    await expect(page.getByRole('alert')).toContainText('Someone changed this incident meanwhile');
    await expect(page.getByRole('textbox', { name: 'Public summary' })).toHaveValue(
      'About 100 workers of the Musan Mine were sent to Russia in January 2025.',
    );
    await page
      .getByRole('textbox', { name: 'Public summary' })
      .fill('About 100 North Korean workers were sent to Russia in January 2025.');
    await expect(check).toContainText('Nothing in the public text matches');
    await page.getByRole('button', { name: 'Save the public text' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const preview = page.getByRole('region', { name: 'Exactly what the public will see' });
    await expect(preview).toContainText(
      'About 100 North Korean workers were sent to Russia in January 2025.',
    );
    await expect(preview).toContainText('Daily NK');
    await expect(preview).not.toContainText('Worker at the Musan mine');
    const private_ = page.getByRole('region', { name: 'Stays private' });
    await expect(private_).toContainText('The internal summary');
    await expect(private_).toContainText('Places, admin areas and coordinates');
    await expect(private_).toContainText('1 confidential source (not listed publicly)');

    // The writer cannot list webhooks, but the dialog says how many will be told.
    const removeWebhook = await transitionWebhook(api);
    await page.getByRole('button', { name: 'Publish' }).click();
    const dialog = page.getByRole('dialog', { name: `Publish ${filed.reference}` });
    await expect(dialog).toContainText('A public summary is written');
    await expect(dialog).toContainText('The redaction check finds nothing');
    await expect(dialog).toContainText(`/api/v1/public/incidents/${filed.reference}`);
    await expect(dialog).toContainText('1 webhook subscriber will be told at once.');
    await expect(dialog).toContainText('Copies made after publication cannot be recalled');
    await expectAccessible(page);
    await removeWebhook();
    await dialog.getByRole('button', { name: 'Publish now' }).click();
    await expect(dialog.getByRole('status')).toHaveText(
      `Done: ${filed.reference} is now Published.`,
    );

    // The preview was the public view: the public API answers the same text and sources.
    const publicView = await api.http.get(`/api/v1/public/incidents/${filed.reference}`);
    expect(publicView.status()).toBe(200);
    expect(await publicView.json()).toMatchObject({
      reference: filed.reference,
      title: 'Musan mine workers sent to Russia',
      publicSummary: 'About 100 North Korean workers were sent to Russia in January 2025.',
      countries: ['KP', 'RU'],
      sources: [{ kind: 'media', name: 'Daily NK', url: null }],
    });
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Retract' }).click();
    const retract = page.getByRole('dialog', { name: `Retract ${filed.reference}` });
    await expect(retract).toContainText('its public page then answers “not found”');
    await expect(retract.getByRole('button', { name: 'Retract now' })).toBeDisabled();
    await retract
      .getByRole('textbox', { name: 'Note (required)' })
      .fill('The second witness withdrew their account.');
    await retract.getByRole('button', { name: 'Retract now' }).click();
    await expect(retract.getByRole('status')).toHaveText(
      `Done: ${filed.reference} is now Retracted.`,
    );
    const gone = await api.http.get(`/api/v1/public/incidents/${filed.reference}`);
    expect(gone.status()).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('not_found');
  });

  test('a monitor has no publication screen and cannot write the public text', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const verifier = await api.user(['verifier'], 'Vera Verifier');
    const filed = await verifiedCase(api, monitor, verifier);
    await signIn(page, monitor);
    await expect(page.getByRole('link', { name: 'Publication' })).toHaveCount(0);
    await page.goto(`/app/incidents/${filed.id}/publication`);
    await expect(page.getByRole('note')).toHaveText(
      'Only writers and admins write the public text, while the incident is in verification or verified.',
    );
    await expect(page.getByRole('textbox', { name: 'Public summary' })).toHaveAttribute(
      'readonly',
      '',
    );
    await expect(page.getByRole('button', { name: 'Save the public text' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  });

  for (const [language, s] of [
    ['ko', ko],
    ['ru', ru],
  ] as const) {
    test(`a writer publishes and retracts in ${language}`, async ({ page, api }) => {
      const monitor = await api.user(['monitor']);
      const verifier = await api.user(['verifier']);
      const writer = await api.user(['writer']);
      const filed = await verifiedCase(api, monitor, verifier);
      await page.addInitScript((lang) => localStorage.setItem('st-language', lang), language);
      await signIn(page, writer);
      await page.getByRole('link', { name: s.publication.queue }).click();
      await page
        .getByRole('button', { name: `${s.publication.write}: ${filed.reference}` })
        .click();
      await page
        .getByRole('textbox', { name: s.publication.publicSummary })
        .fill('About 100 North Korean workers were sent to Russia in January 2025.');
      await page.getByRole('button', { name: s.publication.save }).click();
      await expect(page.getByRole('status').filter({ hasText: s.publication.saved })).toBeVisible();

      await page.getByRole('button', { name: s.publication.publish, exact: true }).click();
      const dialog = page.getByRole('dialog', {
        name: s.publication.publishTitle.replace('{{reference}}', filed.reference),
      });
      await expect(dialog).toContainText(s.publication.summaryWritten);
      await expect(dialog).toContainText(s.publication.noWebhooks);
      await expect(dialog).toContainText(s.publication.noRecall);
      await expectAccessible(page);
      await dialog.getByRole('button', { name: s.publication.confirmPublish }).click();
      const done = (status: string) =>
        s.publication.done.replace('{{reference}}', filed.reference).replace('{{status}}', status);
      await expect(dialog.getByRole('status')).toHaveText(done(s.status.published));
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: s.publication.retract, exact: true }).click();
      const retract = page.getByRole('dialog', {
        name: s.publication.retractTitle.replace('{{reference}}', filed.reference),
      });
      await expect(retract).toContainText(s.publication.retractHelp);
      await retract.getByRole('textbox', { name: s.publication.note }).fill('Withdrawn.');
      await expectAccessible(page);
      await retract.getByRole('button', { name: s.publication.confirmRetract }).click();
      await expect(retract.getByRole('status')).toHaveText(done(s.status.retracted));
    });
  }
});

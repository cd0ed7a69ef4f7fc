import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, Request } from '@playwright/test';
import { catalog } from '../src/i18n/catalog';
import { expect, expectAccessible, Person, signIn, test } from './fixtures';
import { UPLOAD_LIMIT } from './global-setup';

const [en, ko, ru] = [catalog('en'), catalog('ko'), catalog('ru')];

const PNG = readFileSync(join(import.meta.dirname, 'files', 'musan-mine-placeholder.png'));
const PNG_SHA256 = createHash('sha256').update(PNG).digest('hex');
// A Windows program renamed .png: the browser believes the name, the service reads the bytes.
const EXECUTABLE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4094, 0x90)]);
// A real PNG's first bytes, padded past the service's limit.
const OVERSIZED = Buffer.concat([PNG, Buffer.alloc(UPLOAD_LIMIT + 512 * 1024 - PNG.length, 7)]);
const INFORMANT_NAME = 'Kim Chol-su of the Musan mine office';
const INFORMANT_CONTACT = 'Signal +82 10 5555 0101';

const png = (name = 'musan-mine.png', buffer = PNG) => ({ name, mimeType: 'image/png', buffer });

/** Every POST of a file to the evidence route, to prove a refused file was never sent. */
function uploadsOf(page: Page): Request[] {
  const sent: Request[] = [];
  page.on('request', (request) => {
    if (
      request.method() === 'POST' &&
      /\/api\/v1\/incidents\/[^/]+\/evidence$/.test(request.url()) &&
      (request.headers()['content-type'] ?? '').startsWith('multipart/form-data')
    ) {
      sent.push(request);
    }
  });
  return sent;
}

type Strings = typeof en;

/** Adds a confidential informant through the dialog, checking what the switch says. */
async function addInformant(page: Page, s: Strings): Promise<string> {
  await page.getByRole('button', { name: s.sourceDialog.add }).click();
  const dialog = page.getByRole('dialog', { name: s.sourceDialog.title });
  await dialog.getByLabel(s.sourceDialog.kind).selectOption('informant');
  await dialog.getByRole('textbox', { name: s.sourceDialog.name }).fill(INFORMANT_NAME);
  await dialog.getByRole('radio', { name: `C — ${s.grading.reliability.C}` }).check();
  await dialog.getByRole('radio', { name: `3 — ${s.grading.credibility['3']}` }).check();
  await expect(dialog).toContainText(
    s.sourceDialog.chosenGrade.replace(
      '{{label}}',
      `C3 — ${s.grading.reliability.C}, ${s.grading.credibility['3']}`,
    ),
  );
  await dialog.getByRole('switch', { name: s.sourceDialog.confidential }).check();
  const statement = dialog.getByTestId('confidential-statement');
  await expect(statement).toContainText(s.sourceDialog.confidentialEncrypted);
  await expect(statement).toContainText(
    s.sourceDialog.confidentialOthers.replace('{{pseudonym}}', s.sourceDialog.pseudonymExample),
  );
  await expect(statement).toContainText(s.sourceDialog.confidentialWhoMay);
  await expect(statement).toContainText(s.sourceDialog.confidentialAudit);
  await dialog.getByRole('textbox', { name: s.sourceDialog.contact }).fill(INFORMANT_CONTACT);
  await expectAccessible(page);
  await dialog.getByRole('button', { name: s.sourceDialog.save }).click();
  await expect(dialog).toBeHidden();
  const sources = page.getByRole('region', { name: s.sources.title });
  const listed = sources.getByText(/SRC-[0-9A-Z]{4}/);
  await expect(listed).toBeVisible();
  await expect(sources).not.toContainText(INFORMANT_NAME);
  return /SRC-[0-9A-Z]{4}/.exec((await listed.textContent()) ?? '')![0];
}

/** Uploads the photo: browser hash first, progress while it is sent, then the two hashes. */
async function uploadPhoto(page: Page, s: Strings, how: 'keyboard' | 'drop'): Promise<Locator> {
  // Listening early: Playwright intercepts the browser's file chooser only once it listens.
  const chooser = how === 'keyboard' ? page.waitForEvent('filechooser') : null;
  await page.getByRole('button', { name: s.upload.add }).click();
  const dialog = page.getByRole('dialog', { name: s.upload.title });
  if (chooser) {
    // The picker button is reached with Tab and opened with Enter, as the keyboard would.
    const picker = dialog.getByRole('button', { name: s.upload.choose });
    // The dialog takes the focus when it opens; from there, Tab until the picker has it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null))
      .toBe(true);
    for (let step = 0; step < 10; step += 1) {
      if (await picker.evaluate((button) => button === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(picker).toBeFocused();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(png());
  } else {
    // Dragged from the desktop and dropped on the zone.
    const transfer = await page.evaluateHandle(
      ({ bytes, name }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
        return data;
      },
      { bytes: [...PNG], name: 'musan-mine.png' },
    );
    const zone = dialog.getByTestId('file-drop');
    await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await expect(zone).toContainText(s.upload.dropActive);
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
  }
  await expect(dialog.getByTestId('browser-sha256')).toHaveText(PNG_SHA256);
  await dialog.getByRole('textbox', { name: s.upload.description }).fill('Musan mine, gate 2');
  await expectAccessible(page);

  // Sent at 2 kB/s, so the progress is reported before the service answers; recorded as it shows.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 2048,
  });
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    const note = (element: Element): void => {
      for (const bar of [element, ...element.querySelectorAll('[role="progressbar"]')]) {
        if (bar.getAttribute('role') === 'progressbar') {
          seen.push(Number(bar.getAttribute('aria-valuenow')));
        }
      }
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') note(record.target as Element);
        for (const added of record.addedNodes) if (added instanceof Element) note(added);
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
  await dialog.getByRole('button', { name: s.upload.send }).click();
  await expect(dialog.getByRole('progressbar', { name: s.upload.progressLabel })).toBeVisible();
  await expect(dialog).toContainText(s.upload.progress.replace('{{percent}}', ''));
  await expect(dialog.getByTestId('server-sha256')).toHaveText(PNG_SHA256);
  await expect(dialog.getByTestId('browser-sha256')).toHaveText(PNG_SHA256);
  await expect(dialog.getByRole('status')).toHaveText(s.upload.hashMatch);
  const seen = await page.evaluate(
    () => (window as unknown as { progressSeen: number[] }).progressSeen,
  );
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await cdp.detach();
  expect(seen.some((value) => value > 0)).toBe(true);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  await expectAccessible(page);
  return dialog;
}

test.describe('sources, evidence and submit', () => {
  test('a monitor adds sources and evidence, is refused what the service refuses, and submits', async ({
    page,
    api,
    baseURL,
  }) => {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const monitor = await api.user(['monitor'], 'Mira Monitor');
    const other = await api.user(['monitor'], 'Oleg Other');
    const incident = await api.incident(monitor);
    const uploads = uploadsOf(page);
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${incident.id}`);
    const s = en;

    // A media source; first refused without its name.
    await page.getByRole('button', { name: 'Add a source' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add a source' });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save the source' }).click();
    await expect(dialog.getByText('A name is required.')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('NK News');
    await dialog.getByRole('textbox', { name: 'Web address (optional)' }).fill('not an address');
    await dialog.getByRole('button', { name: 'Save the source' }).click();
    await expect(dialog.getByText('A web address starts with http:// or https://.')).toBeVisible();
    await dialog
      .getByRole('textbox', { name: 'Web address (optional)' })
      .fill('https://www.nknews.org/2025/01/musan');
    await dialog.getByRole('radio', { name: 'B — usually reliable' }).check();
    await dialog.getByRole('radio', { name: '2 — probably true' }).check();
    await expect(dialog).toContainText(
      '"Confirmed" needs approved evidence tied to sources of at least two different independence groups.',
    );
    await expect(dialog.getByTestId('confidential-statement')).toHaveText(
      'Not confidential: every staff user sees all of this source; it may appear in exports and, once published, on the public page.',
    );
    await dialog.getByRole('button', { name: 'Save the source' }).click();
    await expect(dialog).toBeHidden();
    const sources = page.getByRole('region', { name: 'Sources' });
    await expect(sources).toContainText('NK News (Media)');
    await expect(sources).toContainText('B2 — usually reliable, probably true');

    // A confidential informant, in the same group as nobody: independent.
    const pseudonym = await addInformant(page, s);

    // An edit that meets a newer version: reloaded, what was typed kept, then saved.
    const listed = await api.http.get(`/api/v1/incidents/${incident.id}/sources`, {
      headers: api.headers(),
    });
    const nkNews = (
      (await listed.json()) as { items: { id: string; name?: string; version: number }[] }
    ).items.find((source) => source.name === 'NK News')!;
    await sources.getByRole('button', { name: 'Edit: NK News' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit source NK News' });
    await dialog.getByRole('textbox', { name: 'Notes (optional)' }).fill('Confirmed by two calls.');
    const changed = await api.http.patch(`/api/v1/sources/${nkNews.id}`, {
      headers: api.headers(),
      data: { credibility: 1, version: nkNews.version },
    });
    expect(changed.status()).toBe(200);
    await dialog.getByRole('button', { name: 'Save the source' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'Someone changed this source while you were editing it. It has been reloaded; what you typed is kept. Changed meanwhile: credibility. Check, then save again.',
    );
    await expect(dialog.getByRole('textbox', { name: 'Notes (optional)' })).toHaveValue(
      'Confirmed by two calls.',
    );
    await expect(
      dialog.getByRole('radio', { name: '1 — confirmed by other sources' }),
    ).not.toBeChecked();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save the source' }).click();
    await expect(dialog).toBeHidden();
    const saved = await api.http.get(`/api/v1/incidents/${incident.id}/sources`, {
      headers: api.headers(),
    });
    // The user's form still held credibility 2, and saving sent what differs from the fresh version.
    expect(
      (
        (await saved.json()) as { items: { name?: string; notes?: string; credibility: number }[] }
      ).items.find((source) => source.name === 'NK News'),
    ).toMatchObject({ notes: 'Confirmed by two calls.', credibility: 2 });

    // The photo, hashed in the browser and by the service: the same SHA-256.
    dialog = await uploadPhoto(page, s, 'keyboard');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await expect(evidence).toContainText('Musan mine, gate 2');
    await expect(evidence).toContainText(PNG_SHA256);
    await evidence.getByRole('button', { name: 'Chain of custody' }).click();
    await expect(evidence).toContainText('added · Mira Monitor');
    expect(uploads).toHaveLength(1);

    // A program renamed .png passes the browser's check (it believes the name); the service reads the bytes.
    await page.getByRole('button', { name: 'Add evidence' }).click();
    dialog = page.getByRole('dialog', { name: 'Add evidence' });
    await dialog.locator('input[type="file"]').setInputFiles(png('holiday.png', EXECUTABLE));
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Holiday photo');
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'The service refused the file: its content does not match an allowed type, whatever its name says (for example, a program renamed .png). Allowed: images, video, audio, PDF, office documents, plain text, CSV, JSON, ZIP.',
    );
    await expectAccessible(page);
    expect(uploads).toHaveLength(2);

    // Too large, and the limit is known: refused before a byte is sent.
    await expect(dialog.getByText('At most 1 MB.', { exact: false })).toBeVisible();
    await dialog.locator('input[type="file"]').setInputFiles(png('big.png', OVERSIZED));
    await expect(dialog.getByRole('alert')).toHaveText(
      'This file is 1.5 MB; at most 1 MB may be uploaded. Nothing was sent.',
    );
    await expect(dialog.getByRole('button', { name: 'Upload' })).toBeDisabled();
    // A program by its name: refused before sending too.
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: EXECUTABLE,
    });
    await expect(dialog.getByRole('alert')).toHaveText(
      'Files of this type (application/x-msdownload) cannot be added. Allowed: images, video, audio, PDF, office documents, plain text, CSV, JSON, ZIP. Nothing was sent.',
    );
    await expectAccessible(page);
    expect(uploads).toHaveLength(2);

    // A web address, kept as text.
    await dialog.getByText('A web address', { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Web address' }).fill('javascript:alert(1)');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Report on the Musan workers');
    await dialog.getByRole('button', { name: 'Add the web address' }).click();
    await expect(dialog.getByText('A web address starts with http:// or https://.')).toBeVisible();
    const address = 'https://www.dailynk.com/english/musan-workers-russia/';
    await dialog.getByRole('textbox', { name: 'Web address' }).fill(address);
    await dialog.getByRole('button', { name: 'Add the web address' }).click();
    await expect(dialog).toBeHidden();
    const urlItem = evidence.getByTestId('evidence-item').filter({ hasText: address });
    await expect(urlItem).toContainText('Report on the Musan workers');
    await expect(urlItem.getByRole('link')).toHaveCount(0);
    await urlItem.getByRole('button', { name: 'Copy the address' }).click();
    await expect(urlItem.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
    await urlItem.getByRole('button', { name: 'Open the site' }).click();
    dialog = page.getByRole('dialog', { name: 'Open this site?' });
    await expect(dialog).toContainText('The site will see your IP address');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).last().click();
    await expect(dialog).toBeHidden();

    // Testimony, then withdrawn: added by mistake.
    await page.getByRole('button', { name: 'Add evidence' }).click();
    dialog = page.getByRole('dialog', { name: 'Add evidence' });
    await dialog.getByText('Testimony', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Add the testimony' }).click();
    await expect(dialog.getByText('The testimony is required.')).toBeVisible();
    await dialog
      .getByRole('textbox', { name: 'Testimony' })
      .fill('We left Musan in January, about a hundred of us, by bus to Rason.');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Account of a returned worker');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Add the testimony' }).click();
    await expect(dialog).toBeHidden();
    const testimony = evidence
      .getByTestId('evidence-item')
      .filter({ hasText: 'Account of a returned worker' });
    await expect(testimony).toContainText('We left Musan in January');
    await expect(testimony).toContainText('Pending review');
    await testimony.getByRole('button', { name: 'Withdraw' }).click();
    dialog = page.getByRole('dialog', { name: 'Withdraw this evidence item' });
    await expect(dialog).toContainText('withdrawn, not deleted');
    await expect(dialog.getByRole('button', { name: 'Withdraw the item' })).toBeDisabled();
    await expectAccessible(page);
    await dialog
      .getByRole('textbox', { name: 'Why is it withdrawn?' })
      .fill('Filed under the wrong incident.');
    await dialog.getByRole('button', { name: 'Withdraw the item' }).click();
    await expect(dialog).toBeHidden();
    await expect(testimony).toContainText('Withdrawn');
    await expect(testimony.getByRole('button', { name: 'Withdraw' })).toHaveCount(0);

    // Submit: the checklist, the informant by pseudonym only.
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    dialog = page.getByRole('dialog', { name: 'Before you submit' });
    await expect(dialog.getByTestId('checklist')).toHaveText(
      '✓ Met — At least one source or evidence item: 4 present (2 sources, 2 evidence items).',
    );
    await expect(dialog.getByTestId('pseudonymous-sources')).toHaveText(
      `${pseudonym} (Informant; C3 — fairly reliable, possibly true)`,
    );
    await expect(dialog).not.toContainText(INFORMANT_NAME);
    await expect(dialog).toContainText('Verifiers see the other 1 source in full.');
    await expect(dialog).toContainText(
      'Its assigned verifier, or if none every active verifier but you, is told at once',
    );
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Submit for verification' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('In verification', { exact: true })).toBeVisible();
    await expect(
      page.getByText(
        /Only the creator of this incident or an admin may add evidence|Evidence can no longer/,
      ),
    ).toHaveCount(0);

    // Another monitor sees the informant by pseudonym only: no name, no contact, anywhere.
    await page.context().clearCookies();
    await signIn(page, other);
    await page.goto(`/app/incidents/${incident.id}`);
    await expect(page.getByRole('region', { name: 'Sources' })).toContainText(
      `Confidential: ${pseudonym} (Informant)`,
    );
    await expect(page.getByRole('region', { name: 'Evidence' })).toContainText(
      'Musan mine, gate 2',
    );
    await expect(
      page.getByText(
        'Only the creator of this incident, a verifier or an admin may add sources while it is in verification.',
      ),
    ).toBeVisible();
    await expect(
      page.getByText('Only the creator of this incident or an admin may add evidence to it.'),
    ).toBeVisible();
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(INFORMANT_NAME);
    expect(text).not.toContain(INFORMANT_CONTACT);
    expect(await page.content()).not.toContain('Kim Chol-su');
    await expectAccessible(page);
  });

  test('the service refuses an oversized file in words when the browser does not know the limit', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor']);
    const incident = await api.incident(monitor);
    // A service that does not tell its limit (as before it had the route): the service decides.
    await page.route('**/api/v1/evidence/upload-limits', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 404,
          error: 'Not Found',
          code: 'not_found',
          message: 'No such route',
          requestId: 'e2e',
        }),
      }),
    );
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${incident.id}`);
    await page.getByRole('button', { name: 'Add evidence' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add evidence' });
    await expect(dialog).toContainText(
      'The upload limit could not be read, so the file is checked by the service when it is sent.',
    );
    await dialog.locator('input[type="file"]').setInputFiles(png('big.png', OVERSIZED));
    await dialog.getByRole('textbox', { name: 'Description' }).fill('A very large photo');
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'The service refused the file: it is larger than its upload limit.',
    );
    await expectAccessible(page);
    const listed = await api.http.get(`/api/v1/incidents/${incident.id}/evidence`, {
      headers: api.headers(),
    });
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);
  });

  test('the monitor who added a confidential source reveals it to edit it, and the reveal is audited', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor']);
    const incident = await api.incident(monitor);
    const login = await api.http.post('/api/v1/auth/login', {
      data: { email: monitor.email, password: monitor.password },
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const added = await api.http.post(`/api/v1/incidents/${incident.id}/sources`, {
      headers: { authorization: `Bearer ${accessToken}` },
      data: {
        kind: 'informant',
        name: INFORMANT_NAME,
        contact: INFORMANT_CONTACT,
        reliability: 'C',
        credibility: 3,
        confidential: true,
      },
    });
    expect(added.status()).toBe(201);
    const { id, pseudonym } = (await added.json()) as { id: string; pseudonym: string };
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${incident.id}`);
    await page.getByRole('button', { name: `Edit: Confidential: ${pseudonym}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit source ${pseudonym}` });
    await expect(dialog).toContainText('The details of this confidential source are hidden.');
    await expect(dialog).toContainText('The reveal is written to the audit log.');
    await expect(dialog).not.toContainText(INFORMANT_NAME);
    await expect(dialog.getByTestId('confidential-statement')).toContainText(
      `sees only its pseudonym (${pseudonym})`,
    );
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Reveal the details' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue(INFORMANT_NAME);
    await expect(dialog.getByRole('textbox', { name: 'Contact (optional)' })).toHaveValue(
      INFORMANT_CONTACT,
    );
    await dialog.getByRole('textbox', { name: 'Notes (optional)' }).fill('Met twice in Rason.');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save the source' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('region', { name: 'Sources' })).not.toContainText(INFORMANT_NAME);
    const audit = await api.http.get(
      `/api/v1/audit?entityType=source&entityId=${id}&action=source.revealed`,
      { headers: api.headers() },
    );
    expect(audit.status()).toBe(200);
    expect(
      ((await audit.json()) as { items: { actorId: string; action: string }[] }).items.map(
        (event) => [event.action, event.actorId],
      ),
    ).toEqual([['source.revealed', monitor.id]]);
    const revealed = await api.http.post(`/api/v1/sources/${id}/reveal`, {
      headers: api.headers(),
    });
    expect(((await revealed.json()) as { notes: string }).notes).toBe('Met twice in Rason.');
  });

  test('submit stays disabled, with its reason, while nothing is attached', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor']);
    const incident = await api.incident(monitor);
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${incident.id}`);
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    const dialog = page.getByRole('dialog', { name: 'Before you submit' });
    await expect(dialog.getByRole('alert')).toHaveText(
      'Submitting is not possible yet: At least one source or evidence item is needed: add one before submitting (withdrawn evidence does not count).',
    );
    await expect(dialog.getByRole('button', { name: 'Submit for verification' })).toBeDisabled();
    await expect(dialog).toContainText(
      'No confidential source: verifiers see every source of this incident in full.',
    );
    await expectAccessible(page);
  });

  for (const [language, strings] of [
    ['ko', ko],
    ['ru', ru],
  ] as const) {
    test(`adds a confidential source and uploads a photo in ${language}`, async ({ page, api }) => {
      const monitor: Person = await api.user(['monitor']);
      const incident = await api.incident(monitor);
      await page.addInitScript((lang) => localStorage.setItem('st-language', lang), language);
      await signIn(page, monitor);
      await page.goto(`/app/incidents/${incident.id}`);
      const s = strings;
      const pseudonym = await addInformant(page, s);
      expect(pseudonym).toMatch(/^SRC-/);
      const dialog = await uploadPhoto(page, s, language === 'ko' ? 'keyboard' : 'drop');
      await dialog.getByRole('button', { name: s.actions.confirm }).click();
      await expect(page.getByRole('region', { name: s.evidence.title })).toContainText(PNG_SHA256);
      await expectAccessible(page);
    });
  }
});

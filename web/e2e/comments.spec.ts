import type { Page } from '@playwright/test';
import { bearer, unreadCount, verifiedCase } from './cases';
import { expect, expectAccessible, Person, signIn, test } from './fixtures';

/** Names and titles of this run only: the directory and the lists hold other flows' too. */
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function signOut(page: Page, person: Person): Promise<void> {
  await page.getByRole('button', { name: `Account menu for ${person.displayName}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.locator('button[type="submit"]')).toBeVisible();
}

test.describe('the discussion of an incident', () => {
  test('a monitor tells a verifier, who follows the mention and replies; the monitor deletes their comment', async ({
    page,
    api,
  }) => {
    const run = unique();
    const monitor = await api.user(['monitor'], `Mira Monitor ${run}`);
    const verifier = await api.user(['verifier'], `Vera Verifier ${run}`);
    const filed = await api.incident(monitor, { title: `Workers at a Musan site ${run}` });
    const question = `Vera, the bus photo of ${run}: is the date in its metadata usable?`;

    await signIn(page, monitor);
    await page.goto(`/app/incidents/${filed.id}`);
    const discussion = page.getByRole('region', { name: 'Discussion' });
    await expect(discussion).toContainText('No comment yet.');
    await expect(discussion.getByRole('note')).toContainText(
      'Every staff user reads this discussion. Never write confidential source details here',
    );

    // Blank is refused in words, and nothing is posted.
    await discussion.getByRole('textbox', { name: 'Your comment' }).fill('   \n  ');
    await discussion.getByRole('button', { name: 'Post the comment' }).click();
    await expect(
      discussion.getByText('Write something first: a blank comment is not posted.'),
    ).toBeVisible();
    await expect(discussion.getByRole('listitem')).toHaveCount(0);
    await expectAccessible(page);

    // The verifier is picked by name, from the keyboard.
    await discussion.getByRole('textbox', { name: 'Your comment' }).fill(question);
    const picker = discussion.getByRole('combobox', { name: 'Tell colleagues' });
    await picker.fill(`Vera Verifier ${run}`);
    await expect(
      page.getByRole('option', { name: new RegExp(`Vera Verifier ${run}`) }),
    ).toBeVisible();
    await picker.press('ArrowDown');
    await picker.press('Enter');
    await picker.press('Escape');
    await expect(discussion).toContainText(`Vera Verifier ${run}`);
    await expectAccessible(page);
    await discussion.getByRole('button', { name: 'Post the comment' }).click();
    await expect(discussion.getByRole('status')).toHaveText('Your comment is posted.');
    const mine = discussion.getByRole('listitem').filter({ hasText: question });
    await expect(mine).toContainText(`Mira Monitor ${run} (you)`);
    await expect(mine).toContainText(`Told: Vera Verifier ${run}`);
    await expect(discussion.getByRole('textbox', { name: 'Your comment' })).toHaveValue('');
    await expectAccessible(page);
    await signOut(page, monitor);

    // The verifier is told: the badge, then the mention's deep link to the discussion.
    const asVerifier = await bearer(api.http, verifier);
    await expect.poll(() => unreadCount(api.http, asVerifier)).toBe(1);
    await signIn(page, verifier);
    await page.getByRole('link', { name: 'Notifications 1 unread notification' }).click();
    const group = page.getByRole('region', { name: filed.reference });
    await expect(group).toContainText('Mention');
    await expect(group).toContainText(`Mira Monitor ${run} mentioned you`);
    await expect(group).not.toContainText(question);
    await expectAccessible(page);
    await group.getByRole('link', { name: `Go to the discussion of ${filed.reference}` }).click();
    await expect(page).toHaveURL(new RegExp(`/app/incidents/${filed.id}#discussion$`));
    await expect(page.getByRole('heading', { name: 'Discussion', level: 2 })).toBeInViewport();
    await expect(page.getByRole('heading', { name: 'Discussion', level: 2 })).toBeFocused();
    await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();

    // Someone else's comment: readable, not deletable.
    const theirs = discussion.getByRole('listitem').filter({ hasText: question });
    await expect(theirs).toContainText(`Mira Monitor ${run}`);
    await expect(theirs.getByRole('button')).toHaveCount(0);
    const reply = `Mira, yes: the EXIF date is 12 January (${run}).`;
    await discussion.getByRole('textbox', { name: 'Your comment' }).fill(reply);
    await discussion.getByRole('button', { name: 'Post the comment' }).click();
    const replied = discussion.getByRole('listitem').filter({ hasText: reply });
    await expect(replied).toContainText(`Vera Verifier ${run} (you)`);
    await expect(replied).not.toContainText('Told:');
    await expect(discussion.getByRole('listitem')).toHaveCount(2);
    // Oldest first: the question, then the reply.
    await expect(discussion.getByRole('listitem').first()).toContainText(question);
    await expectAccessible(page);
    await signOut(page, verifier);

    // The monitor deletes their comment: a tombstone for everyone, never the text.
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${filed.id}`);
    await expect(
      discussion.getByRole('listitem').filter({ hasText: reply }).getByRole('button'),
    ).toHaveCount(0);
    await mine.getByRole('button', { name: /^Delete your comment of / }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your comment?' });
    await expect(dialog).toContainText('A note that you deleted it stays in its place');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Delete the comment' }).click();
    await expect(dialog).toHaveCount(0);
    const tombstone = discussion.getByRole('listitem').first();
    await expect(tombstone).toContainText('Deleted by its author on');
    await expect(discussion).not.toContainText(question);
    await expect(tombstone.getByRole('button')).toHaveCount(0);
    await expectAccessible(page);
    await signOut(page, monitor);

    await signIn(page, verifier);
    await page.goto(`/app/incidents/${filed.id}`);
    await expect(discussion.getByRole('listitem').first()).toContainText(
      `Mira Monitor ${run}Posted`,
    );
    await expect(discussion.getByRole('listitem').first()).toContainText(
      'Deleted by its author on',
    );
    await expect(discussion).not.toContainText(question);
    await expect(discussion.getByRole('listitem').last()).toContainText(reply);
  });

  test('the discussion never reaches the public preview or the public API', async ({
    page,
    api,
  }) => {
    const run = unique();
    const monitor = await api.user(['monitor'], `Mira Monitor ${run}`);
    const verifier = await api.user(['verifier'], `Vera Verifier ${run}`);
    const writer = await api.user(['writer'], `Wen Writer ${run}`);
    const filed = await verifiedCase(api, monitor, verifier);
    const marker = `remark-${run}`;
    const remark = `Internal ${marker}: the informant works at the Musan mine.`;
    const asWriter = await bearer(api.http, writer);

    await signIn(page, writer);
    await page.goto(`/app/incidents/${filed.id}`);
    const discussion = page.getByRole('region', { name: 'Discussion' });
    await discussion.getByRole('textbox', { name: 'Your comment' }).fill(remark);
    await discussion.getByRole('button', { name: 'Post the comment' }).click();
    await expect(discussion.getByRole('listitem').filter({ hasText: remark })).toBeVisible();

    await page.goto(`/app/incidents/${filed.id}/publication`);
    await page
      .getByRole('textbox', { name: 'Public summary' })
      .fill('About 100 North Korean workers were sent to Russia in January 2025.');
    await page.getByRole('button', { name: 'Save the public text' }).click();
    const preview = page.getByRole('region', { name: 'Exactly what the public will see' });
    await expect(preview).toContainText('About 100 North Korean workers were sent to Russia');
    await expect(page.locator('body')).not.toContainText(marker);

    const current = (await (
      await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: asWriter })
    ).json()) as { version: number };
    const published = await api.http.post(`/api/v1/incidents/${filed.id}/transitions`, {
      headers: asWriter,
      data: { action: 'publish', version: current.version },
    });
    expect(((await published.json()) as { status: string }).status).toBe('published');
    const publicView = await api.http.get(`/api/v1/public/incidents/${filed.reference}`);
    expect(publicView.status()).toBe(200);
    expect(await publicView.text()).not.toContain(marker);
  });

  test('a long discussion loads 50 at a time, and a new comment lands after the rest', async ({
    page,
    api,
  }) => {
    const run = unique();
    const monitor = await api.user(['monitor'], `Mira Monitor ${run}`);
    const filed = await api.incident(monitor, { title: `A long discussion ${run}` });
    const asMonitor = await bearer(api.http, monitor);
    for (let n = 1; n <= 51; n += 1) {
      const said = await api.http.post(`/api/v1/incidents/${filed.id}/comments`, {
        headers: asMonitor,
        data: { body: `Point ${n} of ${run}.` },
      });
      expect(said.status()).toBe(201);
    }
    await signIn(page, monitor);
    await page.goto(`/app/incidents/${filed.id}`);
    const discussion = page.getByRole('region', { name: 'Discussion' });
    const items = discussion.getByRole('listitem');
    await expect(items).toHaveCount(50);
    await expect(items.first()).toContainText(`Point 1 of ${run}.`);
    await expect(items.last()).toContainText(`Point 50 of ${run}.`);
    await expect(discussion.getByRole('button', { name: 'Show later comments' })).toBeVisible();

    // Posting before the last page is loaded brings it in: the new comment is not out of order.
    await discussion.getByRole('textbox', { name: 'Your comment' }).fill(`Last word of ${run}.`);
    await discussion.getByRole('button', { name: 'Post the comment' }).click();
    await expect(items).toHaveCount(52);
    await expect(items.nth(50)).toContainText(`Point 51 of ${run}.`);
    await expect(items.last()).toContainText(`Last word of ${run}.`);
    await expect(discussion.getByRole('button', { name: 'Show later comments' })).toHaveCount(0);

    await page.reload();
    await expect(items).toHaveCount(50);
    await discussion.getByRole('button', { name: 'Show later comments' }).click();
    await expect(items).toHaveCount(52);
    await expect(items.last()).toContainText(`Last word of ${run}.`);
    await expectAccessible(page);
  });

  test('an admin joins the discussion of a withdrawn draft, and cannot delete the monitor’s comment', async ({
    page,
    api,
  }) => {
    const run = unique();
    const monitor = await api.user(['monitor'], `Mira Monitor ${run}`);
    const admin = await api.user(['admin'], `Ada Admin ${run}`);
    const filed = await api.incident(monitor, { title: `Filed by mistake ${run}` });
    const asMonitor = await bearer(api.http, monitor);
    const said = await api.http.post(`/api/v1/incidents/${filed.id}/comments`, {
      headers: asMonitor,
      data: { body: `Filed twice by mistake (${run}).` },
    });
    expect(said.status()).toBe(201);
    const current = (await (
      await api.http.get(`/api/v1/incidents/${filed.id}`, { headers: asMonitor })
    ).json()) as { version: number };
    const withdrawn = await api.http.post(`/api/v1/incidents/${filed.id}/transitions`, {
      headers: asMonitor,
      data: { action: 'withdraw', note: 'A duplicate.', version: current.version },
    });
    expect(((await withdrawn.json()) as { status: string }).status).toBe('withdrawn');

    await signIn(page, admin);
    await page.goto(`/app/incidents/${filed.id}`);
    const discussion = page.getByRole('region', { name: 'Discussion' });
    const theirs = discussion.getByRole('listitem').filter({ hasText: 'Filed twice by mistake' });
    await expect(theirs).toContainText(`Mira Monitor ${run}`);
    await expect(theirs.getByRole('button')).toHaveCount(0);
    await discussion.getByRole('textbox', { name: 'Your comment' }).fill(`Noted (${run}).`);
    await discussion.getByRole('button', { name: 'Post the comment' }).click();
    const mine = discussion.getByRole('listitem').filter({ hasText: `Noted (${run}).` });
    await expect(mine).toContainText(`Ada Admin ${run} (you)`);
    await expect(mine.getByRole('button', { name: /^Delete your comment of / })).toBeVisible();
    await expectAccessible(page);
  });

  for (const { language, person, body, post, posted, blank } of [
    {
      language: 'ko',
      person: '모니터 요원',
      body: '라선의 버스 사진 날짜를 확인해 주세요.',
      post: '댓글 게시',
      posted: '댓글이 게시되었습니다.',
      blank: '먼저 내용을 쓰세요. 빈 댓글은 게시되지 않습니다.',
    },
    {
      language: 'ru',
      person: 'Мира Монитор',
      body: 'Проверьте, пожалуйста, дату на фотографии автобуса в Расоне.',
      post: 'Опубликовать комментарий',
      posted: 'Комментарий опубликован.',
      blank: 'Сначала напишите текст: пустой комментарий не публикуется.',
    },
  ]) {
    test(`a comment posted in ${language}`, async ({ page, api }) => {
      const run = unique();
      const monitor = await api.user(['monitor'], `${person} ${run}`);
      const filed = await api.incident(monitor, { title: `Musan ${language} ${run}` });
      await page.addInitScript((chosen) => localStorage.setItem('st-language', chosen), language);
      await signIn(page, monitor);
      await page.goto(`/app/incidents/${filed.id}`);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      const discussion = page.locator('section[aria-labelledby="discussion"]');
      await discussion.getByRole('button', { name: post }).click();
      await expect(discussion.getByText(blank)).toBeVisible();
      await expect(discussion.getByRole('listitem')).toHaveCount(0);
      await discussion.locator('textarea').fill(`${body} ${run}`);
      await discussion.getByRole('button', { name: post }).click();
      await expect(discussion.getByRole('status')).toHaveText(posted);
      await expect(discussion.getByRole('listitem')).toContainText(`${body} ${run}`);
      await expectAccessible(page);
    });
  }
});

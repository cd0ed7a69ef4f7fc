import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { ADMIN } from './global-setup';
import { expect, expectAccessible, signIn, test } from './fixtures';

/**
 * A job that fails for good: a hand-off notification whose outbox event does not exist, with
 * one attempt (the service's worker takes it from the service's own queue and prefix).
 */
async function doomedJob(): Promise<string> {
  const queue = new Queue('domain-events', {
    connection: { host: '127.0.0.1', port: 6379 },
    prefix: `${process.env.E2E_REDIS_PREFIX}bull`,
  });
  try {
    const eventId = randomUUID();
    await queue.add('incident.created', { eventId }, { jobId: eventId, attempts: 1 });
    await expect.poll(async () => (await queue.getJob(eventId))?.getState()).toBe('failed');
    return eventId;
  } finally {
    await queue.close();
  }
}

test('an admin sees a failed job with its reason and retries it', async ({ page, api }) => {
  const jobId = await doomedJob();
  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Job queues' }).click();
  await expect(page.getByRole('heading', { name: 'Job queues', level: 1 })).toBeVisible();
  const row = page.getByRole('row', { name: /Notifications of hand-offs/ });
  await expect(row).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Failed jobs of Notifications of hand-offs' }).click();
  const job = page.getByTestId('failed-job').filter({ hasText: jobId });
  await expect(job).toContainText(`outbox event ${jobId} does not exist`);
  await expect(job).toContainText('1 attempt');
  await expectAccessible(page);

  await job.getByRole('button', { name: `Retry job ${jobId}` }).click();
  await expect(job.getByRole('status')).toHaveText(
    /^Sent back to the queue: (waiting|running|failed again)\.$/,
  );
  // The retry is in the audit log, under the admin.
  await expect
    .poll(async () => {
      const response = await api.http.get(
        `/api/v1/audit?action=queue.job_retried&entityId=${jobId}`,
        { headers: api.headers() },
      );
      return ((await response.json()) as { items: unknown[] }).items.length;
    })
    .toBe(1);
});

test('the queues are for admins only', async ({ page, api }) => {
  const writer = await api.user(['writer', 'verifier']);
  await signIn(page, writer);
  await expect(page.getByRole('link', { name: 'Job queues' })).toHaveCount(0);
  await page.goto('/app/admin/queues');
  await expect(page.getByRole('note')).toHaveText(
    'Only admins see the job queues. Ask an admin of your team.',
  );
  await expect(page.getByRole('table')).toHaveCount(0);
});

import { Client } from 'pg';
import { ADMIN } from './global-setup';
import { expect, expectAccessible, signIn, test } from './fixtures';

/**
 * Changes one audit event the way only someone with the database's owner rights could: with
 * the trigger that refuses every UPDATE switched off for the statement's transaction.
 */
async function rewriteEvent(seq: string, data: string): Promise<void> {
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    await db.query('UPDATE audit_events SET data = $2::jsonb WHERE seq = $1', [seq, data]);
    await db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    await db.query('COMMIT');
  } finally {
    await db.end();
  }
}

async function eventData(seq: string): Promise<string> {
  const db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ data: string }>(
      'SELECT data::text AS data FROM audit_events WHERE seq = $1',
      [seq],
    );
    return rows[0].data;
  } finally {
    await db.end();
  }
}

test.describe('the audit log, for admins', () => {
  test('verifies the chain, and after a row is changed in SQL shows the first invalid event', async ({
    page,
    api,
  }) => {
    const person = await api.user(['monitor'], `Audited Monitor ${Date.now().toString(36)}`);
    // The user's creation is in the log once its pending row is linked into the chain.
    let seq = '';
    await expect
      .poll(async () => {
        const response = await api.http.get(
          `/api/v1/audit?entityType=user&entityId=${person.id}&action=user.created`,
          { headers: api.headers() },
        );
        const body = (await response.json()) as { items: { seq: string }[] };
        seq = body.items[0]?.seq ?? '';
        return seq;
      })
      .not.toBe('');

    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect(page.getByTestId('chain-result')).toContainText(
      /The chain is intact: [\d,]+ events checked\./,
    );
    await expectAccessible(page);

    const original = await eventData(seq);
    await rewriteEvent(
      seq,
      JSON.stringify({ ...JSON.parse(original), displayName: 'Someone else' }),
    );
    try {
      await page.getByRole('button', { name: 'Verify the chain' }).click();
      await expect(page.getByTestId('chain-result')).toContainText(
        `The chain is broken at event ${seq}.`,
      );
      await expectAccessible(page);
    } finally {
      await rewriteEvent(seq, original);
    }
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect(page.getByTestId('chain-result')).toContainText('The chain is intact');
  });

  test('an incident’s page links to its trail, whose events show their data and hashes', async ({
    page,
    api,
  }) => {
    const monitor = await api.user(['monitor'], `Trail Monitor ${Date.now().toString(36)}`);
    const filed = await api.incident(monitor);
    await signIn(page, ADMIN);
    await page.goto(`/app/incidents/${filed.id}`);
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await expect(page).toHaveURL(new RegExp(`entityId=${filed.id}`));
    await expect(page.getByRole('combobox', { name: 'What' })).toHaveValue('incident');
    await expect(page.getByRole('textbox', { name: 'Which one (its id)' })).toHaveValue(filed.id);
    const created = page.getByRole('row', { name: /incident\.created/ });
    await expect(created).toContainText(monitor.displayName);
    await created.getByRole('button', { name: /^Details of event / }).click();
    await expect(page.getByTestId('audit-hash')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(page.getByTestId('audit-data')).toContainText(filed.reference);
    await expectAccessible(page);

    // Filters narrow, and an empty result says so.
    await page.getByRole('textbox', { name: 'Action' }).fill('no.such_action');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByText('No event matches these filters.')).toBeVisible();
    await expect(page).toHaveURL(/action=no\.such_action/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByRole('textbox', { name: 'Action' })).toHaveValue('');

    // A bad value in a shared link loses that filter, not the page.
    await page.goto('/app/admin/audit?actorId=not-a-uuid&action=incident.created');
    await expect(page.getByRole('textbox', { name: 'Action' })).toHaveValue('incident.created');
    await expect(page.getByRole('combobox', { name: 'Who' })).toHaveValue('');
    await expect(page.getByRole('row', { name: /incident\.created/ }).first()).toBeVisible();
  });

  test('is for admins only', async ({ page, api }) => {
    const verifier = await api.user(['verifier', 'writer', 'monitor']);
    await signIn(page, verifier);
    await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await page.goto('/app/admin/audit');
    await expect(page.getByRole('note')).toHaveText(
      'Only admins read the audit log. Ask an admin of your team.',
    );
    await expect(page.getByRole('button', { name: 'Verify the chain' })).toHaveCount(0);
    const filed = await api.incident(verifier);
    await page.goto(`/app/incidents/${filed.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
  });
});

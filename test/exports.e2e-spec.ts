import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { Response } from 'supertest';
import { ExportDto } from '../src/exports/dto/export.dto';
import { BUILD_FAILED } from '../src/exports/export-builder';
import { neutralised, PUBLIC_CSV_FIELDS } from '../src/exports/export-query';
import { ExportsService } from '../src/exports/exports.service';
import { dayInWords } from '../src/exports/report-words';
import { EXPORT_JOBS, QUEUES } from '../src/queues/queues';
import { createTestApp, TestApp } from './helpers/app';
import { expectError, expectFieldErrors } from './helpers/errors';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

const SECRETS = /Informant Kim|kim@example\.org|meet at dawn/;
const INTERNAL_TEXT = 'INTERNAL narrative, never public';
const TRICKY_TITLE = 'Musan, "quoted"\nsecond line';
const SCRIPT_TITLE = '<script>alert(1)</script> coal transfer';

type Http = () => ReturnType<typeof request>;

async function waitFor(http: Http, caller: Caller, id: string): Promise<ExportDto> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await http().get(`/api/v1/exports/${id}`).set(caller.auth);
    expect(response.status).toBe(200);
    const body = response.body as ExportDto;
    if (body.status === 'completed' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`export ${id} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function exportAndWait(
  http: Http,
  caller: Caller,
  body: Record<string, unknown>,
): Promise<ExportDto> {
  const response = await http().post('/api/v1/exports').set(caller.auth).send(body);
  expect(response.status).toBe(202);
  expect(response.body).toEqual({ id: expect.any(String), status: 'queued' });
  const done = await waitFor(http, caller, (response.body as { id: string }).id);
  expect(done.status).toBe('completed');
  return done;
}

/** Downloads the raw bytes and checks them against the recorded digest and size. */
async function download(
  http: Http,
  caller: Caller,
  done: ExportDto,
): Promise<{ text: string; response: Response }> {
  const response = await http()
    .get(`/api/v1/exports/${done.id}/download`)
    .set(caller.auth)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  expect(response.status).toBe(200);
  const bytes = response.body as Buffer;
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.sha256);
  expect(bytes.length).toBe(done.sizeBytes);
  expect(response.headers['content-disposition']).toMatch(/^attachment; filename="export-/);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  return { text: bytes.toString('utf8'), response };
}

describe('exports (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let writer: Caller;
  let verifier: Caller;
  let admin: Caller;
  let otherWriter: Caller;
  let musan: { id: string; reference: string };
  let coal: { id: string; reference: string };
  let intake: { id: string; reference: string };
  const http: Http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    [monitor, writer, verifier, admin, otherWriter] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'writer'),
      signIn(t, 'verifier'),
      signIn(t, 'admin'),
      signIn(t, 'writer'),
    ]);
    musan = await fileIncident(t, monitor, { summary: INTERNAL_TEXT });
    for (const source of [
      { kind: 'media', name: 'ASIAPRESS', url: 'https://example.org/report', confidential: false },
      {
        kind: 'informant',
        name: 'Informant Kim',
        contact: 'kim@example.org',
        notes: 'meet at dawn',
        confidential: true,
      },
    ]) {
      const added = await http()
        .post(`/api/v1/incidents/${musan.id}/sources`)
        .set(monitor.auth)
        .send({ reliability: 'B', credibility: 2, ...source });
      expect(added.status).toBe(201);
    }
    coal = await fileIncident(t, monitor, {
      title: 'Coal transfer',
      regime: 'UN-1718',
      locations: [{ role: 'occurrence', countryCode: 'CN', placeName: 'Ningbo' }],
    });
    intake = await fileIncident(t, monitor, { title: 'Intake only, never exported publicly' });
    for (const incident of [musan, coal]) await forceStatus(t, incident.id, 'published');
    await t.dataSource.query(
      `UPDATE incidents SET title = $2, public_summary = $3, confidence = 'likely',
              published_at = now() - interval '1 day' WHERE id = $1`,
      [musan.id, TRICKY_TITLE, '=HYPERLINK("http://evil.example")'],
    );
    await t.dataSource.query(
      `UPDATE incidents SET title = $2, public_summary = 'Coal moved ship to ship.',
              published_at = now() WHERE id = $1`,
      [coal.id, SCRIPT_TITLE],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('CSV (COPY): public rows only, RFC 4180 quoting, formulas neutralised, digest matches', async () => {
    const done = await exportAndWait(http, writer, { format: 'csv', scope: 'public' });
    expect(done).toMatchObject({ rowCount: 2, progress: 100, format: 'csv', scope: 'public' });
    expect(Date.parse(done.expiresAt!) - Date.parse(done.completedAt!)).toBe(7 * 86400 * 1000);
    const { text, response } = await download(http, writer, done);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(text.split('\n')[0]).toBe(PUBLIC_CSV_FIELDS.join(','));
    // Newest publication first: coal, then musan.
    expect(text.indexOf(coal.reference)).toBeGreaterThan(0);
    expect(text.indexOf(musan.reference)).toBeGreaterThan(text.indexOf(coal.reference));
    expect(text).toContain(`${musan.reference},"Musan, ""quoted""\nsecond line",`);
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"")",UN-1718,`);
    expect(text).not.toContain(intake.reference);
    expect(text).not.toContain(INTERNAL_TEXT);
    expect(text).not.toMatch(SECRETS);
  });

  it('CSV: every formula lead (= + - @ tab CR) is neutralised in SQL, other text untouched', async () => {
    const values = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'plain', 'a=b', ''];
    const rows = await t.dataSource.query<{ cell: string }[]>(
      `SELECT ${neutralised('v')} AS cell FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`,
      [values],
    );
    expect(rows.map((row) => row.cell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'plain',
      'a=b',
      '',
    ]);
  });

  it('CSV: a public export titles each row as publication does, an internal one as staff do', async () => {
    await t.dataSource.query(`UPDATE incidents SET public_title = $2 WHERE id = $1`, [
      coal.id,
      'Coal moved between ships',
    ]);
    try {
      const fields = ['reference', 'title'];
      const publicDone = await exportAndWait(http, writer, {
        format: 'csv',
        scope: 'public',
        fields,
      });
      const internalDone = await exportAndWait(http, verifier, {
        format: 'csv',
        scope: 'internal',
        fields,
        filters: { status: 'published' },
      });
      const publicText = (await download(http, writer, publicDone)).text;
      const internalText = (await download(http, verifier, internalDone)).text;

      expect(publicText).toContain(`${coal.reference},Coal moved between ships`);
      expect(publicText).not.toContain('coal transfer');
      expect(internalText).toContain(`${coal.reference},<script>alert(1)</script> coal transfer`);
    } finally {
      await t.dataSource.query(`UPDATE incidents SET public_title = NULL WHERE id = $1`, [coal.id]);
    }
  });

  it('CSV: chosen fields and the list filters apply', async () => {
    const done = await exportAndWait(http, writer, {
      format: 'csv',
      scope: 'public',
      fields: ['reference', 'title'],
      filters: { country: 'cn' },
    });
    expect(done.rowCount).toBe(1);
    const { text } = await download(http, writer, done);
    expect(text).toBe(`reference,title\n${coal.reference},${SCRIPT_TITLE}\n`);
  });

  it('JSON: public fields and non-confidential sources only', async () => {
    const done = await exportAndWait(http, admin, { format: 'json', scope: 'public' });
    const { text, response } = await download(http, admin, done);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const rows = JSON.parse(text) as Record<string, unknown>[];
    expect(rows.map((row) => row.reference)).toEqual([coal.reference, musan.reference]);
    expect(Object.keys(rows[1]).sort()).toEqual([...PUBLIC_CSV_FIELDS, 'sources'].sort());
    expect(rows[1]).toMatchObject({
      title: TRICKY_TITLE,
      countries: ['KP', 'RU'],
      confidence: 'likely',
      sources: [{ kind: 'media', name: 'ASIAPRESS', url: 'https://example.org/report' }],
    });
    expect(text).not.toMatch(SECRETS);
    expect(text).not.toContain(INTERNAL_TEXT);
  });

  it('NDJSON internal: every status, internal fields, confidential sources reduced to grades', async () => {
    const done = await exportAndWait(http, verifier, { format: 'ndjson', scope: 'internal' });
    expect(done.rowCount).toBe(3);
    const { text, response } = await download(http, verifier, done);
    expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const rows = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => row.reference).sort()).toEqual(
      [musan.reference, coal.reference, intake.reference].sort(),
    );
    const row = rows.find((r) => r.reference === musan.reference)!;
    expect(row.summary).toBe(INTERNAL_TEXT);
    const sources = row.sources as Record<string, unknown>[];
    expect(sources).toHaveLength(2);
    const secret = sources.find((source) => source.kind === 'informant')!;
    expect(Object.keys(secret).sort()).toEqual(['credibility', 'kind', 'pseudonym', 'reliability']);
    expect(sources.find((source) => source.kind === 'media')).toMatchObject({ name: 'ASIAPRESS' });
    expect(text).not.toMatch(SECRETS);
  });

  /** The day the report says it was generated: the build ran between these two moments. */
  const generatedOn = (done: ExportDto): string[] => [
    `Generated on ${dayInWords(new Date(done.createdAt))}.`,
    `Generated on ${dayInWords(new Date(done.completedAt!))}.`,
  ];
  const pseudonymOfInformant = async (): Promise<string> => {
    const [{ pseudonym }] = await t.dataSource.query<{ pseudonym: string }[]>(
      `SELECT pseudonym FROM sources WHERE incident_id = $1 AND confidential`,
      [musan.id],
    );
    return pseudonym;
  };
  /** Codes a report in words must not show: it names regimes, categories, provisions, countries. */
  const CODES = /UN-1718|overseas_labor|UNSCR-23|UNSCR-2397-OP8|\bKP\b|\bRU\b|precision|2025-01/;

  it('Markdown: a report in words with its title, introduction, filters, totals and each incident', async () => {
    const done = await exportAndWait(http, writer, {
      format: 'markdown',
      scope: 'public',
      filters: { regime: 'UN-1718' },
      title: 'Workers | abroad',
      introduction: 'Our findings for *January*.\n\n- not a list',
    });
    expect(done).toMatchObject({
      title: 'Workers | abroad',
      introduction: 'Our findings for *January*.\n\n- not a list',
    });
    const { text, response } = await download(http, writer, done);
    expect(response.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(text).toMatch(/^# Workers \\\| abroad\n/);
    const generated = text.split('\n')[2];
    expect(generatedOn(done).some((words) => generated.includes(words))).toBe(true);
    expect(generated).toContain('Published incidents only');
    expect(generated).toContain('This report covers 2 incidents.');
    expect(text).toContain(
      "- **Regime:** Democratic People's Republic of Korea, UNSCR 1718 (2006)",
    );
    expect(text).toContain('Our findings for \\*January\\*.\n\n\\- not a list\n');
    expect(text).toContain(
      '### By sanctions regime\n\n| Regime | Incidents |\n| --- | ---: |\n' +
        "| Democratic People's Republic of Korea, UNSCR 1718 (2006) | 2 |",
    );
    expect(text).toContain('| Overseas workers earning income abroad | 2 |');
    expect(text).toContain('| China | 1 |\n| North Korea | 1 |\n| Russia | 1 |');
    expect(text).toContain('| January 2025 | 2 |');
    expect(text).toContain(`### ${musan.reference}: Musan, "quoted" second line`);
    expect(text).toContain('- **When:** 12\u201329 January 2025');
    // Public scope names countries, never places (spec 12).
    expect(text).toContain('- **Countries:** North Korea, Russia');
    expect(text).toContain('- **Provisions:** UNSCR 2375 (2017) OP17; UNSCR 2397 (2017) OP8');
    expect(text).toContain('- **Confidence:** Likely');
    expect(text).toContain('- **Confidence:** Not assessed');
    expect(text).toContain('- Media: ASIAPRESS <https://example.org/report>');
    expect(text).toContain('\\=HYPERLINK("http://evil.example")');
    expect(text).not.toMatch(/Places|North Hamgyong|Ningbo|Status/);
    expect(text).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(text).not.toMatch(CODES);
    expect(text).not.toContain(intake.reference);
    expect(text).not.toContain(INTERNAL_TEXT);
    expect(text).not.toContain(await pseudonymOfInformant());
    expect(text).not.toMatch(SECRETS);
  });

  it('reports: internal scope adds status, places, the internal summary and pseudonyms', async () => {
    const done = await exportAndWait(http, verifier, { format: 'markdown', scope: 'internal' });
    expect(done).toMatchObject({ title: null, introduction: null });
    const markdown = await download(http, verifier, done);
    expect(markdown.text).toMatch(/^# Possible violations of UN sanctions\n/);
    expect(markdown.text).toContain('**Internal report: not for publication.**');
    expect(markdown.text).toContain(
      '- **Places:** Musan, North Hamgyong, North Korea (origin); Russia (destination)',
    );
    expect(markdown.text).toContain('- **Places:** Ningbo, China (where it happened)');
    expect(markdown.text).toContain('- **Status:** Published');
    expect(markdown.text).toContain('- **Status:** Intake');
    expect(markdown.text).toContain(`#### Internal summary\n\n${INTERNAL_TEXT}\n`);
    expect(markdown.text).toContain(
      `- Informant: confidential source ${await pseudonymOfInformant()}\n`,
    );
    expect(markdown.text).not.toMatch(CODES);
    expect(markdown.text).not.toMatch(SECRETS);

    const html = await download(
      http,
      writer,
      await exportAndWait(http, writer, { format: 'html', scope: 'public' }),
    );
    expect(html.text).toContain('<dt>Countries</dt><dd>North Korea, Russia</dd>');
    expect(html.text).not.toMatch(/Places|North Hamgyong|Ningbo|Internal summary/);
    expect(html.text).not.toContain(INTERNAL_TEXT);
    expect(html.text).not.toContain(await pseudonymOfInformant());
    expect(html.text).not.toMatch(SECRETS);
  });

  it('HTML: self-contained and every piece of content escaped', async () => {
    const done = await exportAndWait(http, writer, {
      format: 'html',
      scope: 'public',
      title: '<script>alert("title")</script>',
      introduction: '</p><img src=x onerror=alert(1)>',
    });
    const { text, response } = await download(http, writer, done);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(text).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">/);
    expect(text).toContain('<style>');
    // No element that loads or runs anything; the user's markup is text.
    expect(text).not.toMatch(/<(script|link|img|iframe|object)\b|<[^>]+\s(src|on\w+)=/i);
    expect(text).toContain('<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</h1>');
    expect(text).toContain('<p>&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; coal transfer');
    expect(text).toContain('Musan, &quot;quoted&quot;\nsecond line');
    expect(text).toContain('<dt>When</dt><dd>12\u201329 January 2025</dd>');
    expect(text).toContain(
      '<li>Media: ASIAPRESS <a href="https://example.org/report" rel="noopener noreferrer">',
    );
    expect(text).not.toMatch(CODES);
    expect(text).not.toContain(intake.reference);
    expect(text).not.toMatch(SECRETS);
    expect(text.endsWith('</main></body></html>\n')).toBe(true);
  });

  it('takes a title and an introduction for reports only, within their limits (400)', async () => {
    const post = (body: Record<string, unknown>) =>
      http().post('/api/v1/exports').set(writer.auth).send(body);
    for (const format of ['csv', 'json', 'ndjson']) {
      expectError(
        await post({ format, scope: 'public', title: 'A title' }),
        400,
        /title and introduction apply to the markdown and html formats only/,
      );
      expectError(
        await post({ format, scope: 'public', introduction: 'Text' }),
        400,
        /markdown and html formats only/,
      );
    }
    expectFieldErrors(await post({ format: 'html', scope: 'public', title: 'x'.repeat(201) }), [
      'title',
    ]);
    const blank = await post({ format: 'html', scope: 'public', title: '   ' });
    expectFieldErrors(blank, ['title']);
    expect(JSON.stringify(blank.body)).toContain('title must not be blank');
    expectFieldErrors(
      await post({ format: 'markdown', scope: 'public', introduction: 'x'.repeat(5001) }),
      ['introduction'],
    );
    expectFieldErrors(await post({ format: 'markdown', scope: 'public', title: 7 }), ['title']);
    const [{ count }] = await t.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM exports WHERE title IS NOT NULL AND format IN ('csv', 'json', 'ndjson')`,
    );
    expect(count).toBe('0');
    const longest = await exportAndWait(http, writer, {
      format: 'markdown',
      scope: 'public',
      title: 'x'.repeat(200),
      introduction: 'y'.repeat(5000),
    });
    expect(longest.title).toHaveLength(200);
    expect(longest.introduction).toHaveLength(5000);
  });

  it('another user cannot see an export (404); an admin can; lists show the caller’s own', async () => {
    const done = await exportAndWait(http, writer, { format: 'ndjson', scope: 'public' });
    expectError(await http().get(`/api/v1/exports/${done.id}`).set(otherWriter.auth), 404);
    expectError(await http().get(`/api/v1/exports/${done.id}/download`).set(otherWriter.auth), 404);
    const asAdmin = await http().get(`/api/v1/exports/${done.id}`).set(admin.auth);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({ id: done.id, createdBy: writer.user.id });

    const mine = await http().get('/api/v1/exports?limit=2').set(writer.auth);
    expect(mine.status).toBe(200);
    const page = mine.body as { items: ExportDto[]; nextCursor: string | null };
    expect(page.items.map((item) => item.id)[0]).toBe(done.id);
    expect(page.items.every((item) => item.createdBy === writer.user.id)).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await http()
      .get(`/api/v1/exports?limit=100&cursor=${page.nextCursor}`)
      .set(writer.auth);
    const rest = (next.body as { items: ExportDto[] }).items.map((item) => item.id);
    expect(rest).not.toContain(done.id);
    expect(rest.length).toBeGreaterThan(0);
    const others = await http().get('/api/v1/exports').set(otherWriter.auth);
    expect(others.body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses the wrong role or scope (403) and fields outside the scope (400)', async () => {
    const post = (caller: Caller, body: Record<string, unknown>) =>
      http().post('/api/v1/exports').set(caller.auth).send(body);
    expectError(await post(monitor, { format: 'csv', scope: 'public' }), 403);
    expectError(await post(writer, { format: 'csv', scope: 'internal' }), 403);
    expectError(await post(verifier, { format: 'csv', scope: 'public' }), 403);
    expectError(
      await post(writer, { format: 'csv', scope: 'public', fields: ['summary'] }),
      400,
      /summary/,
    );
    expectError(await post(writer, { format: 'pdf', scope: 'public' }), 400);
    expectError(
      await post(writer, { format: 'csv', scope: 'public', filters: { country: 'XX1' } }),
      400,
    );
    const staffFilter = expectError(
      await post(writer, {
        format: 'markdown',
        scope: 'public',
        filters: { createdBy: monitor.user.id },
      }),
      400,
      'createdBy and assigneeId filters are not available in the public scope',
    );
    expect(staffFilter.details).toEqual([{ field: 'filters', errors: [staffFilter.message] }]);
  });

  it('allows three queued exports per user (429 beyond) and no download before completion (409)', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.exports));
    const busy = await signIn(t, 'writer');
    await queue.pause();
    const ids: string[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const response = await http()
          .post('/api/v1/exports')
          .set(busy.auth)
          .send({ format: 'json', scope: 'public' });
        expect(response.status).toBe(202);
        ids.push((response.body as { id: string }).id);
      }
      const fourth = await http()
        .post('/api/v1/exports')
        .set(busy.auth)
        .send({ format: 'csv', scope: 'public' });
      expectError(fourth, 429);
      expect(fourth.headers['retry-after']).toBe('30');
      expectError(
        await http().get(`/api/v1/exports/${ids[0]}/download`).set(busy.auth),
        409,
        /queued/,
      );
      // Another user is not held back by this one's exports.
      const other = await http()
        .post('/api/v1/exports')
        .set(otherWriter.auth)
        .send({ format: 'csv', scope: 'public' });
      expect(other.status).toBe(202);
      ids.push((other.body as { id: string }).id);
    } finally {
      await queue.resume();
    }
    for (const id of ids.slice(0, 3))
      expect((await waitFor(http, busy, id)).status).toBe('completed');
    const again = await http()
      .post('/api/v1/exports')
      .set(busy.auth)
      .send({ format: 'csv', scope: 'public' });
    expect(again.status).toBe(202);
    await waitFor(http, busy, (again.body as { id: string }).id);
  });

  it('records creation and download in the audit log', async () => {
    const done = await exportAndWait(http, writer, { format: 'csv', scope: 'public' });
    await download(http, writer, done);
    const events = await t.dataSource.query<{ action: string; actor_id: string }[]>(
      `SELECT action, actor_id FROM audit_events WHERE entity_type = 'export' AND entity_id = $1 ORDER BY seq`,
      [done.id],
    );
    expect(events).toEqual([
      { action: 'export.created', actor_id: writer.user.id },
      { action: 'export.downloaded', actor_id: writer.user.id },
    ]);
  });

  it('a failed build is marked failed with a safe message and leaves no file behind', async () => {
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO exports (created_by, format, scope, fields) VALUES ($1, 'csv', 'public', '{bogus}') RETURNING id`,
      [writer.user.id],
    );
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.exports));
    await queue.add(EXPORT_JOBS.build, { exportId: row.id });
    const done = await waitFor(http, writer, row.id);
    expect(done).toMatchObject({ status: 'failed', error: BUILD_FAILED, sha256: null });
    const directory = join(t.config.storageDir, 'exports');
    expect(readdirSync(join(directory, 'tmp'))).toEqual([]);
    expect(readdirSync(directory).filter((name) => name.startsWith(row.id))).toEqual([]);
    expectError(await http().get(`/api/v1/exports/${row.id}/download`).set(writer.auth), 409);
    expect(
      t.logLines.some((line) => line.includes(row.id) && line.includes('export build failed')),
    ).toBe(true);
    expect(t.logLines.join('\n')).not.toMatch(SECRETS);
  });
});

describe('exports retention (e2e)', () => {
  let t: TestApp;
  let writer: Caller;
  const http: Http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ EXPORT_TTL: 'PT1S' });
    writer = await signIn(t, 'writer');
  });
  afterAll(async () => {
    await t.close();
  });

  it('expires files after EXPORT_TTL: the clean-up deletes them and download is 410', async () => {
    const done = await exportAndWait(http, writer, { format: 'csv', scope: 'public' });
    expect(done.rowCount).toBe(0);
    const { text } = await download(http, writer, done);
    expect(text).toBe(`${PUBLIC_CSV_FIELDS.join(',')}\n`);
    const path = join(t.config.storageDir, 'exports', `${done.id}.csv`);
    expect(existsSync(path)).toBe(true);
    const tmp = join(t.config.storageDir, 'exports', 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'abandoned.part'), 'half a file');
    writeFileSync(join(tmp, 'live.part'), 'being written');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    utimesSync(join(tmp, 'abandoned.part'), twoHoursAgo, twoHoursAgo);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    expect(await t.app.get(ExportsService).cleanup()).toBe(1);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(tmp)).toEqual(['live.part']);
    const after = await http().get(`/api/v1/exports/${done.id}`).set(writer.auth);
    expect(after.body).toMatchObject({ status: 'expired' });
    expectError(await http().get(`/api/v1/exports/${done.id}/download`).set(writer.auth), 410);
    const [{ count }] = await t.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM audit_events WHERE action = 'export.expired' AND entity_id = $1`,
      [done.id],
    );
    expect(count).toBe('1');
  });

  it('answers 410, not 500, when a completed export has lost its file', async () => {
    const done = await exportAndWait(http, writer, { format: 'json', scope: 'public' });
    await t.dataSource.query(
      `UPDATE exports SET expires_at = now() + interval '1 hour' WHERE id = $1`,
      [done.id],
    );
    rmSync(join(t.config.storageDir, 'exports', `${done.id}.json`));
    expectError(await http().get(`/api/v1/exports/${done.id}/download`).set(writer.auth), 410);
  });
});

describe('exports in batches (e2e)', () => {
  let t: TestApp;
  let verifier: Caller;
  const http: Http = () => request(t.app.getHttpServer());
  const ROWS = 1234;

  beforeAll(async () => {
    t = await createTestApp();
    verifier = await signIn(t, 'verifier');
    await t.dataSource.query(
      `INSERT INTO incidents (reference, title, regime, category, occurred_from, occurred_to, created_by)
       SELECT 'BULK-' || g, 'Bulk incident ' || g || ', "row"', 'UN-1718', 'overseas_labor',
              date '2024-01-01' + g % 300, date '2024-01-01' + g % 300, $1
         FROM generate_series(1, $2::int) g`,
      [verifier.user.id, ROWS],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['csv', 'json', 'ndjson', 'html'])(
    '%s streams every row across many fetches and reports 100 at the end',
    async (format) => {
      const done = await exportAndWait(http, verifier, { format, scope: 'internal' });
      expect(done).toMatchObject({ rowCount: ROWS, progress: 100 });
      const { text } = await download(http, verifier, done);
      const references = new Set(text.match(/BULK-\d+/g));
      expect(references.size).toBe(ROWS);
      if (format === 'json') expect(JSON.parse(text)).toHaveLength(ROWS);
      if (format === 'ndjson') expect(text.trim().split('\n')).toHaveLength(ROWS);
    },
  );
});

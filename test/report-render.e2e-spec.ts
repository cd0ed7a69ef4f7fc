import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import request from 'supertest';
import { ExportDto } from '../src/exports/dto/export.dto';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

/**
 * The HTML report as a reader sees it: rendered by Chromium, printed to PDF, read back as the
 * words on the page. Chromium is Debian's (.ci/run installs it), or CHROMIUM_PATH's.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the PDFs and screenshots stay after the run, for a person to look at. */
const OUTPUT = join(tmpdir(), 'sanctions-tracker-report-render');

interface DemoEntry {
  incident: Record<string, unknown> & { summary: string; title: string };
  sources: Record<string, unknown>[];
}
const demo = (
  JSON.parse(readFileSync(join(__dirname, '..', 'demo', 'demo-incidents.json'), 'utf8')) as {
    incidents: DemoEntry[];
  }
).incidents[0];

const PUBLIC_TITLE = 'Mine workers sent to Russia in breach of UN sanctions';
const PUBLIC_SUMMARY =
  "Around 100 workers from North Korea's largest iron ore mine were sent to Russia in " +
  'January 2025, according to a source inside the country.\n\nReceiving DPRK workers ' +
  'breaches UN Security Council resolutions 2375 (2017) and 2397 (2017).';
const REPORT_TITLE = 'North Korean workers abroad: findings for January 2025';
const INTRODUCTION =
  'This report lists the cases our monitors verified this month.\n\n' +
  'Each case names the UN Security Council provisions it may breach.';
/** What only the internal record holds: places, the staff title and summary, the informant. */
const PLACES = ['Musan', 'North Hamgyong', 'Rason'];
const CONFIDENTIAL = /Reporting partner|via ASIAPRESS desk|mid-February/;

describe('the HTML report in Chromium (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  let browser: Browser;
  let incident: IncidentDto;
  let pseudonym: string;
  const http = () => request(t.app.getHttpServer());

  async function transition(caller: Caller, body: Record<string, unknown>): Promise<IncidentDto> {
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(caller.auth)
      .send({ version: incident.version, ...body });
    expect(response.status).toBe(200);
    return response.body as IncidentDto;
  }

  /** Requests an export, waits for the worker to build it, and downloads it (digest checked). */
  async function exportReport(caller: Caller, body: Record<string, unknown>): Promise<string> {
    const queued = await http().post('/api/v1/exports').set(caller.auth).send(body);
    expect(queued.status).toBe(202);
    const id = (queued.body as { id: string }).id;
    let done: ExportDto;
    for (const deadline = Date.now() + 20_000; ;) {
      const response = await http().get(`/api/v1/exports/${id}`).set(caller.auth);
      expect(response.status).toBe(200);
      done = response.body as ExportDto;
      if (done.status !== 'queued' && done.status !== 'running') break;
      if (Date.now() > deadline) throw new Error(`export ${id} still ${done.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(done).toMatchObject({ status: 'completed', rowCount: 1, format: 'html' });
    const file = await http()
      .get(`/api/v1/exports/${id}/download`)
      .set(caller.auth)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/html; charset=utf-8');
    const bytes = file.body as Buffer;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.sha256);
    return bytes.toString('utf8');
  }

  /**
   * Opens the report offline: any request the page makes is recorded and refused. Prints it to
   * PDF and takes a full-page screenshot under OUTPUT; answers the text a reader sees.
   */
  async function render(html: string, name: string): Promise<string> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const requested: string[] = [];
    await context.route('**/*', async (route) => {
      requested.push(route.request().url());
      await route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('request', (each) => {
      if (!requested.includes(each.url())) requested.push(each.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.setContent(html, { waitUntil: 'load' });
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      // A string expression: this file is compiled without the DOM's types.
      expect(await page.evaluate('document.characterSet')).toBe('UTF-8');
      const pdf = await page.pdf({ path: join(OUTPUT, `${name}.pdf`), format: 'A4' });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const png = await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      const text = await page.innerText('body');
      expect(requested).toEqual([]);
      expect(errors).toEqual([]);
      return text;
    } finally {
      await context.close();
    }
  }

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    t = await createTestApp();
    [monitor, verifier, writer] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
    ]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });

    // Filed, sourced and walked to published through the API, as the demo's first incident is.
    incident = await fileIncident(t, monitor, demo.incident);
    const sourceIds: string[] = [];
    for (const source of demo.sources) {
      const url = source.confidential ? {} : { url: 'https://example.org/asiapress-musan' };
      const added = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .set(monitor.auth)
        .send({ ...source, ...url });
      expect(added.status).toBe(201);
      sourceIds.push((added.body as { id: string }).id);
    }
    pseudonym = (
      await t.dataSource.query<{ pseudonym: string }[]>(
        'SELECT pseudonym FROM sources WHERE id = $1',
        [sourceIds[1]],
      )
    )[0].pseudonym;
    const evidence = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({
        kind: 'testimony',
        description: 'Account of the reporting partner: dates, group sizes, route.',
        text: 'Groups of 30 to 35 left from 12 January.',
        sourceId: sourceIds[1],
      });
    expect(evidence.status).toBe(201);
    incident = await transition(monitor, { action: 'submit' });
    const reviewed = await http()
      .post(`/api/v1/evidence/${(evidence.body as { id: string }).id}/review`)
      .set(verifier.auth)
      .send({ decision: 'approved', note: 'Consistent with the press report.', version: 1 });
    expect(reviewed.status).toBe(200);
    incident = await transition(verifier, { action: 'verify', confidence: 'likely' });
    const written = await http().patch(`/api/v1/incidents/${incident.id}`).set(writer.auth).send({
      publicTitle: PUBLIC_TITLE,
      publicSummary: PUBLIC_SUMMARY,
      version: incident.version,
    });
    expect(written.status).toBe(200);
    incident = written.body as IncidentDto;
    incident = await transition(writer, { action: 'publish' });
    expect(incident.status).toBe('published');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('public scope: the words a reader sees, and nothing the public may not see', async () => {
    const html = await exportReport(writer, {
      format: 'html',
      scope: 'public',
      title: REPORT_TITLE,
      introduction: INTRODUCTION,
    });
    const text = await render(html, 'public');
    for (const words of [
      REPORT_TITLE,
      'This report lists the cases our monitors verified this month.',
      'Each case names the UN Security Council provisions it may breach.',
      `${incident.reference}: ${PUBLIC_TITLE}`,
      '12\u201329 January 2025',
      'North Korea, Russia',
      'UNSCR 2375 (2017) OP17; UNSCR 2397 (2017) OP8',
      "Democratic People's Republic of Korea, UNSCR 1718 (2006)",
      'Overseas workers earning income abroad',
      'January 2025',
      'Likely',
      'Receiving DPRK workers breaches UN Security Council resolutions',
      'Media: ASIAPRESS https://example.org/asiapress-musan',
    ]) {
      expect(text).toContain(words);
    }
    for (const place of PLACES) expect(text).not.toContain(place);
    expect(text).not.toContain(demo.incident.summary.slice(0, 60));
    expect(text).not.toContain(demo.incident.title);
    expect(text).not.toContain(pseudonym);
    expect(text).not.toMatch(CONFIDENTIAL);
    expect(text).not.toMatch(/UN-1718|overseas_labor|UNSCR-2397-OP8|\bKP\b|Internal/);
  });

  it('internal scope adds the status, the places, the internal summary and the pseudonym', async () => {
    const html = await exportReport(verifier, { format: 'html', scope: 'internal' });
    const text = await render(html, 'internal');
    for (const words of [
      'Possible violations of UN sanctions',
      'Internal report: not for publication.',
      `${incident.reference}: ${PUBLIC_TITLE}`,
      '12\u201329 January 2025',
      'North Korea, Russia',
      'UNSCR 2397 (2017) OP8',
      'Published',
      demo.incident.title,
      'Musan, North Hamgyong, North Korea (origin)',
      'Rason, North Korea (transit)',
      'Russia (destination)',
      demo.incident.summary.slice(0, 60),
      `Informant: confidential source ${pseudonym}`,
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toMatch(CONFIDENTIAL);
  });
});

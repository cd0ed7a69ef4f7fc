import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BenchContext, Figure } from './figures';
import { BENCH_PASSWORD } from './synthetic';

/** UI.md's budgets for the incident list, p95 in Chromium on this machine. */
const FIRST_ROW_BUDGET_MS = 1000;
const LOAD_MORE_BUDGET_MS = 300;
/** The list's page size (web/src/features/incidents/IncidentList.tsx): row 51 is page two's. */
const PAGE_SIZE = 50;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_DIST = join(__dirname, '..', 'web', 'dist');

/**
 * Builds web/dist when it is missing (a run with --no-build after a server-only build): the
 * service lists the web application's files when it starts, so this runs before it does.
 */
export async function ensureWebBuild(say: (line: string) => void): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  say('web/dist is missing: npm run build --prefix web');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--prefix', join(__dirname, '..', 'web')], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`npm run build --prefix web exited with ${code}`);
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Runs in the page before its own scripts (a string: the bench compiles without the DOM's
 * types). It stamps, on the page's clock whose zero is the navigation's start, the moment the
 * first row of the incident table is in the document, and the moment row 51 arrives after a
 * click on "Load more".
 */
const PROBE = `
  localStorage.setItem('st-language', 'en');
  window.__bench = { firstRow: null, clickedAt: null, row51: null };
  new MutationObserver(() => {
    const bench = window.__bench;
    if (bench.firstRow === null && document.querySelector('main tbody tr')) {
      bench.firstRow = performance.now();
    }
    if (bench.clickedAt !== null && bench.row51 === null &&
        document.querySelector('main tbody tr:nth-child(${PAGE_SIZE + 1})')) {
      bench.row51 = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Load more') window.__bench.clickedAt = performance.now();
  }, true);
`;

interface Stamps {
  firstRow: number | null;
  clickedAt: number | null;
  row51: number | null;
}

/**
 * UI.md's list budget as a user meets it: Debian's Chromium signs in as a verifier, then opens
 * /app/incidents `loads` times (a full navigation each time: the session resumed from its
 * cookie, the bundle from the browser's cache, the first page from the API) and clicks "Load
 * more" each time. One load first warms the caches and is not counted.
 */
export async function measureWebList(context: BenchContext): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const loads = context.quick ? 10 : 20;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const firstRows: number[] = [];
  const loadMores: number[] = [];
  const offOrigin: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const origin = context.service.baseUrl;
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        offOrigin.push(url);
      }
    });
    await page.addInitScript({ content: PROBE });
    await page.goto(`${origin}/app/sign-in`);
    await page.fill(
      'input[type="email"], input[autocomplete="username"]',
      'bench-verifier-1@bench.example',
    );
    await page.fill('input[autocomplete="current-password"]', BENCH_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('nav', { timeout: 30_000 });

    for (let load = -1; load < loads; load++) {
      await page.goto(`${origin}/app/incidents`);
      await page.waitForSelector('main tbody tr', { timeout: 60_000 });
      const first = await page.evaluate<Stamps>('window.__bench');
      const more = page.getByRole('button', { name: 'Load more' });
      await more.click({ timeout: 30_000 });
      await page.waitForSelector(`main tbody tr:nth-child(${PAGE_SIZE + 1})`, { timeout: 60_000 });
      const after = await page.evaluate<Stamps>('window.__bench');
      if (first.firstRow === null || after.clickedAt === null || after.row51 === null) {
        throw new Error(`the page's probe missed a moment: ${JSON.stringify(after)}`);
      }
      if (load < 0) continue;
      firstRows.push(first.firstRow);
      loadMores.push(after.row51 - after.clickedAt);
    }
  } finally {
    await browser.close();
  }
  if (offOrigin.length > 0) throw new Error(`requests left the origin: ${offOrigin.join(', ')}`);
  firstRows.sort((a, b) => a - b);
  loadMores.sort((a, b) => a - b);
  const firstP95 = percentile(firstRows, 95);
  const moreP95 = percentile(loadMores, 95);
  return [
    {
      figure: `web: list's first row after navigation, ${loads} loads (Chromium)`,
      ours: firstP95,
      limit: null,
      unit: 'ms p95',
      ratio: null,
      target: `p95 < ${FIRST_ROW_BUDGET_MS} ms`,
      pass: firstP95 < FIRST_ROW_BUDGET_MS,
      note: `p50 ${percentile(firstRows, 50).toFixed(0)} ms, max ${firstRows.at(-1)!.toFixed(0)} ms`,
    },
    {
      figure: `web: "Load more" to row ${PAGE_SIZE + 1}, ${loads} clicks (Chromium)`,
      ours: moreP95,
      limit: null,
      unit: 'ms p95',
      ratio: null,
      target: `p95 < ${LOAD_MORE_BUDGET_MS} ms`,
      pass: moreP95 < LOAD_MORE_BUDGET_MS,
      note: `p50 ${percentile(loadMores, 50).toFixed(0)} ms, max ${loadMores.at(-1)!.toFixed(0)} ms`,
    },
  ];
}

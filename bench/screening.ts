import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchContext, Figure } from './figures';

const EDITION = join(
  __dirname,
  '..',
  'test',
  'fixtures',
  'un-consolidated',
  'consolidated-2024-09-26.xml',
);
const RESCREEN_TIMEOUT_MS = 60 * 60 * 1000;

const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

async function getJson<T>(context: BenchContext, path: string): Promise<T> {
  const response = await fetch(`${context.service.baseUrl}${path}`, {
    headers: auth(context.tokens.admin),
  });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function poll<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  report?: (value: T) => void,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = 0;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (report && Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      report(value);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A list version every run: the shipped 2024 edition with one entity's comments stamped with
 * the time, so the version amends a designation (the first run's adds them all) and every actor
 * is screened again. Answers the version's id.
 */
async function importStampedEdition(context: BenchContext): Promise<string> {
  const edition = readFileSync(EDITION, 'utf8');
  const at = edition.indexOf('<REFERENCE_NUMBER>KPe.010</REFERENCE_NUMBER>');
  const start = edition.lastIndexOf('<ENTITY>', at);
  const end = edition.indexOf('</ENTITY>', at);
  const stamped =
    edition.slice(0, start) +
    edition
      .slice(start, end)
      .replace('<COMMENTS1>', `<COMMENTS1>Bench run ${new Date().toISOString()}. `) +
    edition.slice(end);
  const form = new FormData();
  form.append('file', new Blob([stamped], { type: 'application/xml' }), 'consolidated.xml');
  // The first import adds the whole list; later ones amend one entry (never a shrink).
  form.append('force', 'false');
  const response = await fetch(`${context.service.baseUrl}/api/v1/sanctions/imports`, {
    method: 'POST',
    headers: auth(context.tokens.admin),
    body: form,
  });
  if (response.status !== 202) {
    throw new Error(`import refused: ${response.status} ${await response.text()}`);
  }
  const { id } = (await response.json()) as { id: string };
  const done = await poll(
    `import ${id}`,
    () =>
      getJson<{ status: string; versionId: string | null; error: string | null }>(
        context,
        `/api/v1/sanctions/imports/${id}`,
      ),
    (body) => !['queued', 'running'].includes(body.status),
    120_000,
  );
  if (done.status !== 'completed' || !done.versionId) {
    throw new Error(`import ${id} ended ${done.status}: ${done.error ?? ''}`);
  }
  return done.versionId;
}

interface Rescreen {
  status: string;
  total: number;
  screened: number;
  error: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

/** Ten actors per request, as one incident names them: seeded actors and a few real names. */
async function sampleActors(context: BenchContext, requests: number): Promise<object[][]> {
  const { rows } = await context.db.query<{
    actors: { name: string; type: string; imoNumber?: string }[];
  }>(
    `SELECT actors FROM incidents TABLESAMPLE SYSTEM (1)
      WHERE jsonb_array_length(actors) > 0 LIMIT ${requests * 10}`,
  );
  const seeded = rows.flatMap((row) => row.actors);
  const real = [
    { name: 'Korea Mining Development Trading Corporation', type: 'company' },
    { name: 'Ri Je-son', type: 'person' },
    { name: '윤호진', type: 'person' },
    { name: 'Ким Чен Ын', type: 'person' },
  ];
  const batches: object[][] = [];
  for (let i = 0; i < requests; i += 1) {
    const batch = [...real.slice(0, 2 + (i % 3))];
    while (batch.length < 10) {
      const actor = seeded[(i * 10 + batch.length) % Math.max(1, seeded.length)];
      batch.push(
        actor
          ? {
              name: actor.name,
              type: actor.type,
              ...(actor.imoNumber ? { imoNumber: actor.imoNumber } : {}),
            }
          : real[batch.length % real.length],
      );
    }
    batches.push(batch);
  }
  return batches;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/**
 * Spec 13's two screening figures: re-screening every actor after a list version (actors a
 * second, with progress, none screened twice), then one incident's ten actors screened against
 * the whole list (`POST /sanctions/screen`, one request at a time: p95).
 */
export async function measureScreening(context: BenchContext): Promise<Figure[]> {
  const versionId = await importStampedEdition(context);
  const rescreen = await poll<Rescreen | null>(
    're-screening',
    async () => {
      const response = await fetch(
        `${context.service.baseUrl}/api/v1/sanctions/versions/${versionId}/rescreen`,
        { headers: auth(context.tokens.admin) },
      );
      return response.status === 404 ? null : ((await response.json()) as Rescreen);
    },
    (body) => body !== null && ['completed', 'failed'].includes(body.status),
    RESCREEN_TIMEOUT_MS,
    (body) =>
      process.stderr.write(
        `bench: re-screening ${body?.status ?? 'not started'}: ${body?.screened ?? 0} of ${body?.total ?? '?'} actors\n`,
      ),
  );
  if (
    !rescreen ||
    rescreen.status !== 'completed' ||
    !rescreen.startedAt ||
    !rescreen.completedAt
  ) {
    throw new Error(`re-screening ended ${rescreen?.status}: ${rescreen?.error ?? ''}`);
  }
  const seconds = (Date.parse(rescreen.completedAt) - Date.parse(rescreen.startedAt)) / 1000;
  const rate = rescreen.screened / Math.max(seconds, 0.001);
  // None twice: the walk counts each actor it screens, and it screened every actor once.
  const { rows } = await context.db.query<{ actors: string }>(
    `SELECT coalesce(sum(jsonb_array_length(actors)), 0) AS actors FROM incidents`,
  );
  const actors = Number(rows[0].actors);
  const once = rescreen.screened === rescreen.total && rescreen.total === actors;

  const requests = context.quick ? 100 : 400;
  const batches = await sampleActors(context, requests);
  const timings: number[] = [];
  for (const [i, batch] of batches.entries()) {
    const started = performance.now();
    const response = await fetch(`${context.service.baseUrl}/api/v1/sanctions/screen`, {
      method: 'POST',
      headers: { ...auth(context.tokens.verifier), 'content-type': 'application/json' },
      body: JSON.stringify({ actors: batch, occurredFrom: '2019-01-01', occurredTo: '2019-12-31' }),
    });
    const body = (await response.json()) as { actors?: unknown[] };
    const elapsed = performance.now() - started;
    if (response.status !== 200 || body.actors?.length !== batch.length) {
      throw new Error(`screen request ${i} answered ${response.status}`);
    }
    // The first requests warm the caches (prepared designations, plans): not counted.
    if (i >= 10) timings.push(elapsed);
  }
  const p95 = percentile(timings, 95);
  return [
    {
      figure: 're-screening (actors/s)',
      ours: rate,
      limit: null,
      unit: 'actors/s',
      ratio: null,
      target: '>= 5,000/s, none twice',
      pass: rate >= 5000 && once,
      note:
        `${rescreen.screened} of ${rescreen.total} actors in ${seconds.toFixed(1)} s; ` +
        `${once ? 'each once' : `NOT each once (${actors} actors named)`}`,
    },
    {
      figure: 'screening p95 (10 actors)',
      ours: p95,
      limit: null,
      unit: 'ms',
      ratio: null,
      target: 'p95 < 50 ms',
      pass: p95 < 50,
      note: `${timings.length} requests one at a time; p50 ${percentile(timings, 50).toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms`,
    },
  ];
}

/**
 * `npm run demo`: fills a RUNNING sanctions-tracker with the demo data of demo-incidents.json
 * walks the first incident through the workflow and comments on it, naming the writer, and
 * imports the UN Consolidated List of 2024-09-26 when no list is there yet, over HTTP only
 * (Node 20's fetch, FormData and Blob). Safe to run again: incidents whose title
 * already exists are skipped, and so is the comment once the verifier wrote it.
 *
 *   DEMO_API_URL                             the service (default http://127.0.0.1:3000)
 *   DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD   an admin account, else
 *   ADMIN_EMAIL / ADMIN_PASSWORD             the first admin of the service
 *
 * It refuses a service that runs with NODE_ENV=production (as `GET /health/live` tells), since
 * its accounts share a published password, unless run as `npm run demo -- --allow-production`.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

const BASE_URL = (process.env.DEMO_API_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const API = '/api/v1';

const ALLOW_PRODUCTION = '--allow-production';

/** Demo data, not a secret: printed on the console so the demo accounts can be tried out. */
const DEMO_PASSWORD = 'demo-password-not-secret';

type Role = 'admin' | 'monitor' | 'verifier' | 'writer';
type DemoUserKey = 'monitor' | 'monitor2' | 'verifier' | 'writer';

const DEMO_USERS: { key: DemoUserKey; email: string; displayName: string; roles: Role[] }[] = [
  {
    key: 'monitor',
    email: 'demo-monitor@example.org',
    displayName: 'Demo Monitor',
    roles: ['monitor'],
  },
  {
    key: 'monitor2',
    email: 'demo-monitor2@example.org',
    displayName: 'Demo Second Monitor',
    roles: ['monitor'],
  },
  {
    key: 'verifier',
    email: 'demo-verifier@example.org',
    displayName: 'Demo Verifier',
    roles: ['verifier'],
  },
  {
    key: 'writer',
    email: 'demo-writer@example.org',
    displayName: 'Demo Writer',
    roles: ['writer'],
  },
];

// ---------------------------------------------------------------------------------------------
// Demo data file

interface DemoSource {
  kind: string;
  name: string;
  url?: string;
  publishedAt?: string;
  reliability: string;
  credibility: number;
  independenceGroup?: string;
  confidential: boolean;
  contact?: string;
  notes?: string;
}

interface DemoEvidence {
  kind: string;
  description: string;
  /** Index into the entry's `sources`. */
  source?: number;
  /** A file of demo/files/ (only its base name is used). */
  file?: string;
  url?: string;
  text?: string;
  capturedAt?: string;
}

interface DemoEntry {
  incident: Record<string, unknown> & {
    title: string;
    summary?: string;
    occurredFrom: string;
    occurredTo?: string;
  };
  sources?: DemoSource[];
  evidence?: DemoEvidence[];
  publicSummary?: string;
}

// ---------------------------------------------------------------------------------------------
// API shapes (the parts the demo reads)

interface Tokens {
  accessToken: string;
  user: { id: string; email: string; roles: Role[] };
}

interface Incident {
  id: string;
  reference: string;
  title: string;
  status: string;
  version: number;
  publicSummary: string;
  assigneeId: string | null;
  possibleDuplicates?: unknown[];
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Source {
  id: string;
  kind: string;
  confidential: boolean;
  pseudonym: string | null;
  name?: string;
  contact?: string | null;
  notes?: string | null;
  url?: string | null;
}

interface Evidence {
  id: string;
  kind: string;
  status: string;
  version: number;
  sha256: string | null;
  mimeType: string | null;
}

interface Comment {
  id: string;
  authorId: string;
  body: string | null;
  mentions: string[];
}

interface ErrorBody {
  message?: unknown;
  requestId?: unknown;
  details?: unknown;
}

/** A field of an error body as text, whatever its JSON type. */
const asText = (value: unknown, fallback: string): string =>
  value === undefined || value === null
    ? fallback
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

// ---------------------------------------------------------------------------------------------
// HTTP

class DemoError extends Error {}

class HttpError extends DemoError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    const details = body.details === undefined ? '' : ` details=${JSON.stringify(body.details)}`;
    super(
      `${method} ${path} answered ${status}: ${asText(body.message, '(no message)')}` +
        ` (requestId ${asText(body.requestId, 'none')})${details}`,
    );
  }
}

interface CallOptions {
  token?: string;
  json?: unknown;
  form?: FormData;
  /** Statuses that are not an error; anything else throws HttpError. */
  expect?: number[];
}

async function call<T>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | FormData | undefined;
  if (options.form) {
    body = options.form; // fetch sets the multipart content type with its boundary
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(BASE_URL + path, { method, headers, body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new DemoError(
      `Cannot reach the service at ${BASE_URL} (${cause?.code ?? cause?.message ?? String(error)}): ` +
        'start it (see README, "Quick start") or point DEMO_API_URL at it.',
    );
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
  }
  const expect = options.expect ?? [method === 'POST' ? 201 : 200];
  if (!expect.includes(response.status)) {
    const errorBody: ErrorBody = parsed ?? {};
    throw new HttpError(method, path, response.status, errorBody);
  }
  return { status: response.status, body: parsed as T };
}

const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  return search.toString();
};

// ---------------------------------------------------------------------------------------------
// Output helpers

const log = (line = ''): void => console.log(line);
const step = (action: string, actor: string, result: string): void =>
  log(`  ${action.padEnd(32)} by ${actor.padEnd(27)} -> ${result}`);

// ---------------------------------------------------------------------------------------------
// Steps

interface Account {
  email: string;
  id: string;
  token: string;
}

async function login(email: string, password: string): Promise<Tokens | { failed: string }> {
  const { status, body } = await call<Tokens & ErrorBody>('POST', `${API}/auth/login`, {
    json: { email, password },
    expect: [200, 400, 401, 429],
  });
  if (status === 200) return body;
  return { failed: `${status} ${asText(body.message, '')}`.trim() };
}

async function adminAccount(): Promise<Account> {
  const candidates: { label: string; email: string; password: string }[] = [];
  const { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, ADMIN_EMAIL, ADMIN_PASSWORD } = process.env;
  if (DEMO_ADMIN_EMAIL && DEMO_ADMIN_PASSWORD) {
    candidates.push({
      label: 'DEMO_ADMIN_EMAIL',
      email: DEMO_ADMIN_EMAIL,
      password: DEMO_ADMIN_PASSWORD,
    });
  }
  if (
    ADMIN_EMAIL &&
    ADMIN_PASSWORD &&
    !(ADMIN_EMAIL === DEMO_ADMIN_EMAIL && ADMIN_PASSWORD === DEMO_ADMIN_PASSWORD)
  ) {
    candidates.push({ label: 'ADMIN_EMAIL', email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  }
  const tried: string[] = [];
  for (const candidate of candidates) {
    const result = await login(candidate.email, candidate.password);
    if ('failed' in result) {
      tried.push(`${candidate.label}=${candidate.email}: ${result.failed}`);
    } else if (!result.user.roles.includes('admin')) {
      tried.push(
        `${candidate.label}=${candidate.email}: signed in but does not hold the admin role`,
      );
    } else {
      log(`Admin: ${result.user.email} (from ${candidate.label})`);
      return { email: result.user.email, id: result.user.id, token: result.accessToken };
    }
  }
  const why =
    tried.length > 0
      ? `no admin sign-in worked (${tried.join('; ')})`
      : 'no admin credentials given';
  throw new DemoError(
    `Demo needs an admin, but ${why}. Create one with ` +
      '`npm run cli -- create-user --email admin@example.org --role admin` (or start the service on an ' +
      'empty database with ADMIN_EMAIL/ADMIN_PASSWORD), then run ' +
      '`DEMO_ADMIN_EMAIL=admin@example.org DEMO_ADMIN_PASSWORD=... npm run demo`.',
  );
}

async function demoUsers(admin: Account): Promise<{
  accounts: Record<DemoUserKey, Account>;
  created: number;
}> {
  log();
  log('Demo users (DEMO DATA: every demo account uses the same fixed, published demo password):');
  const accounts = {} as Record<DemoUserKey, Account>;
  let created = 0;
  for (const user of DEMO_USERS) {
    const { status } = await call('POST', `${API}/users`, {
      token: admin.token,
      json: {
        email: user.email,
        displayName: user.displayName,
        password: DEMO_PASSWORD,
        roles: user.roles,
      },
      expect: [201, 409],
    });
    if (status === 201) created += 1;
    const result = await login(user.email, DEMO_PASSWORD);
    if ('failed' in result) {
      throw new DemoError(
        `Demo user ${user.email} exists, but signing in with the demo password failed ` +
          `(${result.failed}). An admin can deactivate it or reset it; the demo does not change it.`,
      );
    }
    const missing = user.roles.filter((role) => !result.user.roles.includes(role));
    if (missing.length > 0) {
      throw new DemoError(
        `Demo user ${user.email} exists without the role(s) ${missing.join(', ')}; ` +
          'give them back (PATCH /api/v1/users/:id) and run the demo again.',
      );
    }
    accounts[user.key] = { email: user.email, id: result.user.id, token: result.accessToken };
    log(
      `  ${user.roles.join(',').padEnd(9)} ${user.email.padEnd(27)} password: ${DEMO_PASSWORD}` +
        `  (${status === 201 ? 'created' : 'already there'})`,
    );
  }
  return { accounts, created };
}

/** The incident with exactly this title, if any (full-text search, then an exact comparison). */
async function findByTitle(token: string, title: string): Promise<Incident | undefined> {
  // Only words: websearch syntax (quotes, "or", a leading "-") must not change the meaning.
  const words = title.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  let cursor: string | undefined;
  do {
    const path = `${API}/incidents?${query({ q: words, limit: 100, sort: '-createdAt', cursor })}`;
    const { body } = await call<Page<Incident>>('GET', path, { token });
    const found = body.items.find((item) => item.title.trim() === title.trim());
    if (found) return found;
    cursor = body.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

const MIME_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
};

/** IMO ship numbers: the seventh digit is the sum of the first six weighted 7..2, mod 10. */
function isImoNumber(value: string): boolean {
  if (!/^\d{7}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 6).reduce((total, digit, i) => total + digit * (7 - i), 0);
  return sum % 10 === digits[6];
}

async function fileEntry(
  entry: DemoEntry,
  monitor: Account,
): Promise<{ incident: Incident; sources: number; evidence: number }> {
  const input = { ...entry.incident };
  if (input.occurredTo === undefined) {
    // The API requires both ends of the date range; a one-day event ends where it starts.
    input.occurredTo = input.occurredFrom;
    log(`  (demo data gives no occurredTo: using occurredFrom, ${input.occurredFrom})`);
  }
  if (Array.isArray(input.actors)) {
    input.actors = (input.actors as { name: string; imoNumber?: string }[]).map((actor) => {
      if (actor.imoNumber === undefined || isImoNumber(actor.imoNumber)) return actor;
      // The API checks the IMO check digit (400 otherwise); invented numbers often fail it.
      log(
        `  (demo data: IMO number ${actor.imoNumber} of ${actor.name} fails the check digit; ` +
          'filed without it)',
      );
      const rest = { ...actor };
      delete rest.imoNumber;
      return rest;
    });
  }
  const { body: incident } = await call<Incident>('POST', `${API}/incidents`, {
    token: monitor.token,
    json: input,
  });
  step(
    'file incident',
    monitor.email,
    `${incident.reference} ${incident.status} (version ${incident.version})` +
      (incident.possibleDuplicates?.length
        ? `, ${incident.possibleDuplicates.length} possible duplicate(s)`
        : ''),
  );

  const sourceIds: string[] = [];
  for (const source of entry.sources ?? []) {
    const { body } = await call<Source>('POST', `${API}/incidents/${incident.id}/sources`, {
      token: monitor.token,
      json: source,
    });
    sourceIds.push(body.id);
    step(
      `add source (${source.kind})`,
      monitor.email,
      body.confidential ? `confidential, pseudonym ${body.pseudonym}` : 'public',
    );
  }

  for (const item of entry.evidence ?? []) {
    const fields: Record<string, string> = { kind: item.kind, description: item.description };
    if (item.source !== undefined) {
      const sourceId = sourceIds[item.source];
      if (!sourceId) {
        throw new DemoError(
          `Demo data: evidence "${item.description.slice(0, 40)}..." names source ${item.source}, ` +
            `but "${entry.incident.title}" has ${sourceIds.length} source(s).`,
        );
      }
      fields.sourceId = sourceId;
    }
    if (item.capturedAt) fields.capturedAt = item.capturedAt;
    const path = `${API}/incidents/${incident.id}/evidence`;
    let added: Evidence;
    if (item.file) {
      const name = basename(item.file);
      const bytes = readFileSync(join(__dirname, 'files', name));
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      const type = MIME_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
      form.append('file', new Blob([bytes], { type }), name);
      ({ body: added } = await call<Evidence>('POST', path, { token: monitor.token, form }));
    } else {
      const json: Record<string, string> = { ...fields };
      if (item.kind === 'testimony') json.text = item.text ?? item.description;
      if (item.kind === 'url') {
        if (!item.url)
          throw new DemoError(`Demo data: url evidence without "url" in "${entry.incident.title}"`);
        json.url = item.url;
      }
      ({ body: added } = await call<Evidence>('POST', path, { token: monitor.token, json }));
    }
    step(
      `add evidence (${item.kind})`,
      monitor.email,
      `${added.status}${added.mimeType ? `, ${added.mimeType}` : ''}` +
        (added.sha256 ? `, sha256 ${added.sha256.slice(0, 12)}...` : ''),
    );
  }
  return {
    incident,
    sources: sourceIds.length,
    evidence: entry.evidence?.length ?? 0,
  };
}

async function getIncident(token: string, id: string): Promise<Incident> {
  return (await call<Incident>('GET', `${API}/incidents/${id}`, { token })).body;
}

async function transition(
  actor: Account,
  incident: Incident,
  action: string,
  extra: Record<string, string> = {},
): Promise<Incident> {
  const { body } = await call<Incident>('POST', `${API}/incidents/${incident.id}/transitions`, {
    token: actor.token,
    json: { action, version: incident.version, ...extra },
    expect: [200],
  });
  step(
    action + (extra.confidence ? ` (${extra.confidence})` : ''),
    actor.email,
    `${body.status} (version ${body.version})`,
  );
  return body;
}

/**
 * Takes the incident from wherever it is to `published`. Returns false when it was published
 * already (nothing to do) and true when it walked at least one step.
 */
async function walkWorkflow(
  start: Incident,
  publicSummary: string,
  users: Record<DemoUserKey, Account>,
): Promise<boolean> {
  const { monitor, verifier, writer } = users;
  let incident = start;
  if (incident.status === 'published') return false;
  log();
  log(`Workflow of ${incident.reference} "${incident.title}" (now ${incident.status}):`);
  if (incident.status === 'intake') {
    incident = await transition(monitor, incident, 'submit');
  }
  if (incident.status === 'in_verification') {
    if (incident.assigneeId !== verifier.id) {
      ({ body: incident } = await call<Incident>('POST', `${API}/incidents/${incident.id}/assign`, {
        token: verifier.token,
        json: { assigneeId: verifier.id, version: incident.version },
        expect: [200],
      }));
      step(
        'assign (self)',
        verifier.email,
        `${incident.status} (version ${incident.version}), assignee set`,
      );
    }
    const { body: evidence } = await call<{ items: Evidence[] }>(
      'GET',
      `${API}/incidents/${incident.id}/evidence?limit=100`,
      {
        token: verifier.token,
      },
    );
    for (const item of evidence.items.filter((each) => each.status === 'pending')) {
      const { body } = await call<Evidence>('POST', `${API}/evidence/${item.id}/review`, {
        token: verifier.token,
        json: {
          decision: 'approved',
          note: 'Demo review: consistent with the source.',
          version: item.version,
        },
        expect: [200],
      });
      step(
        `review evidence (${item.kind})`,
        verifier.email,
        `evidence ${body.status} (version ${body.version})`,
      );
    }
    incident = await transition(
      verifier,
      await getIncident(verifier.token, incident.id),
      'verify',
      {
        confidence: 'likely',
        note: 'Demo: one inside source, consistent with the media report.',
      },
    );
  }
  if (incident.status === 'verified') {
    if (incident.publicSummary !== publicSummary) {
      ({ body: incident } = await call<Incident>('PATCH', `${API}/incidents/${incident.id}`, {
        token: writer.token,
        json: { publicSummary, version: incident.version },
      }));
      step('set publicSummary', writer.email, `${incident.status} (version ${incident.version})`);
    }
    incident = await transition(writer, incident, 'publish');
  }
  if (incident.status !== 'published') {
    throw new DemoError(
      `${incident.reference} is ${incident.status}; the demo walks intake -> published only. ` +
        'Reopen or remove it, or run the demo on a fresh database.',
    );
  }
  return true;
}

async function showPublic(reference: string, confidential: DemoSource[]): Promise<void> {
  const path = `${API}/public/incidents/${encodeURIComponent(reference)}`;
  const { body } = await call<Record<string, unknown>>('GET', path);
  log();
  log(`Public view, GET ${path} (no login):`);
  const text = JSON.stringify(body, null, 2);
  log(text.replace(/^/gm, '  '));
  for (const source of confidential) {
    for (const secret of [source.name, source.contact, source.notes, source.url]) {
      if (secret && text.includes(secret)) {
        throw new DemoError(`The public view of ${reference} shows a confidential source field!`);
      }
    }
  }
}

async function showRedaction(incident: Incident, monitor2: Account): Promise<void> {
  const path = `${API}/incidents/${incident.id}/sources`;
  const { body } = await call<Page<Source>>('GET', path, { token: monitor2.token });
  log();
  log(
    `Sources of ${incident.reference} as seen by ${monitor2.email} (not the one who added them):`,
  );
  for (const source of body.items) {
    log(
      source.confidential
        ? `  ${JSON.stringify(source)}`
        : `  ${source.kind}: ${source.name ?? '?'} (not confidential: shown in full)`,
    );
  }
  const leaked = body.items.filter(
    (source) => source.confidential && Boolean(source.name || source.contact || source.notes),
  );
  if (leaked.length > 0) {
    throw new DemoError(
      `A confidential source of ${incident.reference} is not redacted for a monitor!`,
    );
  }
  const redacted = body.items.filter((source) => source.confidential).length;
  log(`  -> ${redacted} confidential source(s) shown only as pseudonym, kind and grading.`);
}

/** The demo's remark on the first incident: the verifier asks the writer to check a detail. */
const DEMO_COMMENT =
  'Verified: the evidence agrees on the dates. The public summary can go out as drafted once ' +
  'the place names match the published report.';

interface DemoNotification {
  type: string;
  incidentId: string | null;
  title: string;
}

/**
 * What reached each demo user about the walked incident: the hand-offs the worker sent at each
 * step (and the mention). The worker relays them within seconds; waits up to 20 s for them.
 */
async function showHandOffs(
  incident: Incident,
  users: Record<DemoUserKey, Account>,
): Promise<void> {
  const about = async (user: Account): Promise<DemoNotification[]> => {
    const { body } = await call<{ items: DemoNotification[] }>(
      'GET',
      `${API}/notifications?limit=100`,
      { token: user.token, expect: [200] },
    );
    return body.items.filter((item) => item.incidentId === incident.id).reverse();
  };
  const keys: DemoUserKey[] = ['monitor', 'verifier', 'writer'];
  let seen: DemoNotification[][] = [];
  for (let waited = 0; waited < 20_000; waited += 1_000) {
    seen = await Promise.all(keys.map((key) => about(users[key])));
    // The last hand-off of the walk tells the creator it was published; the mention, the writer.
    if (seen[0].some((item) => item.title.endsWith('was published')) && seen[2].length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  log(`\nNotifications about ${incident.reference} (in-app, and by e-mail when SMTP_URL is set):`);
  keys.forEach((key, index) => {
    log(`  ${users[key].email}:`);
    if (seen[index].length === 0) log('    (none yet: is the worker running?)');
    for (const item of seen[index]) log(`    [${item.type}] ${item.title}`);
  });
}

/** Adds the verifier's comment, naming the writer, unless the verifier wrote it already. */
async function discuss(incident: Incident, users: Record<DemoUserKey, Account>): Promise<boolean> {
  const { verifier, writer } = users;
  const path = `${API}/incidents/${incident.id}/comments`;
  let cursor: string | undefined;
  do {
    const { body } = await call<Page<Comment>>('GET', `${path}?${query({ limit: 100, cursor })}`, {
      token: verifier.token,
    });
    const found = body.items.find(
      (item) => item.authorId === verifier.id && item.body === DEMO_COMMENT,
    );
    if (found) return false;
    cursor = body.nextCursor ?? undefined;
  } while (cursor);
  const { body } = await call<Comment>('POST', path, {
    token: verifier.token,
    json: { body: DEMO_COMMENT, mentions: [writer.id] },
  });
  log();
  log(`Discussion of ${incident.reference}:`);
  step('comment, mentioning the writer', verifier.email, `comment ${body.id.slice(0, 8)}...`);
  log(`  -> ${writer.email} gets a "mention" notification (and an e-mail when SMTP_URL is set).`);
  return true;
}

// ---------------------------------------------------------------------------------------------

const LIST_FILE = join(
  __dirname,
  '..',
  'test',
  'fixtures',
  'un-consolidated',
  'consolidated-2024-09-26.xml',
);

/** Uploads the shipped edition of the Consolidated List unless a list is there already. */
async function importSanctionsList(admin: Account): Promise<string> {
  const { body: versions } = await call<{ items: { number: number; dateGenerated: string }[] }>(
    'GET',
    `${API}/sanctions/versions?limit=1`,
    { token: admin.token },
  );
  if (versions.items.length > 0) {
    const [latest] = versions.items;
    return `version ${latest.number} (list of ${latest.dateGenerated.slice(0, 10)}) already there`;
  }
  const form = new FormData();
  form.append('file', new Blob([readFileSync(LIST_FILE)]), basename(LIST_FILE));
  const { body: queued } = await call<{ id: string }>('POST', `${API}/sanctions/imports`, {
    token: admin.token,
    form,
    expect: [202],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { body: done } = await call<{ status: string; error: string | null }>(
      'GET',
      `${API}/sanctions/imports/${queued.id}`,
      { token: admin.token },
    );
    if (!['queued', 'running'].includes(done.status)) {
      if (done.status !== 'completed') {
        throw new DemoError(`the sanctions list import ended ${done.status}: ${done.error}`);
      }
      return `the list of 2024-09-26 imported (${basename(LIST_FILE)})`;
    }
    if (Date.now() > deadline) {
      throw new DemoError('the sanctions list import is still running; is the worker up?');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  const data = JSON.parse(readFileSync(join(__dirname, 'demo-incidents.json'), 'utf8')) as {
    incidents: DemoEntry[];
  };
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== ALLOW_PRODUCTION);
  if (unknown.length > 0) {
    throw new DemoError(
      `unknown argument ${unknown.join(' ')}; the only one is ${ALLOW_PRODUCTION}`,
    );
  }
  log(`sanctions-tracker demo against ${BASE_URL}`);
  // Also a clear message when nothing listens there.
  const { body: live } = await call<{ environment?: string }>('GET', '/health/live');
  if (live.environment === 'production') {
    if (!args.includes(ALLOW_PRODUCTION)) {
      throw new DemoError(
        `the service at ${BASE_URL} runs in production (NODE_ENV=production), and the demo ` +
          `creates accounts whose password is published ("${DEMO_PASSWORD}"). Run it against a ` +
          `development service, or, if you mean it, \`npm run demo -- ${ALLOW_PRODUCTION}\` ` +
          '(then deactivate the demo accounts when done).',
      );
    }
    log(`WARNING: ${BASE_URL} runs in production; creating demo accounts (${ALLOW_PRODUCTION}).`);
  }
  const admin = await adminAccount();
  const { accounts, created: usersCreated } = await demoUsers(admin);

  log();
  log('Incidents of demo/demo-incidents.json:');
  let filed = 0;
  let skipped = 0;
  let sources = 0;
  let evidence = 0;
  const incidents: Incident[] = [];
  for (const entry of data.incidents) {
    const existing = await findByTitle(admin.token, entry.incident.title);
    if (existing) {
      skipped += 1;
      incidents.push(existing);
      log(
        `  skip "${entry.incident.title}": already there as ${existing.reference} (${existing.status})`,
      );
      continue;
    }
    log(`  "${entry.incident.title}":`);
    const result = await fileEntry(entry, accounts.monitor);
    filed += 1;
    sources += result.sources;
    evidence += result.evidence;
    incidents.push(result.incident);
  }

  const [firstEntry] = data.incidents;
  let first = await getIncident(admin.token, incidents[0].id);
  const walked = await walkWorkflow(
    first,
    firstEntry.publicSummary ?? firstEntry.incident.summary ?? '',
    accounts,
  );
  first = await getIncident(admin.token, first.id);
  if (!walked) log(`\n${first.reference} is published already: nothing to walk.`);
  const confidential = (firstEntry.sources ?? []).filter((source) => source.confidential);
  await showPublic(first.reference, confidential);
  if (walked) await showRedaction(first, accounts.monitor2);
  const commented = await discuss(first, accounts);
  await showHandOffs(first, accounts);
  const sanctions = await importSanctionsList(admin);

  log();
  log('Summary:');
  log(`  service:   ${BASE_URL}`);
  log(
    `  users:     ${usersCreated} demo user(s) created, ${DEMO_USERS.length - usersCreated} already there`,
  );
  log(
    `  incidents: ${filed} filed (${sources} source(s), ${evidence} evidence item(s)), ` +
      `${skipped} already there`,
  );
  for (const incident of incidents) {
    const now = incident.id === first.id ? first : await getIncident(admin.token, incident.id);
    log(`    ${now.reference}  ${now.status.padEnd(15)} ${now.title}`);
  }
  log(
    `  comments:  ${commented ? 1 : 0} added to ${first.reference}` +
      (commented ? '' : ' (its demo comment is there already)'),
  );
  log(`  sanctions: ${sanctions}`);
  log(`  public:    ${BASE_URL}${API}/public/incidents/${first.reference}`);
  log(`  sign in as any demo user with the demo password "${DEMO_PASSWORD}" (demo data only).`);
}

main().catch((error: unknown) => {
  if (error instanceof DemoError) {
    console.error(`demo failed: ${error.message}`);
  } else {
    console.error('demo failed:', error);
  }
  process.exit(1);
});

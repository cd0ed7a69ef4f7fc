import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { CronExpressionParser } from 'cron-parser';
import { parse as parseIsoDuration } from 'tinyduration';

export type AppRole = 'all' | 'api' | 'worker';

export interface AppConfig {
  nodeEnv: string;
  appRole: AppRole;
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  redisPrefix: string;
  storageDir: string;
  jwtSecret: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Two refreshes of one token this close together get the same successor (tabs racing). */
  refreshGraceSeconds: number;
  dataEncryptionKey: string;
  /** The key before the last rotation: only opens envelopes `rotate-key` has not redone yet. */
  dataEncryptionKeyPrevious?: string;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginFailureWindowSeconds: number;
  corsOrigins: string[];
  /**
   * The origin browsers reach the service at (`PUBLIC_URL`, e.g. behind a TLS proxy); when
   * unset, the request's own scheme and host. The cookie routes' CSRF check compares to it.
   */
  publicOrigin: string | undefined;
  /** The built web application, served under /app/ (`WEB_DIST_DIR`). */
  webDistDir: string;
  bodyLimitBytes: number;
  /** How long a client may take to send a JSON request (REQUEST_TIMEOUT). */
  requestTimeoutMs: number;
  /** How long an upload may go without a byte before it is cut off (UPLOAD_IDLE_TIMEOUT). */
  uploadIdleTimeoutMs: number;
  maxUploadBytes: number;
  rateLimitPublicPerMinute: number;
  rateLimitUserPerMinute: number;
  /**
   * Which proxies' X-Forwarded-For is believed: none (false), the nearest N hops, or these
   * addresses and CIDR ranges. Never every hop, or a client could name its own address.
   */
  trustProxy: false | number | string[];
  logLevel: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Base64 of a 32-byte Ed25519 seed. */
  auditCheckpointSigningKey: string;
  auditCheckpointEverySeconds: number;
  /** How long a completed export's file is kept (EXPORT_TTL). */
  exportTtlSeconds: number;
  /** Stage deadlines (spec 9): reminders at the deadline, escalation to admins at twice it. */
  intakeStaleAfterSeconds: number;
  verificationDueAfterSeconds: number;
  publicationDueAfterSeconds: number;
  /** How often the reminder sweep looks for incidents past a deadline. */
  reminderSweepEverySeconds: number;
  /** Cron pattern (UTC) of the daily digest. */
  digestCron: string;
  /** When set, every notification is also e-mailed (nodemailer). */
  smtpUrl?: string;
  /** When set, the worker fetches the UN Consolidated List from here daily (SPEC 15). */
  sanctionsListUrl?: string;
  /** Cron pattern (UTC) of that fetch. */
  sanctionsFetchCron: string;
  mailFrom: string;
  /** Base delay of an e-mail's retries (doubles each failed attempt, with jitter, up to 1 h). */
  mailRetryDelayMs: number;
  /** How long a job stays locked to a worker that stopped answering (src/queues/worker-options.ts). */
  workerLockSeconds: number;
  /** Per-attempt timeout of a webhook delivery. */
  webhookTimeoutMs: number;
  /** Lets webhooks reach loopback and private addresses (tests, a receiver on the same host). */
  webhookAllowPrivate: boolean;
  /** Base delay of a webhook delivery's exponential backoff (doubles each retry, with jitter). */
  webhookRetryDelayMs: number;
  /** How long the API may reuse a caller's session lookup (0 turns the cache off). */
  authCacheTtlMs: number;
  /** Names of secrets that were derived for development; start-up warns about each. */
  derivedSecrets: string[];
}

export class ConfigError extends Error {}

const CIDR = /^(.+)\/(\d{1,3})$/;

/** TRUST_PROXY: `false`, a hop count, or a comma-separated list of addresses and CIDR ranges. */
export function trustProxy(value: string): false | number | string[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false' || trimmed === '0') return false;
  if (trimmed === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would let any client choose its address with X-Forwarded-For: set the number of proxies in front of the service (e.g. 1) or their addresses (e.g. 10.0.0.5,10.1.0.0/16)',
    );
  }
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const range = CIDR.exec(entry);
    const address = range ? range[1] : entry;
    const family = isIP(address);
    const bits = range ? Number(range[2]) : 0;
    if (family === 0 || bits > (family === 4 ? 32 : 128)) {
      throw new ConfigError(
        `TRUST_PROXY must be false, a hop count or a list of addresses/CIDR ranges, got "${entry}"`,
      );
    }
  }
  return entries;
}

type Env = Record<string, string | undefined>;

const SECONDS_PER: Record<string, number> = {
  years: 365 * 86400,
  months: 30 * 86400,
  weeks: 7 * 86400,
  days: 86400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
};

export function parseDurationSeconds(name: string, value: string): number {
  let parsed: Record<string, number | boolean | undefined>;
  try {
    parsed = parseIsoDuration(value) as unknown as Record<string, number | boolean | undefined>;
  } catch {
    throw new ConfigError(
      `${name} must be an ISO 8601 duration such as PT15M or P7D, got "${value}"`,
    );
  }
  if (parsed.negative) throw new ConfigError(`${name} must not be negative`);
  let total = 0;
  for (const [unit, factor] of Object.entries(SECONDS_PER)) {
    const amount = parsed[unit];
    if (typeof amount === 'number') total += amount * factor;
  }
  if (total <= 0) throw new ConfigError(`${name} must be longer than zero, got "${value}"`);
  return total;
}

const duration = (env: Env, name: string, fallback: string): number =>
  parseDurationSeconds(name, str(env, name, fallback));

/** AUTH_CACHE_TTL: PT0S turns the cache off; more than a minute would stretch a missed notice. */
function authCacheTtlMs(env: Env): number {
  const value = str(env, 'AUTH_CACHE_TTL', 'PT10S').trim();
  if (/^P(T0+S|0+D)$/.test(value)) return 0;
  const seconds = parseDurationSeconds('AUTH_CACHE_TTL', value);
  if (seconds > 60) throw new ConfigError(`AUTH_CACHE_TTL must be at most PT1M, got "${value}"`);
  return seconds * 1000;
}

/** A cron pattern as BullMQ's job schedulers read it (cron-parser), checked at start. */
function cron(env: Env, name: string, fallback: string): string {
  const value = str(env, name, fallback).trim();
  try {
    CronExpressionParser.parse(value, { tz: 'UTC' });
  } catch {
    throw new ConfigError(`${name} must be a cron pattern such as "0 7 * * *", got "${value}"`);
  }
  return value;
}

function str(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = str(env, name, String(fallback));
  if (value !== 'true' && value !== 'false') {
    throw new ConfigError(`${name} must be true or false, got "${value}"`);
  }
  return value === 'true';
}

function int(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min) throw new ConfigError(`${name} must be at least ${min}, got ${value}`);
  return value;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = str(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return value;
}

const DATABASE_PARTS = [
  'DATABASE_HOST',
  'DATABASE_PORT',
  'DATABASE_USER',
  'DATABASE_PASSWORD',
  'DATABASE_NAME',
] as const;

/**
 * DATABASE_URL, or one assembled from DATABASE_HOST, _PORT, _USER, _PASSWORD and _NAME: each
 * part is percent-encoded, so a password holding `/`, `@`, `#` or `%` needs no escaping by hand
 * (Docker Compose cannot encode one it puts into a URL).
 */
function databaseUrl(env: Env): string {
  const parts = DATABASE_PARTS.filter((name) => str(env, name, '') !== '');
  if (parts.length === 0) {
    return url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/sanctions_tracker', [
      'postgres:',
      'postgresql:',
    ]);
  }
  if (str(env, 'DATABASE_URL', '') !== '') {
    throw new ConfigError(
      `set either DATABASE_URL or ${parts.join(', ')}, not both (unset DATABASE_URL to use the parts)`,
    );
  }
  const host = str(env, 'DATABASE_HOST', '127.0.0.1');
  const port = int(env, 'DATABASE_PORT', 5432, 1);
  const user = encodeURIComponent(str(env, 'DATABASE_USER', 'postgres'));
  const password = str(env, 'DATABASE_PASSWORD', '');
  const name = encodeURIComponent(str(env, 'DATABASE_NAME', 'sanctions_tracker'));
  const credentials = password === '' ? user : `${user}:${encodeURIComponent(password)}`;
  // An IPv6 address goes in brackets, as in any URL.
  const hostPart = isIP(host) === 6 ? `[${host}]` : host;
  const assembled = `postgres://${credentials}@${hostPart}:${port}/${name}`;
  try {
    new URL(assembled);
  } catch {
    throw new ConfigError(`DATABASE_HOST must be a host name or an address, got "${host}"`);
  }
  return assembled;
}

/** Development-only secret derived from a fixed label, so restarts keep tokens valid. */
function devSecret(label: string): string {
  return createHash('sha256').update(`sanctions-tracker-development-${label}`).digest('base64');
}

function checkpointKey(env: Env, production: boolean, derived: string[]): string {
  const value = env.AUDIT_CHECKPOINT_SIGNING_KEY;
  if (value) {
    if (Buffer.from(value, 'base64').length !== 32) {
      throw new ConfigError(
        'AUDIT_CHECKPOINT_SIGNING_KEY must be the base64 of 32 random bytes (openssl rand -base64 32)',
      );
    }
    return value;
  }
  if (production) {
    throw new ConfigError('AUDIT_CHECKPOINT_SIGNING_KEY is required when NODE_ENV=production');
  }
  derived.push('AUDIT_CHECKPOINT_SIGNING_KEY');
  return createHash('sha256')
    .update('sanctions-tracker-development-audit-checkpoint')
    .digest('base64');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = str(env, 'NODE_ENV', 'development');
  const production = nodeEnv === 'production';
  const derivedSecrets: string[] = [];

  const secret = (name: string, minLength: number): string => {
    const value = env[name];
    if (value) {
      if (value.length < minLength) {
        throw new ConfigError(`${name} must be at least ${minLength} characters`);
      }
      return value;
    }
    if (production) throw new ConfigError(`${name} is required when NODE_ENV=production`);
    derivedSecrets.push(name);
    return devSecret(name);
  };

  const appRole = str(env, 'APP_ROLE', 'all');
  if (appRole !== 'all' && appRole !== 'api' && appRole !== 'worker') {
    throw new ConfigError(`APP_ROLE must be all, api or worker, got "${appRole}"`);
  }

  const adminEmail = env.ADMIN_EMAIL || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (adminPassword && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 12 characters');
  }

  const dataEncryptionKey = secret('DATA_ENCRYPTION_KEY', 32);
  const dataEncryptionKeyPrevious = env.DATA_ENCRYPTION_KEY_PREVIOUS || undefined;
  if (dataEncryptionKeyPrevious !== undefined) {
    if (dataEncryptionKeyPrevious.length < 32) {
      throw new ConfigError('DATA_ENCRYPTION_KEY_PREVIOUS must be at least 32 characters');
    }
    if (dataEncryptionKeyPrevious === dataEncryptionKey) {
      throw new ConfigError('DATA_ENCRYPTION_KEY_PREVIOUS must differ from DATA_ENCRYPTION_KEY');
    }
  }

  return {
    nodeEnv,
    appRole,
    port: int(env, 'PORT', 3000),
    host: str(env, 'HOST', '0.0.0.0'),
    databaseUrl: databaseUrl(env),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 20, 1),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisPrefix: str(env, 'REDIS_PREFIX', 'st:'),
    storageDir: str(env, 'STORAGE_DIR', './data'),
    jwtSecret: secret('JWT_SECRET', 32),
    jwtAudience: str(env, 'JWT_AUDIENCE', 'sanctions-tracker'),
    accessTokenTtlSeconds: parseDurationSeconds(
      'ACCESS_TOKEN_TTL',
      str(env, 'ACCESS_TOKEN_TTL', 'PT15M'),
    ),
    refreshTokenTtlSeconds: parseDurationSeconds(
      'REFRESH_TOKEN_TTL',
      str(env, 'REFRESH_TOKEN_TTL', 'P14D'),
    ),
    refreshGraceSeconds: parseDurationSeconds('REFRESH_GRACE', str(env, 'REFRESH_GRACE', 'PT10S')),
    dataEncryptionKey,
    dataEncryptionKeyPrevious,
    loginMaxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1),
    loginMaxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 100, 1),
    loginFailureWindowSeconds: parseDurationSeconds(
      'LOGIN_FAILURE_WINDOW',
      str(env, 'LOGIN_FAILURE_WINDOW', 'PT15M'),
    ),
    corsOrigins: str(env, 'CORS_ORIGINS', '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    publicOrigin: env.PUBLIC_URL
      ? new URL(url(env, 'PUBLIC_URL', '', ['http:', 'https:'])).origin
      : undefined,
    webDistDir: str(env, 'WEB_DIST_DIR', 'web/dist'),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024),
    requestTimeoutMs: duration(env, 'REQUEST_TIMEOUT', 'PT30S') * 1000,
    uploadIdleTimeoutMs: duration(env, 'UPLOAD_IDLE_TIMEOUT', 'PT30S') * 1000,
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1),
    rateLimitPublicPerMinute: int(env, 'RATE_LIMIT_PUBLIC_PER_MINUTE', 120, 1),
    rateLimitUserPerMinute: int(env, 'RATE_LIMIT_USER_PER_MINUTE', 6000, 1),
    trustProxy: trustProxy(str(env, 'TRUST_PROXY', 'false')),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    adminEmail,
    adminPassword,
    auditCheckpointSigningKey: checkpointKey(env, production, derivedSecrets),
    auditCheckpointEverySeconds: parseDurationSeconds(
      'AUDIT_CHECKPOINT_EVERY',
      str(env, 'AUDIT_CHECKPOINT_EVERY', 'PT1H'),
    ),
    exportTtlSeconds: parseDurationSeconds('EXPORT_TTL', str(env, 'EXPORT_TTL', 'P7D')),
    intakeStaleAfterSeconds: duration(env, 'INTAKE_STALE_AFTER', 'P7D'),
    verificationDueAfterSeconds: duration(env, 'VERIFICATION_DUE_AFTER', 'P3D'),
    publicationDueAfterSeconds: duration(env, 'PUBLICATION_DUE_AFTER', 'P2D'),
    reminderSweepEverySeconds: duration(env, 'REMINDER_SWEEP_EVERY', 'PT1S'),
    digestCron: cron(env, 'DIGEST_CRON', '0 7 * * *'),
    smtpUrl: env.SMTP_URL ? url(env, 'SMTP_URL', '', ['smtp:', 'smtps:']) : undefined,
    sanctionsListUrl: env.SANCTIONS_LIST_URL
      ? url(env, 'SANCTIONS_LIST_URL', '', ['https:', 'http:'])
      : undefined,
    sanctionsFetchCron: cron(env, 'SANCTIONS_FETCH_CRON', '40 4 * * *'),
    mailFrom: str(env, 'MAIL_FROM', 'sanctions-tracker <no-reply@localhost>'),
    mailRetryDelayMs: Math.round(duration(env, 'MAIL_RETRY_DELAY', 'PT30S') * 1000),
    workerLockSeconds: duration(env, 'WORKER_LOCK_DURATION', 'PT30S'),
    webhookTimeoutMs: duration(env, 'WEBHOOK_TIMEOUT', 'PT10S') * 1000,
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    webhookRetryDelayMs: Math.round(duration(env, 'WEBHOOK_RETRY_DELAY', 'PT10S') * 1000),
    authCacheTtlMs: authCacheTtlMs(env),
    derivedSecrets,
  };
}

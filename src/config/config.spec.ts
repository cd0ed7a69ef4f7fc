import { ConfigError, loadConfig, parseDurationSeconds, trustProxy } from './config';

describe('loadConfig', () => {
  it('runs with no configuration at all, with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      appRole: 'all',
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/sanctions_tracker',
      redisUrl: 'redis://127.0.0.1:6379',
      intakeStaleAfterSeconds: 7 * 86400,
      verificationDueAfterSeconds: 3 * 86400,
      publicationDueAfterSeconds: 2 * 86400,
      reminderSweepEverySeconds: 1,
      digestCron: '0 7 * * *',
      smtpUrl: undefined,
      workerLockSeconds: 30,
      authCacheTtlMs: 10_000,
    });
    expect(config.derivedSecrets).toEqual(
      expect.arrayContaining(['JWT_SECRET', 'DATA_ENCRYPTION_KEY']),
    );
  });

  it('takes stage deadlines as short as one second, and fractions for the sweep', () => {
    const config = loadConfig({
      INTAKE_STALE_AFTER: 'PT1S',
      VERIFICATION_DUE_AFTER: 'PT2M',
      PUBLICATION_DUE_AFTER: 'P1DT12H',
      REMINDER_SWEEP_EVERY: 'PT0.2S',
    });
    expect(config).toMatchObject({
      intakeStaleAfterSeconds: 1,
      verificationDueAfterSeconds: 120,
      publicationDueAfterSeconds: 36 * 3600,
      reminderSweepEverySeconds: 0.2,
    });
  });

  it.each([
    ['VERIFICATION_DUE_AFTER', '3 days', /VERIFICATION_DUE_AFTER must be an ISO 8601 duration/],
    ['INTAKE_STALE_AFTER', 'PT0S', /INTAKE_STALE_AFTER must be longer than zero/],
    ['PUBLICATION_DUE_AFTER', '-P1D', /PUBLICATION_DUE_AFTER must not be negative/],
    ['DIGEST_CRON', 'every morning', /DIGEST_CRON must be a cron pattern/],
    ['DIGEST_CRON', '0 25 * * *', /DIGEST_CRON must be a cron pattern/],
    ['SMTP_URL', 'http://mail.example.org', /SMTP_URL must use smtp: or smtps:/],
    ['SANCTIONS_LIST_URL', 'ftp://un.example.org/list.xml', /SANCTIONS_LIST_URL must use https:/],
    ['SANCTIONS_LIST_URL', 'not a url', /SANCTIONS_LIST_URL is not a valid URL/],
    ['SANCTIONS_FETCH_CRON', 'daily', /SANCTIONS_FETCH_CRON must be a cron pattern/],
    ['APP_ROLE', 'both', /APP_ROLE must be all, api or worker/],
    ['WORKER_LOCK_DURATION', 'soon', /WORKER_LOCK_DURATION must be an ISO 8601 duration/],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('accepts a digest pattern BullMQ reads, and an smtps relay with credentials', () => {
    const config = loadConfig({
      DIGEST_CRON: '30 6 * * 1-5',
      SMTP_URL: 'smtps://user:secret@mail.example.org:465',
    });
    expect(config.digestCron).toBe('30 6 * * 1-5');
    expect(config.smtpUrl).toBe('smtps://user:secret@mail.example.org:465');
  });

  it('fetches no sanctions list unless SANCTIONS_LIST_URL is set (an empty value is unset)', () => {
    expect(loadConfig({}).sanctionsListUrl).toBeUndefined();
    expect(loadConfig({ SANCTIONS_LIST_URL: '' }).sanctionsListUrl).toBeUndefined();
    const config = loadConfig({
      SANCTIONS_LIST_URL: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
    });
    expect(config.sanctionsListUrl).toBe(
      'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
    );
    expect(config.sanctionsFetchCron).toBe('40 4 * * *');
  });

  it('turns the caller cache off with AUTH_CACHE_TTL=PT0S and caps it at a minute', () => {
    expect(loadConfig({ AUTH_CACHE_TTL: 'PT0S' }).authCacheTtlMs).toBe(0);
    expect(loadConfig({ AUTH_CACHE_TTL: 'PT2.5S' }).authCacheTtlMs).toBe(2500);
    expect(loadConfig({ AUTH_CACHE_TTL: 'PT1M' }).authCacheTtlMs).toBe(60_000);
    expect(() => loadConfig({ AUTH_CACHE_TTL: 'PT61S' })).toThrow(
      new ConfigError('AUTH_CACHE_TTL must be at most PT1M, got "PT61S"'),
    );
    expect(() => loadConfig({ AUTH_CACHE_TTL: '10s' })).toThrow(
      /AUTH_CACHE_TTL must be an ISO 8601 duration/,
    );
  });

  it('requires the secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DATA_ENCRYPTION_KEY is required when NODE_ENV=production/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'k'.repeat(32) }),
    ).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
  });
});

describe('the database connection', () => {
  const PASSWORD = 'p/a@s#s%w:rd ?&=';

  it('assembles DATABASE_URL from its parts, encoding a password with / @ # %', () => {
    const config = loadConfig({
      DATABASE_HOST: 'postgres',
      DATABASE_USER: 'sanctions',
      DATABASE_PASSWORD: PASSWORD,
      DATABASE_NAME: 'sanctions_tracker',
    });
    const parsed = new URL(config.databaseUrl);
    expect(parsed.protocol).toBe('postgres:');
    expect(parsed.hostname).toBe('postgres');
    expect(parsed.port).toBe('5432');
    expect(decodeURIComponent(parsed.username)).toBe('sanctions');
    // node-postgres decodes the password of a connection string the same way.
    expect(decodeURIComponent(parsed.password)).toBe(PASSWORD);
    expect(parsed.pathname).toBe('/sanctions_tracker');
  });

  it('fills the parts not given with the defaults, and takes an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_HOST: 'db.internal', DATABASE_URL: '' }).databaseUrl).toBe(
      'postgres://postgres@db.internal:5432/sanctions_tracker',
    );
    expect(loadConfig({ DATABASE_PORT: '6543', DATABASE_HOST: '::1' }).databaseUrl).toBe(
      'postgres://postgres@[::1]:6543/sanctions_tracker',
    );
  });

  it('refuses DATABASE_URL together with parts, and a bad port or host, in one line', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://a@b/c', DATABASE_PASSWORD: 'x' })).toThrow(
      new ConfigError(
        'set either DATABASE_URL or DATABASE_PASSWORD, not both (unset DATABASE_URL to use the parts)',
      ),
    );
    expect(() => loadConfig({ DATABASE_PORT: 'five' })).toThrow(
      new ConfigError('DATABASE_PORT must be a whole number, got "five"'),
    );
    expect(() => loadConfig({ DATABASE_HOST: 'bad host/name' })).toThrow(
      new ConfigError('DATABASE_HOST must be a host name or an address, got "bad host/name"'),
    );
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['PT1S', 1],
    ['PT15M', 900],
    ['P7D', 604800],
    ['P1W', 604800],
  ])('%s is %d seconds', (value, seconds) => {
    expect(parseDurationSeconds('X', value)).toBe(seconds);
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default and with false or 0', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('takes a hop count or a list of addresses and CIDR ranges', () => {
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('10.0.0.5, 10.1.0.0/16,fd00::/8')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'fd00::/8',
    ]);
  });

  it('refuses true, which would trust every hop, with a line that says what to set', () => {
    expect(() => trustProxy('true')).toThrow(ConfigError);
    expect(() => trustProxy('true')).toThrow(/number of proxies.*or their addresses/);
  });

  it.each(['yes', '10.0.0.300', '10.0.0.0/33', 'proxy.internal'])('refuses %s', (value) => {
    expect(() => trustProxy(value)).toThrow(/TRUST_PROXY must be false, a hop count or a list/);
  });
});

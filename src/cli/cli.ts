import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { verifyChainAndCheckpoints } from '../audit/audit.controller';
import { AuditService } from '../audit/audit.service';
import { ROLES, Role } from '../common/roles';
import { createLogger } from '../common/logger';
import { ConfigError, loadConfig } from '../config/config';
import { createAdapter } from '../configure-app';
import { AppModule } from '../app.module';
import { prepareDependencies, StartupError } from '../database/startup';
import { SealedColumnRotation } from '../crypto/sealed-column-rotation';
import { SOURCE_DETAILS } from '../sources/source-details-column';
import { WEBHOOK_SECRETS } from '../webhooks/webhook-secrets-column';
import { normaliseEmail, UsersService } from '../users/users.service';
import { UsersRepository } from '../users/users.repository';
import { PasswordResets } from '../users/password-resets.service';
import { DomainError } from '../common/errors';
import { EvidenceService } from '../evidence/evidence.service';
import { ListImporter } from '../sanctions/list-importer';
import { SanctionsService } from '../sanctions/sanctions.service';
import { ReceivedFile, StorageService } from '../storage/storage.service';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  create-user --email E --role R [--role R2] [--name N] [--password-stdin]
      Creates a user. R is one of: ${ROLES.join(', ')} (e.g. --role admin for the first
      user). The password is read from a prompt, or from standard input with --password-stdin.
  reset-password --email E
      Prints a single-use set-password link for the user, valid 24 h, and mails it to them
      when SMTP_URL is set. Their sessions end and their password stops working at once.
      The link points at PUBLIC_URL, or http://localhost:PORT when it is unset.
  audit-verify
      Walks the whole audit chain and reports the first broken link (exit 1 if broken).
  rotate-key [--batch-size N]
      Re-encrypts every confidential source and webhook signing secret not sealed under
      DATA_ENCRYPTION_KEY, opening it with DATA_ENCRYPTION_KEY_PREVIOUS; N rows per transaction
      (default 100). Safe to run again. Exit 1 if some envelope opens under neither key.
  integrity-check
      Re-hashes every stored evidence file against its recorded SHA-256 (exit 1 on a mismatch).
  sanctions-import --file LIST.xml [--vessels VESSELS.csv] [--force]
      Imports the UN Consolidated List (and the 1718 Committee's vessels, as a CSV of
      reference, name, imo, listedOn, basis, notes) and prints what changed. A list that changes
      nothing makes no new version; one that shrinks by more than 10% is refused (exit 1)
      unless --force.
`;

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Mute the echo of what is typed after the prompt.
  const output = rl as unknown as { _writeToOutput: (text: string) => void };
  const ask = (question: string): Promise<string> =>
    new Promise((resolve) => {
      process.stderr.write(question);
      output._writeToOutput = () => undefined;
      rl.question('', (answer) => {
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  try {
    const first = await ask('Password: ');
    const second = await ask('Repeat password: ');
    if (first !== second) throw new DomainError('bad_request', 'the two passwords differ');
    return first;
  } finally {
    rl.close();
  }
}

/** Copies a file the CLI was given into storage, hashed on the way. */
async function receiveFile(storage: StorageService, path: string): Promise<ReceivedFile> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new DomainError('bad_request', `no file at ${path}`);
  return storage.receive(createReadStream(path), Number.MAX_SAFE_INTEGER);
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  // The CLI never runs the background processors.
  const config = loadConfig({ ...process.env, APP_ROLE: 'api' });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  await prepareDependencies(config, logger);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    createAdapter(config),
    { logger: false },
  );
  await app.init();
  try {
    switch (command) {
      case 'create-user': {
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: 'string' },
            role: { type: 'string', multiple: true },
            name: { type: 'string' },
            'password-stdin': { type: 'boolean', default: false },
          },
        });
        const roles = (values.role ?? []) as Role[];
        const unknown = roles.filter((role) => !ROLES.includes(role));
        if (unknown.length > 0) {
          const names = unknown.map((role) => `"${role}"`).join(', ');
          process.stderr.write(
            `unknown role ${names}: the roles are ${ROLES.join(', ')} (give --role once for each)\n`,
          );
          return 2;
        }
        if (!values.email || roles.length === 0) {
          process.stderr.write(USAGE);
          return 2;
        }
        const password = await readPassword(values['password-stdin'] ?? false);
        if (password.length < 12)
          throw new DomainError('bad_request', 'password must be at least 12 characters');
        const user = await app.get(UsersService).create(null, {
          email: values.email,
          displayName: values.name ?? values.email,
          password,
          roles,
        });
        process.stdout.write(
          `created user ${user.email} (${user.roles.join(', ')}) id=${user.id}\n`,
        );
        return 0;
      }
      case 'reset-password': {
        const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
        if (!values.email) {
          process.stderr.write(`reset-password needs --email\n${USAGE}`);
          return 2;
        }
        const user = await app.get(UsersRepository).userByEmail(normaliseEmail(values.email));
        if (!user) throw new DomainError('not_found', `no user has the e-mail ${values.email}`);
        const origin = config.publicOrigin ?? `http://localhost:${config.port}`;
        const { link, expiresAt } = await app.get(PasswordResets).issueLink(null, user.id, origin);
        process.stdout.write(
          `set-password link for ${user.email}, valid once until ${expiresAt}; ` +
            `their sessions have ended:\n${link}\n`,
        );
        return 0;
      }
      case 'audit-verify': {
        const result = await verifyChainAndCheckpoints(
          app.get(AuditService),
          app.get(AuditCheckpointService),
        );
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return result.valid ? 0 : 1;
      }
      case 'integrity-check': {
        const result = await app.get(EvidenceService).checkIntegrity();
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return result.failed.length === 0 ? 0 : 1;
      }
      case 'rotate-key': {
        const { values } = parseArgs({
          args: rest,
          options: { 'batch-size': { type: 'string', default: '100' } },
        });
        const batchSize = Number(values['batch-size']);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
          process.stderr.write(USAGE);
          return 2;
        }
        const rotation = app.get(SealedColumnRotation);
        const report = await rotation.rotate(SOURCE_DETAILS, batchSize, (count) =>
          process.stdout.write(`re-encrypted a batch of ${count}\n`),
        );
        process.stdout.write(
          `key ${report.keyVersion}: re-encrypted ${report.reEncrypted} in ${report.batches} batch(es), ` +
            `${report.alreadyCurrent} already current, ${report.unreadable.length} unreadable\n`,
        );
        const secrets = await rotation.rotate(WEBHOOK_SECRETS, batchSize);
        process.stdout.write(
          `webhook secrets: re-encrypted ${secrets.reEncrypted}, ${secrets.alreadyCurrent} already current, ` +
            `${secrets.unreadable.length} unreadable\n`,
        );
        if (report.unreadable.length > 0) {
          process.stderr.write(
            `these sources open under neither DATA_ENCRYPTION_KEY nor DATA_ENCRYPTION_KEY_PREVIOUS: ${report.unreadable.join(', ')}\n`,
          );
        }
        if (secrets.unreadable.length > 0) {
          process.stderr.write(
            `these webhooks' secrets open under neither key (recreate them): ${secrets.unreadable.join(', ')}\n`,
          );
        }
        if (report.unreadable.length > 0 || secrets.unreadable.length > 0) return 1;
        return 0;
      }
      case 'sanctions-import': {
        const { values } = parseArgs({
          args: rest,
          options: {
            file: { type: 'string' },
            vessels: { type: 'string' },
            force: { type: 'boolean', default: false },
          },
        });
        if (!values.file) {
          process.stderr.write(`sanctions-import needs --file\n${USAGE}`);
          return 2;
        }
        const storage = app.get(StorageService);
        const list = await receiveFile(storage, values.file);
        const vessels = values.vessels ? await receiveFile(storage, values.vessels) : undefined;
        const started = Date.now();
        const id = await app.get(SanctionsService).request({
          source: 'cli',
          requestedBy: null,
          list,
          vessels,
          force: values.force ?? false,
        });
        const outcome = await app.get(ListImporter).run(id, (percent) => {
          if (process.stderr.isTTY) process.stderr.write(`\rimporting: ${percent}%`);
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (!outcome) throw new DomainError('conflict', `import ${id} had already run`);
        if (outcome.status === 'completed') {
          process.stdout.write(
            `imported version ${outcome.versionId} in ${seconds} s: ${outcome.added} added, ` +
              `${outcome.amended} amended, ${outcome.removed} removed (import ${id})\n`,
          );
          if (outcome.rescreen && outcome.versionId) {
            await app.get(SanctionsService).enqueueRescreen(outcome.versionId);
            process.stdout.write('every actor will be screened again by the worker\n');
          }
          return 0;
        }
        if (outcome.status === 'unchanged') {
          process.stdout.write(`nothing changed; no new version (import ${id}, ${seconds} s)\n`);
          return 0;
        }
        process.stderr.write(`import ${id} ${outcome.status}: ${outcome.error}\n`);
        return 1;
      }
      default:
        process.stderr.write(`unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof StartupError ||
      error instanceof DomainError
    ) {
      process.stderr.write(`sanctions-tracker: ${error.message}\n`);
    } else {
      process.stderr.write(`sanctions-tracker: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  },
);

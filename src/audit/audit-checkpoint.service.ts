import { Injectable } from '@nestjs/common';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createPublicKey, KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import {
  Checkpoint,
  checkpointSignatureValid,
  signCheckpoint,
  signingKeyFromSeed,
} from './audit-checkpoint';
import { AuditRepository } from './audit.repository';

export interface CheckpointCheck {
  checked: number;
  invalid: { file: string; reason: string }[];
}

/**
 * Writes the chain head to a signed file outside the database, so an operator who keeps the
 * files elsewhere can later prove the chain up to each head was not rewritten.
 */
@Injectable()
export class AuditCheckpointService {
  private readonly key: KeyObject;
  private readonly publicKeyPem: string;

  constructor(
    private readonly events: AuditRepository,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.key = signingKeyFromSeed(config.auditCheckpointSigningKey);
    this.publicKeyPem = createPublicKey(this.key)
      .export({ format: 'pem', type: 'spki' })
      .toString();
  }

  get directory(): string {
    return join(this.config.storageDir, 'audit-checkpoints');
  }

  async write(): Promise<Checkpoint | null> {
    const head = await this.events.head();
    if (!head) return null;
    const checkpoint = signCheckpoint(
      { seq: head.seq, hash: head.hash, at: new Date().toISOString() },
      this.key,
    );
    await mkdir(this.directory, { recursive: true });
    const name = `checkpoint-${head.seq.padStart(12, '0')}-${checkpoint.at.replace(/[:.]/g, '')}.json`;
    const temporary = join(this.directory, `.${name}.tmp`);
    await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o640 });
    await rename(temporary, join(this.directory, name));
    this.logger.info({ seq: head.seq, file: name }, 'audit checkpoint written');
    return checkpoint;
  }

  /** Every checkpoint file must carry our signature and match the row of its seq. */
  async verifyAll(): Promise<CheckpointCheck> {
    let files: string[];
    try {
      files = (await readdir(this.directory)).filter((file) => file.endsWith('.json')).sort();
    } catch {
      return { checked: 0, invalid: [] };
    }
    const invalid: CheckpointCheck['invalid'] = [];
    for (const file of files) {
      const checkpoint = JSON.parse(
        await readFile(join(this.directory, file), 'utf8'),
      ) as Checkpoint;
      if (checkpoint.publicKey !== this.publicKeyPem || !checkpointSignatureValid(checkpoint)) {
        invalid.push({ file, reason: 'signature does not verify with this service key' });
        continue;
      }
      const hash = await this.events.hashAt(checkpoint.seq);
      if (hash === null) {
        invalid.push({ file, reason: `seq ${checkpoint.seq} is missing from the chain` });
      } else if (hash !== checkpoint.hash) {
        invalid.push({ file, reason: `seq ${checkpoint.seq} no longer has the signed hash` });
      }
    }
    return { checked: files.length, invalid };
  }
}

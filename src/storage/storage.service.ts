import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InjectConfig } from '../common/core.module';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';

export interface ReceivedFile {
  temporaryPath: string;
  sha256: string;
  sizeBytes: number;
  /** The first bytes, for sniffing the type. */
  head: Buffer;
}

const HEAD_BYTES = 4100;
const SHA256 = /^[0-9a-f]{64}$/;

/** Hashes, counts and keeps the head of what flows through; fails past the byte limit. */
class Inspector extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  head = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(new DomainError('payload_too_large', `The file is larger than ${this.maxBytes} bytes`));
      return;
    }
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/**
 * Content-addressed file storage under STORAGE_DIR: files stream to a temporary name while
 * hashed, then move to evidence/<aa>/<bb>/<sha256>. Client file names never touch a path.
 */
@Injectable()
export class StorageService {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  private get temporaryDir(): string {
    return join(this.config.storageDir, 'tmp');
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return join(this.config.storageDir, 'evidence', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams to a temporary file; on any failure (including the size limit) nothing is left. */
  async receive(source: Readable, maxBytes: number): Promise<ReceivedFile> {
    await mkdir(this.temporaryDir, { recursive: true });
    const temporaryPath = join(this.temporaryDir, `${randomUUID()}.part`);
    const inspector = new Inspector(maxBytes);
    try {
      await pipeline(source, inspector, createWriteStream(temporaryPath, { mode: 0o640 }));
    } catch (error) {
      await rm(temporaryPath, { force: true });
      throw error;
    }
    return {
      temporaryPath,
      sha256: inspector.hash.digest('hex'),
      sizeBytes: inspector.size,
      head: inspector.head,
    };
  }

  /**
   * Moves a received file to its content address (identical content is stored once). True when
   * this call placed it, false when the content was already stored.
   */
  async commit(file: ReceivedFile): Promise<boolean> {
    const target = this.pathOf(file.sha256);
    await mkdir(join(target, '..'), { recursive: true });
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) await rm(file.temporaryPath, { force: true });
    else await rename(file.temporaryPath, target);
    return !exists;
  }

  /** Removes a stored file (the caller knows no row references it). */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async discard(file: ReceivedFile): Promise<void> {
    await rm(file.temporaryPath, { force: true });
  }

  /** Re-hashes a stored file; null when it is missing. */
  async hashOf(sha256: string): Promise<string | null> {
    const hash = createHash('sha256');
    try {
      await pipeline(createReadStream(this.pathOf(sha256)), hash);
    } catch {
      return null;
    }
    return hash.digest('hex');
  }

  /**
   * A read stream that hashes as it goes and fails at the end if the bytes are not the ones
   * stored, so a file altered during the download is not delivered as complete.
   */
  openVerified(sha256: string): Readable {
    const hash = createHash('sha256');
    const check = new Transform({
      transform(chunk: Buffer, _encoding, done): void {
        hash.update(chunk);
        done(null, chunk);
      },
      flush(done): void {
        const actual = hash.digest('hex');
        done(actual === sha256 ? null : new Error(`stored file ${sha256} now hashes to ${actual}`));
      },
    });
    return createReadStream(this.pathOf(sha256)).pipe(check);
  }
}

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** What a sealed value looks like at rest: base64 parts and the version of the key. */
export interface SealedEnvelope {
  v: string;
  iv: string;
  tag: string;
  ct: string;
}

/** The envelope cannot be opened: unknown key, tampered bytes, wrong binding or bad shape. */
export class SealedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedDataError';
  }
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Changing either label changes every derived key: old envelopes would need the old label.
const HKDF_SALT = 'sanctions-tracker';
const HKDF_INFO = 'sanctions-tracker/field-cipher/aes-256-gcm/v1';

/** The configured secret (any string of 32+ characters) stretched into a 256-bit key. */
export function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
}

/** A short fingerprint of a derived key, stored in each envelope to tell keys apart. */
export function keyVersion(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function isEnvelope(value: unknown): value is SealedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const envelope = value as Record<string, unknown>;
  return ['v', 'iv', 'tag', 'ct'].every((part) => typeof envelope[part] === 'string');
}

/**
 * AES-256-GCM with a fresh random 12-byte IV per value. `boundTo` is authenticated data (the
 * id of the row the value belongs to), so an envelope copied onto another row does not open.
 * Seals under the current key only; the previous key, when configured, only opens.
 */
export class FieldCipher {
  readonly currentVersion: string;
  private readonly current: Buffer;
  private readonly keys = new Map<string, Buffer>();

  constructor(currentSecret: string, previousSecret?: string) {
    this.current = deriveKey(currentSecret);
    this.currentVersion = keyVersion(this.current);
    if (previousSecret !== undefined) {
      const previous = deriveKey(previousSecret);
      this.keys.set(keyVersion(previous), previous);
    }
    this.keys.set(this.currentVersion, this.current);
  }

  seal(plaintext: string, boundTo: string): SealedEnvelope {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: this.currentVersion,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  open(envelope: unknown, boundTo: string): string {
    if (!isEnvelope(envelope)) throw new SealedDataError('Not a sealed envelope');
    const key = this.keys.get(envelope.v);
    if (!key) {
      throw new SealedDataError(
        `Sealed under key ${envelope.v}, which is neither the current nor the previous key`,
      );
    }
    const iv = Buffer.from(envelope.iv, 'base64');
    const tag = Buffer.from(envelope.tag, 'base64');
    // GCM would accept a truncated tag, which is far easier to forge: insist on all 16 bytes.
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SealedDataError('Malformed sealed envelope');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(tag);
      const plaintext = Buffer.concat([
        decipher.update(Buffer.from(envelope.ct, 'base64')),
        decipher.final(),
      ]);
      return plaintext.toString('utf8');
    } catch {
      throw new SealedDataError('Sealed envelope failed authentication');
    }
  }

  isCurrent(envelope: unknown): boolean {
    return isEnvelope(envelope) && envelope.v === this.currentVersion;
  }
}

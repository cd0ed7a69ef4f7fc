import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './audit-chain';

// DER prefix that turns a raw 32-byte Ed25519 seed into a PKCS#8 private key.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface CheckpointHead {
  seq: string;
  hash: string;
  at: string;
}

export interface Checkpoint extends CheckpointHead {
  algorithm: 'Ed25519';
  publicKey: string;
  signature: string;
}

/** AUDIT_CHECKPOINT_SIGNING_KEY is the base64 of a 32-byte seed (`openssl rand -base64 32`). */
export function signingKeyFromSeed(seedBase64: string): KeyObject {
  const seed = Buffer.from(seedBase64, 'base64');
  if (seed.length !== 32) throw new Error('the checkpoint signing key must be 32 bytes, base64');
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

export function signCheckpoint(head: CheckpointHead, key: KeyObject): Checkpoint {
  const message = Buffer.from(canonicalJson(head));
  return {
    ...head,
    algorithm: 'Ed25519',
    publicKey: createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString(),
    signature: sign(null, message, key).toString('base64'),
  };
}

/** Checks the signature with the public key the file carries (compare it with the one you trust). */
export function checkpointSignatureValid(checkpoint: Checkpoint): boolean {
  const head: CheckpointHead = { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at };
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(head)),
      createPublicKey(checkpoint.publicKey),
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

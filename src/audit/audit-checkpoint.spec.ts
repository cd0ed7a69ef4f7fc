import { randomBytes } from 'node:crypto';
import { checkpointSignatureValid, signCheckpoint, signingKeyFromSeed } from './audit-checkpoint';

describe('audit checkpoints', () => {
  const key = signingKeyFromSeed(randomBytes(32).toString('base64'));
  const head = { seq: '42', hash: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z' };

  it('verifies a signed head', () => {
    expect(checkpointSignatureValid(signCheckpoint(head, key))).toBe(true);
  });

  it('rejects a head altered after signing', () => {
    const signed = signCheckpoint(head, key);
    expect(checkpointSignatureValid({ ...signed, hash: 'b'.repeat(64) })).toBe(false);
    expect(checkpointSignatureValid({ ...signed, seq: '43' })).toBe(false);
  });

  it('refuses a seed of the wrong length', () => {
    expect(() => signingKeyFromSeed(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

import {
  deriveKey,
  FieldCipher,
  keyVersion,
  SealedDataError,
  SealedEnvelope,
} from './field-cipher';

const OLD_SECRET = 'old-secret-that-is-at-least-32-characters-long';
const NEW_SECRET = 'new-secret-that-is-at-least-32-characters-long';
const ROW = '2b0c8f61-0d2e-4c55-9a61-1f3e7a9b4c21';
const TEXT = '{"name":"Kim, a foreman at the Musan mine","contact":"+7 900 000 00 00"}';

/** Flips one bit of one byte of a base64 part. */
function flip(base64: string, index = 0): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] ^= 0x01;
  return bytes.toString('base64');
}

describe('FieldCipher', () => {
  const cipher = new FieldCipher(NEW_SECRET);

  it('opens what it sealed', () => {
    const envelope = cipher.seal(TEXT, ROW);
    expect(cipher.open(envelope, ROW)).toBe(TEXT);
    expect(cipher.open(cipher.seal('', ROW), ROW)).toBe('');
    expect(cipher.open(cipher.seal('Ким Чен 김정', ROW), ROW)).toBe('Ким Чен 김정');
  });

  it('stores the key version and base64 parts, and no plaintext', () => {
    const envelope = cipher.seal(TEXT, ROW);
    expect(Object.keys(envelope).sort()).toEqual(['ct', 'iv', 'tag', 'v']);
    expect(envelope.v).toBe(keyVersion(deriveKey(NEW_SECRET)));
    expect(envelope.v).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(envelope.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(envelope.tag, 'base64')).toHaveLength(16);
    expect(JSON.stringify(envelope)).not.toContain('Musan');
    expect(Buffer.from(envelope.ct, 'base64').toString('utf8')).not.toContain('Musan');
  });

  it('uses a fresh IV each time, so the same plaintext never gives the same ciphertext', () => {
    const envelopes = Array.from({ length: 20 }, () => cipher.seal(TEXT, ROW));
    expect(new Set(envelopes.map((envelope) => envelope.iv)).size).toBe(20);
    expect(new Set(envelopes.map((envelope) => envelope.ct)).size).toBe(20);
    for (const envelope of envelopes) expect(cipher.open(envelope, ROW)).toBe(TEXT);
  });

  it.each<keyof SealedEnvelope>(['ct', 'tag', 'iv'])(
    'refuses an envelope whose %s was changed',
    (part) => {
      const envelope = cipher.seal(TEXT, ROW);
      const tampered = { ...envelope, [part]: flip(envelope[part], 3) };
      expect(() => cipher.open(tampered, ROW)).toThrow(SealedDataError);
    },
  );

  it('refuses a truncated tag and malformed envelopes', () => {
    const envelope = cipher.seal(TEXT, ROW);
    const shortTag = Buffer.from(envelope.tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => cipher.open({ ...envelope, tag: shortTag }, ROW)).toThrow(SealedDataError);
    expect(() => cipher.open(null, ROW)).toThrow(SealedDataError);
    expect(() => cipher.open({ v: envelope.v, iv: envelope.iv }, ROW)).toThrow(SealedDataError);
    expect(() => cipher.open('not an envelope', ROW)).toThrow(SealedDataError);
  });

  it('refuses an envelope moved onto another row', () => {
    const envelope = cipher.seal(TEXT, ROW);
    expect(() => cipher.open(envelope, 'a0b1c2d3-0000-4000-8000-000000000000')).toThrow(
      SealedDataError,
    );
  });

  it('refuses to open with a wrong key', () => {
    const envelope = new FieldCipher(OLD_SECRET).seal(TEXT, ROW);
    expect(() => cipher.open(envelope, ROW)).toThrow(/neither the current nor the previous key/);
    // Even when the version is forged to the current one, authentication fails.
    expect(() => cipher.open({ ...envelope, v: cipher.currentVersion }, ROW)).toThrow(
      /failed authentication/,
    );
  });

  it('opens envelopes of the previous key but seals under the current one', () => {
    const before = new FieldCipher(OLD_SECRET).seal(TEXT, ROW);
    const rotating = new FieldCipher(NEW_SECRET, OLD_SECRET);
    expect(rotating.isCurrent(before)).toBe(false);
    expect(rotating.open(before, ROW)).toBe(TEXT);
    const after = rotating.seal(rotating.open(before, ROW), ROW);
    expect(after.v).toBe(cipher.currentVersion);
    expect(after.v).not.toBe(before.v);
    expect(rotating.isCurrent(after)).toBe(true);
    expect(cipher.open(after, ROW)).toBe(TEXT);
    expect(() => new FieldCipher(OLD_SECRET).open(after, ROW)).toThrow(SealedDataError);
  });

  it('derives the same key from the same secret, and different keys from different ones', () => {
    expect(deriveKey(NEW_SECRET).equals(deriveKey(NEW_SECRET))).toBe(true);
    expect(deriveKey(NEW_SECRET)).toHaveLength(32);
    expect(keyVersion(deriveKey(NEW_SECRET))).not.toBe(keyVersion(deriveKey(OLD_SECRET)));
  });
});

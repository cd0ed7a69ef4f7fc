import { describe, expect, it } from 'vitest';
import { checkFile, formatBytes, kindOfFile, sha256Hex, toHex, UploadLimits } from './file-check';

const LIMITS: UploadLimits = {
  maxUploadBytes: 1024 * 1024,
  allowedTypes: ['application/pdf', 'application/zip', 'text/plain', 'text/csv'],
  allowedTypePrefixes: ['image/', 'video/', 'audio/'],
};

describe('a file checked before it is sent', () => {
  it('lets an allowed file within the limit through', () => {
    expect(checkFile({ size: 2048, type: 'image/png' }, LIMITS)).toBeNull();
    expect(checkFile({ size: LIMITS.maxUploadBytes, type: 'application/pdf' }, LIMITS)).toBeNull();
  });

  it('refuses a file one byte over the limit, saying its size and the limit', () => {
    expect(checkFile({ size: LIMITS.maxUploadBytes + 1, type: 'image/png' }, LIMITS)).toEqual({
      reason: 'too_large',
      size: LIMITS.maxUploadBytes + 1,
      limit: LIMITS.maxUploadBytes,
    });
  });

  it('refuses a type the service does not accept, and an empty file', () => {
    expect(checkFile({ size: 10, type: 'application/x-msdownload' }, LIMITS)).toEqual({
      reason: 'type',
      type: 'application/x-msdownload',
    });
    expect(checkFile({ size: 10, type: 'text/html; charset=utf-8' }, LIMITS)).toEqual({
      reason: 'type',
      type: 'text/html',
    });
    expect(checkFile({ size: 0, type: 'image/png' }, LIMITS)).toEqual({ reason: 'empty' });
  });

  it('leaves a type the browser cannot name, and any file when the limits are unknown, to the service', () => {
    expect(checkFile({ size: 10, type: '' }, LIMITS)).toBeNull();
    expect(checkFile({ size: 10 ** 12, type: 'application/x-msdownload' }, undefined)).toBeNull();
  });
});

describe('the SHA-256 computed in the browser', () => {
  it('is the known digest of "abc", in lower-case hex', async () => {
    expect(await sha256Hex(new Blob(['abc']))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await sha256Hex(new Blob([]))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('writes each byte as two hex digits', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 255]).buffer)).toBe('00010f10ff');
  });
});

describe('file sizes and kinds', () => {
  it('says sizes in the user’s language', () => {
    expect(formatBytes(50 * 1024 * 1024, 'en')).toBe('50 MB');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(50 * 1024 * 1024, 'ru')).toBe('50 МБ');
  });

  it('guesses the evidence kind from the type', () => {
    expect(kindOfFile('image/png')).toBe('image');
    expect(kindOfFile('application/pdf')).toBe('document');
    expect(kindOfFile('text/csv')).toBe('dataset');
  });
});

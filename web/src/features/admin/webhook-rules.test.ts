import { describe, expect, it } from 'vitest';
import { anyPending, generateSecret } from './webhook-rules';

describe('generateSecret', () => {
  it('gives 64 hex characters from 32 random bytes', () => {
    expect(generateSecret((bytes) => bytes.fill(171))).toBe('ab'.repeat(32));
    expect(generateSecret()).toMatch(/^[0-9a-f]{64}$/);
    expect(generateSecret()).not.toBe(generateSecret());
  });
});

describe('anyPending', () => {
  it('is true only while a delivery is pending', () => {
    expect(anyPending([])).toBe(false);
    expect(anyPending([{ status: 'delivered' }, { status: 'failed' }])).toBe(false);
    expect(anyPending([{ status: 'delivered' }, { status: 'pending' }])).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { canonicalAroundSeq, canonicalJson, chainHash, GENESIS_HASH } from './audit-chain';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('writes dates as ISO strings', () => {
    expect(canonicalJson({ at: new Date('2025-01-12T00:00:00Z') })).toBe(
      '{"at":"2025-01-12T00:00:00.000Z"}',
    );
  });
});

describe('chainHash', () => {
  const event = {
    seq: '1',
    at: new Date('2025-01-12T10:00:00.123Z'),
    actorId: null,
    action: 'auth.login_succeeded',
    entityType: 'user',
    entityId: 'u1',
    data: { b: 2, a: 1 },
  };

  it('does not depend on the key order of data', () => {
    expect(chainHash(GENESIS_HASH, event)).toBe(
      chainHash(GENESIS_HASH, { ...event, data: { a: 1, b: 2 } }),
    );
  });

  it('changes with the previous hash and with any field', () => {
    const base = chainHash(GENESIS_HASH, event);
    expect(chainHash('f'.repeat(64), event)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...event, action: 'auth.login_failed' })).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...event, data: { a: 1, b: 3 } })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonicalAroundSeq', () => {
  it('splits the canonical JSON so that prev + head + "seq" + tail hashes as chainHash does', () => {
    const event = {
      at: new Date('2026-11-29T07:00:00.123Z'),
      actorId: null,
      action: 'incident.created',
      entityType: 'incident',
      entityId: 'b5a7c1e2-0000-4000-8000-000000000001',
      data: { title: 'Ünïcode "quoted" \\ title', nested: { z: [1, { b: 2, a: 1 }], a: null } },
    };
    const { head, tail } = canonicalAroundSeq(event);
    for (const seq of ['1', '42', '9007199254740993']) {
      const joined = `${head}${JSON.stringify(seq)}${tail}`;
      expect(joined).toBe(canonicalJson({ ...event, at: event.at.toISOString(), seq }));
      const prev = 'f'.repeat(64);
      expect(
        createHash('sha256')
          .update(prev + joined)
          .digest('hex'),
      ).toBe(chainHash(prev, { ...event, seq }));
    }
  });
});

import { jsonNestingExceeds, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number): Buffer => Buffer.from(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

describe('jsonNestingExceeds', () => {
  it('allows the maximum depth and refuses one more', () => {
    expect(jsonNestingExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestingExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts objects and arrays alike', () => {
    const text = '{"a":'.repeat(20) + '['.repeat(13) + ']'.repeat(13) + '}'.repeat(20);
    expect(jsonNestingExceeds(Buffer.from(text))).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({
      title: '['.repeat(1000),
      note: 'say \\"[[[[\\" ' + '{'.repeat(100),
    });
    expect(jsonNestingExceeds(Buffer.from(text))).toBe(false);
  });

  it('reads UTF-8 text without decoding it', () => {
    expect(jsonNestingExceeds(Buffer.from(JSON.stringify({ name: '무산 광산 [Мусан]' })))).toBe(
      false,
    );
  });
});

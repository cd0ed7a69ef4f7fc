import { describe, expect, it } from 'vitest';
import { catalog } from './catalog';

const en = catalog('en');
const ko = catalog('ko');
const ru = catalog('ru');

/** Every key path of a resource, plural forms folded into their base key. */
function keys(resource: object, prefix = ''): string[] {
  return Object.entries(resource).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value as object, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

const unique = (list: string[]): string[] => [...new Set(list)].sort();

describe('translations', () => {
  it.each([
    ['ko', ko],
    ['ru', ru],
  ])('%s has every English string, and nothing English does not', (_language, resource) => {
    expect(unique(keys(resource))).toEqual(unique(keys(en)));
  });

  it('gives Russian every plural form it needs, and Korean its one, in every namespace', () => {
    const all = (resource: object, prefix = ''): string[] =>
      Object.entries(resource).flatMap(([key, value]) =>
        typeof value === 'object' && value !== null
          ? all(value as object, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    const plurals = all(en)
      .filter((key) => key.endsWith('_other'))
      .map((key) => key.replace(/_other$/, ''));
    expect(plurals.length).toBeGreaterThan(10);
    const russian = new Set(all(ru));
    const korean = new Set(all(ko));
    const missing = plurals.flatMap((base) => [
      ...['one', 'few', 'many', 'other']
        .map((form) => `ru ${base}_${form}`)
        .filter((key) => !russian.has(key.slice(3))),
      ...(korean.has(`${base}_other`) ? [] : [`ko ${base}_other`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('leaves no string empty', () => {
    const values = (resource: object): string[] =>
      Object.values(resource).flatMap((value) =>
        typeof value === 'string' ? [value] : values(value as object),
      );
    for (const resource of [en, ko, ru])
      expect(values(resource).filter((text) => !text.trim())).toEqual([]);
  });
});

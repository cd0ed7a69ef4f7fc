import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ko } from './ko';
import { ru } from './ru';

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

  it('gives Russian every plural form it needs, and Korean its one', () => {
    const plurals = Object.keys(en.nav).filter((key) => key.endsWith('_other'));
    for (const key of plurals) {
      const base = key.replace(/_other$/, '');
      for (const form of ['one', 'few', 'many', 'other']) {
        expect(ru.nav).toHaveProperty(`${base}_${form}`);
      }
      expect(ko.nav).toHaveProperty(`${base}_other`);
    }
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

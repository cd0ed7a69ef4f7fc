import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { setupI18n } from '../i18n/for-tests';
import { gradingLabel } from './grading';

describe('Admiralty grading in words', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('says what each grade means', () => {
    expect(gradingLabel(i18next.t, 'C', 3)).toBe('C3 — fairly reliable, possibly true');
    expect(gradingLabel(i18next.t, 'A', 1)).toBe(
      'A1 — completely reliable, confirmed by other sources',
    );
    expect(gradingLabel(i18next.t, 'F', 6)).toBe(
      'F6 — reliability cannot be judged, truth cannot be judged',
    );
  });

  it('says it in Korean and Russian', async () => {
    await i18next.changeLanguage('ko');
    expect(gradingLabel(i18next.t, 'B', 2)).toBe(
      'B2 — 대체로 신뢰할 수 있음, 사실일 가능성이 높음',
    );
    await i18next.changeLanguage('ru');
    expect(gradingLabel(i18next.t, 'D', 4)).toBe('D4 — обычно ненадёжный, сомнительно');
  });
});

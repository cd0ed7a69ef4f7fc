import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../../i18n/for-tests';
import { describeEntry, HistoryEntry, valueInWords } from './describe';

const names = {
  regime: (code: string) => (code === 'UN-1718' ? "Democratic People's Republic of Korea" : code),
  category: (code: string) =>
    code === 'overseas_labor' ? 'Overseas workers earning income abroad' : code,
  provision: (code: string) => (code === 'UNSCR-2397-OP8' ? 'UNSCR 2397 (2017) OP8' : code),
  user: (id: string | null | undefined) => (id === 'u1' ? 'Mira Monitor' : '—'),
};

const entry = (kind: string, data: Record<string, unknown>): HistoryEntry => ({
  id: '1',
  at: '2025-02-01T10:00:00.000Z',
  actorId: 'u1',
  kind,
  data,
});

describe('the history in words', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('says which source was added or changed, and which evidence was added, by pseudonym and kind', () => {
    const t = i18next.t.bind(i18next);
    const say = (data: Record<string, unknown>) =>
      describeEntry(entry('edited', data), t, 'en', names).text;
    expect(say({ source: { id: 's1', pseudonym: 'SRC-8K4B', change: 'added' } })).toBe(
      'Mira Monitor added the source SRC-8K4B.',
    );
    expect(
      say({
        source: {
          id: 's1',
          pseudonym: 'SRC-8K4B',
          change: 'updated',
          fields: ['reliability', 'independenceGroup'],
        },
      }),
    ).toBe('Mira Monitor changed the source SRC-8K4B: reliability, independence group.');
    expect(say({ evidenceAdded: { id: 'e1', kind: 'image' } })).toBe(
      'Mira Monitor added an evidence item (Image).',
    );
  });

  it('says who changed which fields, old → new, with names instead of codes', () => {
    const t = i18next.t.bind(i18next);
    const described = describeEntry(
      entry('edited', {
        changes: {
          title: { old: 'Musan workers', new: 'Musan mine workers sent to Russia' },
          provisions: { old: [], new: ['UNSCR-2397-OP8'] },
          locations: {
            old: [{ role: 'origin', countryCode: 'KP' }],
            new: [
              { role: 'origin', countryCode: 'KP', placeName: 'Musan' },
              { role: 'destination', countryCode: 'RU' },
            ],
          },
          occurredFrom: { old: '2025-01-12', new: '2025-01-01' },
          quantities: { old: [], new: [{ value: 100, unit: 'workers', approximate: true }] },
        },
      }),
      t,
      'en',
      names,
    );
    expect(described.text).toBe(
      'Mira Monitor changed: Title, Provisions, Locations, From, Quantities.',
    );
    expect(
      described.changes.map((change) => `${change.label}: ${change.old} → ${change.new}`),
    ).toEqual([
      'Title: Musan workers → Musan mine workers sent to Russia',
      'Provisions: (empty) → UNSCR 2397 (2017) OP8',
      'Locations: Origin: North Korea → Origin: Musan, North Korea; Destination: Russia',
      'From: 12 January 2025 → 1 January 2025',
      'Quantities: (empty) → about 100 workers',
    ]);
  });

  it('names transitions, assignments and reviews, with their notes', () => {
    const t = i18next.t.bind(i18next);
    expect(
      describeEntry(
        entry('transition', {
          action: 'withdraw',
          from: 'intake',
          to: 'withdrawn',
          note: 'Filed twice.',
        }),
        t,
        'en',
        names,
      ),
    ).toEqual({
      text: 'Mira Monitor: Withdraw this draft (Intake → Withdrawn).',
      changes: [],
      note: 'Filed twice.',
    });
    expect(
      describeEntry(entry('created', { reference: 'INC-2025-0001' }), t, 'en', names).text,
    ).toBe('Mira Monitor filed the incident as INC-2025-0001.');
    expect(describeEntry(entry('assigned', { old: 'u1', new: null }), t, 'en', names).text).toBe(
      'Mira Monitor removed the assignee.',
    );
    expect(
      describeEntry(
        { ...entry('evidence_reviewed', { decision: 'approved', redacted: true }), actorId: null },
        t,
        'en',
        names,
      ).text,
    ).toBe('Someone approved an evidence item.');
  });

  it('writes values in the user language', async () => {
    await i18next.changeLanguage('ru');
    const t = i18next.t.bind(i18next);
    expect(valueInWords('datePrecision', 'month', t, 'ru', names)).toBe('Месяц');
    expect(
      valueInWords('locations', [{ role: 'destination', countryCode: 'RU' }], t, 'ru', names),
    ).toBe('Куда: Россия');
    expect(valueInWords('occurredFrom', '2025-01', t, 'ru', names)).toBe('январь 2025 г.');
    await i18next.changeLanguage('en');
  });

  it('says who decided what on a screening candidate, and what a list change did', () => {
    const t = i18next.t.bind(i18next);
    const decided = describeEntry(
      entry('screening_decided', {
        actorId: 'a1',
        actorName: 'Korea Mining Development Trading Corporation',
        reference: 'KPe.001',
        designationName: 'KOREA MINING DEVELOPMENT TRADING CORPORATION',
        decision: 'confirmed',
        note: 'Same name, same address in Pyongyang.',
      }),
      t,
      'en',
      names,
    );
    expect(decided.text).toBe(
      'Mira Monitor confirmed that Korea Mining Development Trading Corporation is the designated KOREA MINING DEVELOPMENT TRADING CORPORATION (KPe.001).',
    );
    expect(decided.note).toBe('Same name, same address in Pyongyang.');
    const changed = describeEntry(
      {
        ...entry('screening_changed', {
          versionId: 'v2',
          designations: [
            { reference: 'KPe.001', change: 'amended', actorId: 'a1' },
            { reference: 'KPi.066', change: 'removed', actorId: 'a2' },
          ],
        }),
        actorId: null,
      },
      t,
      'en',
      names,
    );
    expect(changed.text).toBe(
      'The UN sanctions list changed a designation an actor was confirmed as: KPe.001 amended, KPi.066 removed from the list. The screening needs a new decision.',
    );
  });
});

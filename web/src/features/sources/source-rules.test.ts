import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import {
  confidentialStatement,
  credibilityOptions,
  groupCount,
  groupOptions,
  reliabilityOptions,
  sourceChangeRule,
  SourceView,
} from './source-rules';

const open = (id: string, name: string, group = id): SourceView => ({
  view: 'full',
  id,
  incidentId: 'i',
  kind: 'media',
  confidential: false,
  pseudonym: `SRC-${id}`,
  name,
  url: null,
  publishedAt: null,
  reliability: 'B',
  credibility: 2,
  independenceGroup: group,
  contact: null,
  notes: null,
  version: 1,
  createdBy: 'u',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
});
const secret = (id: string, pseudonym: string, group = id): SourceView => ({
  view: 'redacted',
  id,
  kind: 'informant',
  confidential: true,
  pseudonym,
  reliability: 'C',
  credibility: 3,
  independenceGroup: group,
  version: 1,
});

describe('the source dialog’s rules', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('explains every Admiralty grade in words', () => {
    expect(reliabilityOptions(i18next.t).map((option) => option.label)).toEqual([
      'A — completely reliable',
      'B — usually reliable',
      'C — fairly reliable',
      'D — not usually reliable',
      'E — unreliable',
      'F — reliability cannot be judged',
    ]);
    expect(credibilityOptions(i18next.t).map((option) => option.label)).toEqual([
      '1 — confirmed by other sources',
      '2 — probably true',
      '3 — possibly true',
      '4 — doubtful',
      '5 — improbable',
      '6 — truth cannot be judged',
    ]);
  });

  it('explains the grades in Korean and Russian too', async () => {
    await i18next.changeLanguage('ko');
    expect(reliabilityOptions(i18next.t)[0].label).toBe('A — 완전히 신뢰할 수 있음');
    await i18next.changeLanguage('ru');
    expect(credibilityOptions(i18next.t)[3].label).toBe('4 — сомнительно');
    await i18next.changeLanguage('en');
  });

  it('says exactly what a confidential source encrypts, who sees what, and that reveals are audited', () => {
    expect(confidentialStatement(i18next.t, true)).toEqual([
      'Encrypted at rest (AES-256-GCM): its name, contact, notes and web address.',
      'Everyone else, in every list, view, history entry, export, notification and e-mail, sees only its pseudonym (such as SRC-7KQ2), its kind, its grading and its independence group.',
      'Only you (who add it), verifiers and admins may reveal the details, one source at a time.',
      'Every reveal is written to the audit log: who, and when.',
    ]);
    const editing = confidentialStatement(i18next.t, true, 'SRC-9ABC');
    expect(editing[1]).toContain('only its pseudonym (SRC-9ABC)');
    expect(editing[2]).toBe(
      'Only the user who added it, verifiers and admins may reveal the details, one source at a time.',
    );
    expect(confidentialStatement(i18next.t, false)).toEqual([
      'Not confidential: every staff user sees all of this source; it may appear in exports and, once published, on the public page.',
    ]);
  });

  it('names each independence group by its sources, confidential ones by pseudonym only', () => {
    const sources = [open('a', 'NK News'), open('b', 'Daily NK', 'a'), secret('c', 'SRC-7KQ2')];
    expect(groupOptions(i18next.t, sources)).toEqual([
      { value: 'a', label: 'Same origin as: NK News, Daily NK' },
      { value: 'c', label: 'Same origin as: Confidential: SRC-7KQ2' },
    ]);
    expect(groupCount(sources)).toBe(2);
    // A source alone in its group is "independent" already: its own group is not offered twice.
    expect(groupOptions(i18next.t, sources, sources[2]).map((option) => option.value)).toEqual([
      'a',
    ]);
  });

  it('says who may add sources, by state, and why not', () => {
    const monitor = { id: 'm', roles: ['monitor' as const] };
    const verifier = { id: 'v', roles: ['verifier' as const] };
    expect(sourceChangeRule(i18next.t, { status: 'intake', createdBy: 'm' }, monitor)).toEqual({
      allowed: true,
    });
    expect(sourceChangeRule(i18next.t, { status: 'intake', createdBy: 'm' }, verifier)).toEqual({
      allowed: false,
      why: 'Only the creator of this incident or an admin may add sources while it is in intake.',
    });
    expect(
      sourceChangeRule(i18next.t, { status: 'in_verification', createdBy: 'm' }, verifier),
    ).toEqual({ allowed: true });
    expect(sourceChangeRule(i18next.t, { status: 'verified', createdBy: 'm' }, monitor)).toEqual({
      allowed: false,
      why: 'Sources can no longer be added or changed: the incident is Verified.',
    });
  });
});

import type { TFunction } from 'i18next';
import type { components } from '../../api/schema';

export type SourceView =
  components['schemas']['SourceDto'] | components['schemas']['RedactedSourceDto'];
type Incident = components['schemas']['IncidentDto'];
type Me = components['schemas']['MeDto'];

export const RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const CREDIBILITY = [1, 2, 3, 4, 5, 6] as const;
export const SOURCE_KINDS = [
  'media',
  'ngo',
  'informant',
  'official',
  'satellite_imagery',
  'shipping_data',
  'social_media',
  'court_record',
  'other',
] as const;

/** How a source is named on screen: its name, or for a confidential one its pseudonym only. */
export function sourceLabel(t: TFunction, source: SourceView): string {
  return source.view === 'redacted'
    ? t('sources.confidential', { pseudonym: source.pseudonym })
    : source.name;
}

/** Each grade of the Admiralty scale with its meaning, for the pickers. */
export function reliabilityOptions(t: TFunction): { value: string; label: string }[] {
  return RELIABILITY.map((grade) => ({
    value: grade,
    label: t('sourceDialog.gradeOption', {
      grade,
      meaning: t(`grading.reliability.${grade}`),
    }),
  }));
}

export function credibilityOptions(t: TFunction): { value: string; label: string }[] {
  return CREDIBILITY.map((grade) => ({
    value: String(grade),
    label: t('sourceDialog.gradeOption', {
      grade,
      meaning: t(`grading.credibility.${grade}`),
    }),
  }));
}

/**
 * The independence groups of an incident's sources, each named by the sources in it (a
 * confidential one by its pseudonym), leaving out the source being edited when it is alone in
 * its group: choosing that would be "independent" anyway.
 */
export function groupOptions(
  t: TFunction,
  sources: readonly SourceView[],
  editing?: SourceView,
): { value: string; label: string }[] {
  const groups = new Map<string, SourceView[]>();
  for (const source of sources) {
    groups.set(source.independenceGroup, [...(groups.get(source.independenceGroup) ?? []), source]);
  }
  return [...groups.entries()]
    .filter(([, members]) => !(editing && members.length === 1 && members[0].id === editing.id))
    .map(([group, members]) => ({
      value: group,
      label: t('sourceDialog.groupOf', {
        sources: members.map((member) => sourceLabel(t, member)).join(', '),
      }),
    }));
}

export const groupCount = (sources: readonly SourceView[]): number =>
  new Set(sources.map((source) => source.independenceGroup)).size;

/**
 * Exactly what confidentiality does (SPEC 8), as the switch says it: what is encrypted, who
 * sees what, who may reveal, and that a reveal is audited.
 */
export function confidentialStatement(t: TFunction, confidential: boolean, pseudonym?: string) {
  if (!confidential) return [t('sourceDialog.confidentialOff')];
  return [
    t('sourceDialog.confidentialEncrypted'),
    t('sourceDialog.confidentialOthers', {
      pseudonym: pseudonym
        ? t('sourceDialog.pseudonymIs', { pseudonym })
        : t('sourceDialog.pseudonymExample'),
    }),
    // Adding, the user is the one who adds it; editing, it may be someone else's.
    pseudonym ? t('sourceDialog.confidentialWhoMayEdit') : t('sourceDialog.confidentialWhoMay'),
    t('sourceDialog.confidentialAudit'),
  ];
}

/**
 * Whether this user may add or change the incident's sources now (SPEC 8), and if not why:
 * in intake its creator and admins; in verification also verifiers; afterwards nobody.
 */
export function sourceChangeRule(
  t: TFunction,
  incident: Pick<Incident, 'status' | 'createdBy'>,
  me: Pick<Me, 'id' | 'roles'>,
): { allowed: true } | { allowed: false; why: string } {
  const creatorOrAdmin = incident.createdBy === me.id || me.roles.includes('admin');
  switch (incident.status) {
    case 'intake':
      return creatorOrAdmin
        ? { allowed: true }
        : { allowed: false, why: t('sourceDialog.cannotAdd') };
    case 'in_verification':
      return creatorOrAdmin || me.roles.includes('verifier')
        ? { allowed: true }
        : { allowed: false, why: t('sourceDialog.cannotAddVerification') };
    case 'verified':
    case 'published':
    case 'rejected':
    case 'retracted':
    case 'withdrawn':
      return {
        allowed: false,
        why: t('sourceDialog.closed', { status: t(`status.${incident.status}`) }),
      };
  }
}

import { Alert, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { useEvidence } from '../evidence/EvidenceSection';
import { gradingLabel } from '../../ui/grading';
import { useSources } from '../sources/SourcesSection';
import type { SourceView } from '../sources/source-rules';

type Evidence = components['schemas']['EvidenceDto'];

export interface SubmitReadiness {
  /** Sources and evidence that count for the precondition (withdrawn evidence does not). */
  material: number;
  sources: number;
  evidence: number;
  /** What verifiers see by pseudonym only: the confidential sources. */
  pseudonymous: {
    pseudonym: string;
    kind: SourceView['kind'];
    reliability: string;
    credibility: number;
  }[];
  /** Sources verifiers see in full. */
  open: number;
  /** Why submitting is blocked, or null when nothing blocks it. */
  blocker: string | null;
}

/**
 * The submit checklist (SPEC 7): at least one source or evidence item (withdrawn items count
 * for nothing), and which sources verifiers see by pseudonym only.
 */
export function submitReadiness(
  t: TFunction,
  sources: readonly SourceView[],
  evidence: readonly Pick<Evidence, 'status'>[],
): SubmitReadiness {
  const counted = evidence.filter((item) => item.status !== 'withdrawn').length;
  const pseudonymous = sources
    .filter((source) => source.confidential)
    .map((source) => ({
      pseudonym: source.pseudonym,
      kind: source.kind,
      reliability: source.reliability,
      credibility: source.credibility,
    }));
  const material = sources.length + counted;
  return {
    material,
    sources: sources.length,
    evidence: counted,
    pseudonymous,
    open: sources.length - pseudonymous.length,
    blocker: material === 0 ? t('checklist.materialMissing') : null,
  };
}

/** The submit dialog: the checklist, what happens next, and submit disabled with its reason. */
export function SubmitChecklist({
  incidentId,
  onSubmit,
  onClose,
  submitting,
  problem,
}: {
  incidentId: string;
  onSubmit: () => void;
  onClose: () => void;
  submitting: boolean;
  problem: string | null;
}) {
  const { t } = useTranslation();
  const sources = useSources(incidentId);
  const evidence = useEvidence(incidentId);
  const narrow = useMediaQuery('(max-width: 36em)');
  const ready =
    sources.isSuccess && evidence.isSuccess
      ? submitReadiness(t, sources.data, evidence.data)
      : null;
  const failed = sources.isError || evidence.isError;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('checklist.title')}
      size="lg"
      fullScreen={narrow}
      closeButtonProps={{ 'aria-label': t('checklist.cancel') }}
    >
      <Stack>
        {failed && (
          <Alert color="red" role="alert">
            {t('checklist.unavailable')}
          </Alert>
        )}
        {!ready && !failed && <Text>{t('checklist.loading')}</Text>}
        {ready && (
          <>
            <List spacing="xs" listStyleType="none" data-testid="checklist">
              <List.Item>
                <Text fw={600} span c={ready.material > 0 ? 'gray.9' : 'red.9'}>
                  {ready.material > 0 ? `✓ ${t('checklist.met')}` : `✗ ${t('checklist.unmet')}`}
                </Text>
                {' — '}
                {ready.material > 0
                  ? t('checklist.material', {
                      count: ready.material,
                      counts: t('checklist.counts', {
                        sources: t('checklist.sources', { count: ready.sources }),
                        evidence: t('checklist.evidence', { count: ready.evidence }),
                      }),
                    })
                  : t('checklist.materialMissing')}
              </List.Item>
            </List>
            <Title order={3} size="h5">
              {t('checklist.pseudonymsTitle')}
            </Title>
            {ready.pseudonymous.length === 0 ? (
              <Text size="sm">{t('checklist.pseudonymsNone')}</Text>
            ) : (
              <>
                <Text size="sm">{t('checklist.pseudonymsIntro')}</Text>
                <List size="sm" data-testid="pseudonymous-sources">
                  {ready.pseudonymous.map((source) => (
                    <List.Item key={source.pseudonym}>
                      <Text span fw={600}>
                        {source.pseudonym}
                      </Text>{' '}
                      ({t(`sourceKind.${source.kind}`)};{' '}
                      {gradingLabel(t, source.reliability, source.credibility)})
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {ready.open > 0 && ready.pseudonymous.length > 0 && (
              <Text size="sm">{t('checklist.openSources', { count: ready.open })}</Text>
            )}
            <Title order={3} size="h5">
              {t('checklist.nextTitle')}
            </Title>
            <List size="sm" spacing={4}>
              <List.Item>{t('checklist.nextState')}</List.Item>
              <List.Item>{t('checklist.nextTold')}</List.Item>
              <List.Item>{t('checklist.nextReview')}</List.Item>
            </List>
            {ready.blocker && (
              <Alert color="red" role="alert" id="submit-blocked">
                {t('checklist.blocked', { reason: ready.blocker })}
              </Alert>
            )}
          </>
        )}
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('checklist.cancel')}
          </Button>
          <Button
            onClick={onSubmit}
            loading={submitting}
            disabled={!ready || ready.blocker !== null}
            aria-describedby={ready?.blocker ? 'submit-blocked' : undefined}
          >
            {t('checklist.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

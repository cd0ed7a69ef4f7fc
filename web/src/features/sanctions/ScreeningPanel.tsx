import { Alert, Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { CandidateCard } from './CandidateCard';
import { DesignatedBadge } from './DesignatedBadge';
import { MatchDialog } from './MatchDialog';
import {
  ActorScreening,
  anyPending,
  bestFirst,
  Candidate,
  DecisionKind,
  SCREENING_ANCHOR,
  whyNotKey,
} from './screening-rules';

type Incident = components['schemas']['IncidentDto'];

/** How often, and how many times, the panel asks again while an actor is being screened. */
const PENDING_POLL_MS = 2000;
const PENDING_POLLS = 15;

export const screeningKey = (incidentId: string) => ['incident', incidentId, 'screening'];

/** Chosen in the panel, decided in the dialog: which candidate of which actor. */
export interface MatchChoice {
  actor: ActorScreening;
  candidate: Candidate;
  decision: DecisionKind;
}

/**
 * Screen 16: each actor's candidates on the UN list, best first, with why they were proposed,
 * and the decisions taken on them; confirm, dismiss or unsure with a note for whoever may
 * decide, the reason for everyone else.
 */
export function ScreeningPanel({ incident }: { incident: Incident }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [choice, setChoice] = useState<MatchChoice | null>(null);
  const hash = useRouterState({ select: (state) => state.location.hash });
  const heading = useRef<HTMLHeadingElement>(null);
  const landed = useRef(false);
  const screening = useQuery({
    queryKey: screeningKey(incident.id),
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/screening', {
        params: { path: { id: incident.id } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    refetchInterval: (query) =>
      anyPending(query.state.data) && query.state.dataUpdateCount < PENDING_POLLS
        ? PENDING_POLL_MS
        : false,
  });

  // A link to #screening (a notification) lands before the panel has its data.
  useEffect(() => {
    if (landed.current || hash !== SCREENING_ANCHOR || screening.isPending) return;
    landed.current = true;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [hash, screening.isPending]);

  const data = screening.data;
  const reason = data && !data.mayDecide ? whyNotKey(me, incident) : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={SCREENING_ANCHOR}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={SCREENING_ANCHOR} ref={heading} tabIndex={-1}>
          {t('sanctions.panel.title')}
        </Title>
        {screening.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
        {screening.isError && (
          <Alert color="red" role="alert">
            {t('sanctions.panel.loadFailed')}
          </Alert>
        )}
        {data && (
          <>
            {data.screeningChanged && (
              <Alert color="orange" role="status" title={t('sanctions.panel.changedTitle')}>
                <Text size="sm" c="dark.9">
                  {t('sanctions.panel.changed')}
                </Text>
              </Alert>
            )}
            <Text size="sm" c="gray.8">
              {data.listVersion === null
                ? t('sanctions.panel.noList')
                : t('sanctions.panel.intro', { version: data.listVersion })}
            </Text>
            {!data.mayDecide && (
              <Alert color="gray" role="note">
                <Text size="sm" c="dark.9">
                  {reason ? t(`sanctions.whyNot.${reason}`) : (data.whyNot ?? '')}
                </Text>
              </Alert>
            )}
            {data.actors.length === 0 && <Text>{t('sanctions.panel.noActors')}</Text>}
            {data.actors.map((actor) => (
              <ActorBlock
                key={actor.actorId}
                actor={actor}
                incident={incident}
                mayDecide={data.mayDecide}
                language={i18n.language}
                onChoose={(candidate, decision) => setChoice({ actor, candidate, decision })}
              />
            ))}
          </>
        )}
      </Stack>
      {choice && data && (
        <MatchDialog
          incidentId={incident.id}
          version={data.version}
          choice={choice}
          onClose={() => setChoice(null)}
        />
      )}
    </Paper>
  );
}

function ActorBlock({
  actor,
  incident,
  mayDecide,
  language,
  onChoose,
}: {
  actor: ActorScreening;
  incident: Incident;
  mayDecide: boolean;
  language: string;
  onChoose: (candidate: Candidate, decision: DecisionKind) => void;
}) {
  const { t } = useTranslation();
  const candidates = bestFirst(actor.candidates);
  const titleId = `screening-actor-${actor.actorId}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={titleId} data-testid="actor">
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Title order={3} size="h5" id={titleId}>
            {actor.name}
          </Title>
          <Text size="sm" c="gray.8">
            {t(`actorType.${actor.type}`)}
          </Text>
          {actor.designationRef && <DesignatedBadge designationRef={actor.designationRef} />}
        </Group>
        {actor.status === 'pending' ? (
          <Text size="sm" role="status">
            {t('sanctions.panel.pending')}
          </Text>
        ) : (
          <Text size="sm" c="gray.8">
            {actor.listVersion !== null && actor.screenedAt
              ? t('sanctions.panel.screened', {
                  version: actor.listVersion,
                  time: formatTimestamp(actor.screenedAt, language),
                })
              : t('sanctions.panel.screenedNoList')}
          </Text>
        )}
        {actor.status === 'screened' && candidates.length === 0 && (
          <Text size="sm">{t('sanctions.panel.noCandidates')}</Text>
        )}
        {candidates.map((candidate) => (
          <CandidateCard
            key={candidate.reference}
            candidate={candidate}
            actor={actor}
            incident={incident}
            mayDecide={mayDecide}
            onChoose={(decision) => onChoose(candidate, decision)}
          />
        ))}
        {actor.decisions.length > 0 && (
          <section aria-labelledby={`${titleId}-decisions`}>
            <Title order={4} size="h6" id={`${titleId}-decisions`} mb={4}>
              {t('sanctions.decisions.title')}
            </Title>
            <List size="sm" spacing={4}>
              {[...actor.decisions]
                .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))
                .map((decision) => (
                  <List.Item key={decision.id}>
                    <Text span size="sm" fw={600}>
                      {t(`sanctions.decisions.said.${decision.decision}`, {
                        designation: decision.designationName ?? decision.reference,
                        reference: decision.reference,
                      })}
                    </Text>{' '}
                    <Text span size="sm" c="gray.8">
                      {t('sanctions.decisions.byOn', {
                        who: decision.deciderName ?? t('history.someone'),
                        time: formatTimestamp(decision.decidedAt, language),
                      })}
                    </Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {t('history.note', { note: decision.note })}
                    </Text>
                    {decision.designationChanged && (
                      <Badge color="orange" variant="light" c="orange.9">
                        {t('sanctions.decisions.designationChanged')}
                      </Badge>
                    )}
                  </List.Item>
                ))}
            </List>
          </section>
        )}
      </Stack>
    </Paper>
  );
}

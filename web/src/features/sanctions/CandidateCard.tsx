import { Badge, Button, Group, List, Paper, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { countryName, formatPeriod } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import {
  ActorScreening,
  Candidate,
  DECISIONS,
  DecisionKind,
  latestDecision,
} from './screening-rules';

type Incident = components['schemas']['IncidentDto'];

const number = (value: number, language: string) =>
  new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    value,
  );

/** The list's alias qualities ("Good", "Low", "a.k.a.", "f.k.a.") as keys of their words. */
function qualityKey(quality: string): 'good' | 'low' | 'aka' | 'fka' | 'other' {
  const key = quality.toLowerCase().replace(/[^a-z]/g, '');
  return key === 'good' || key === 'low' || key === 'aka' || key === 'fka' ? key : 'other';
}

// A light badge takes the hue for its tint and the dark shade for its words (AA contrast).
const BAND_COLOR = { strong: 'red', possible: 'orange' } as const;
const BAND_TEXT = { strong: 'red.9', possible: 'orange.9' } as const;

/** One candidate designation of an actor: who it is, how strong, in force or not, and why. */
export function CandidateCard({
  candidate,
  actor,
  incident,
  mayDecide,
  onChoose,
}: {
  candidate: Candidate;
  actor: ActorScreening;
  incident: Incident;
  mayDecide: boolean;
  onChoose: (decision: DecisionKind) => void;
}) {
  const { t, i18n } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  const language = i18n.language;
  const decided = latestDecision(actor.decisions, candidate.reference);
  const whyId = `why-${actor.actorId}-${candidate.reference}`;
  const listedOn = candidate.listedOn
    ? formatPeriod(candidate.listedOn, null, 'day', language)
    : null;
  const period = formatPeriod(
    incident.occurredFrom,
    incident.occurredTo,
    incident.datePrecision,
    language,
  );
  return (
    <Paper withBorder p="sm" bg="gray.0" data-testid="candidate">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={0}>
            <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
              {candidate.name}
            </Text>
            <Text size="sm" c="gray.8">
              <AnchorLink
                to="/sanctions/designations/$reference"
                params={{ reference: candidate.reference }}
                size="sm"
                underline="always"
              >
                {candidate.reference}
              </AnchorLink>
              {' · '}
              {t(`sanctions.kind.${candidate.kind}`)}
              {' · '}
              {candidate.listType}
            </Text>
          </Stack>
          <Group gap={6}>
            <Badge color={BAND_COLOR[candidate.band]} variant="light" c={BAND_TEXT[candidate.band]}>
              {t(`sanctions.band.${candidate.band}`)}
            </Badge>
            <Text size="sm" fw={600}>
              {t('sanctions.candidate.score', { score: number(candidate.score, language) })}
            </Text>
          </Group>
        </Group>
        <Text size="sm">
          {t(`sanctions.atTheTime.${candidate.designatedAtTheTime}`, {
            listedOn: listedOn ?? t('sanctions.candidate.listedUnknown'),
            period,
          })}
        </Text>
        {decided && (
          <Text size="sm" fw={600}>
            {t(`sanctions.candidate.decided.${decided.decision}`, {
              who: decided.deciderName ?? t('history.someone'),
            })}
          </Text>
        )}
        <Group gap="xs" wrap="wrap">
          <Button
            variant="default"
            size="compact-sm"
            aria-expanded={opened}
            aria-controls={whyId}
            onClick={toggle}
          >
            {opened ? t('sanctions.candidate.hideWhy') : t('sanctions.candidate.why')}
          </Button>
          {mayDecide &&
            DECISIONS.map((decision) => (
              <Button
                key={decision}
                size="compact-sm"
                variant={decision === 'confirmed' ? 'filled' : 'default'}
                onClick={() => onChoose(decision)}
                aria-label={t(`sanctions.decide.${decision}Of`, {
                  designation: candidate.reference,
                  actor: actor.name,
                })}
              >
                {t(`sanctions.decide.${decision}`)}
              </Button>
            ))}
        </Group>
        {opened && (
          <div id={whyId}>
            <Explanation candidate={candidate} />
          </div>
        )}
      </Stack>
    </Paper>
  );
}

/** Why the candidate was proposed: the name that matched, token by token, then the rest. */
export function Explanation({ candidate }: { candidate: Candidate }) {
  const { t, i18n } = useTranslation();
  const why = candidate.explanation;
  const language = i18n.language;
  const qualifierValue = (kind: string, value: string) =>
    kind === 'nationality' && /^[A-Za-z]{2}$/.test(value) ? countryName(value, language) : value;
  return (
    <Stack gap={6} pt={4}>
      <Text size="sm">
        {t(`sanctions.why.matched.${why.matchedNameKind}`, {
          name: why.matchedName,
          query: why.queryName,
        })}
        {why.aliasQuality
          ? ` ${t('sanctions.why.aliasQuality', {
              quality: t(`sanctions.why.quality.${qualityKey(why.aliasQuality)}`, {
                quality: why.aliasQuality,
              }),
            })}`
          : ''}
      </Text>
      <Text size="sm">
        {t('sanctions.why.nameScore', { score: number(why.nameScore, language) })}
      </Text>
      {why.tokens.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table fz="sm" verticalSpacing={2} withTableBorder>
            <Table.Caption>{t('sanctions.why.tokens')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sanctions.why.queryToken')}</Table.Th>
                <Table.Th>{t('sanctions.why.candidateToken')}</Table.Th>
                <Table.Th ta="right">{t('sanctions.why.similarity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {why.tokens.map((token, index) => (
                <Table.Tr key={index}>
                  <Table.Td>
                    {token.query}
                    {token.family ? ` (${t('sanctions.why.family')})` : ''}
                  </Table.Td>
                  <Table.Td>{token.candidate ?? t('sanctions.why.missing')}</Table.Td>
                  <Table.Td ta="right">{number(token.similarity, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="sm" fw={600}>
        {t('sanctions.why.identifiers')}
      </Text>
      {why.identifiers.length === 0 ? (
        <Text size="sm" c="gray.8">
          {t('sanctions.why.noIdentifiers')}
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {why.identifiers.map((identifier) => (
            <List.Item key={`${identifier.kind}-${identifier.value}`}>
              {t(`sanctions.why.identifier.${identifier.agreed ? 'agreed' : 'differs'}`, {
                kind: t(`sanctions.why.identifierKind.${identifier.kind}`),
                value: identifier.value,
              })}
            </List.Item>
          ))}
        </List>
      )}
      <Text size="sm" fw={600}>
        {t('sanctions.why.qualifiers')}
      </Text>
      {why.qualifiers.length === 0 ? (
        <Text size="sm" c="gray.8">
          {t('sanctions.why.noQualifiers')}
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {why.qualifiers.map((qualifier) => (
            <List.Item key={qualifier.kind}>
              {t(`sanctions.why.qualifier.${qualifier.agreed ? 'agreed' : 'differs'}`, {
                kind: t(`sanctions.why.qualifierKind.${qualifier.kind}`),
                query: qualifierValue(qualifier.kind, qualifier.query),
                candidate: qualifierValue(qualifier.kind, qualifier.candidate),
                effect: new Intl.NumberFormat(language, {
                  signDisplay: 'always',
                  minimumFractionDigits: 2,
                  maximumFractionDigits: 2,
                }).format(qualifier.effect),
              })}
            </List.Item>
          ))}
        </List>
      )}
      {why.notes.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            {t('sanctions.why.notes')}
          </Text>
          <List size="sm" spacing={2}>
            {why.notes.map((note, index) => (
              <List.Item key={index}>{note}</List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

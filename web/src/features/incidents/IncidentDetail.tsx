import { Alert, Box, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/use-session';
import { AnchorLink } from '../../ui/links';
import { Discussion } from '../comments/Discussion';
import { DesignatedBadge } from '../sanctions/DesignatedBadge';
import { ScreeningPanel } from '../sanctions/ScreeningPanel';
import type { components } from '../../api/schema';
import { countryName, formatPeriod } from '../../ui/format';
import { useNames } from '../../ui/use-reference';
import { EvidenceSection, SourcesSection } from './CaseMaterial';
import { IncidentActions } from './IncidentActions';
import { StatusBadge } from './StatusBadge';
import { EditLink } from './form/EditLink';
import { HistoryTimeline } from './history/HistoryTimeline';
import { SimilarIncidents } from './compare/SimilarIncidents';
import { useIncident } from './use-incident';

type Location = components['schemas']['IncidentDto']['locations'][number];

/** d3-geo and the atlas load with the map, after the facts are on screen. */
const WorldMap = lazy(() =>
  import('../../ui/map/WorldMap').then((module) => ({ default: module.WorldMap })),
);

/** A location in words: "Musan, North Hamgyong, North Korea". */
const placeOf = (place: Location, language: string): string =>
  [place.placeName, place.adminArea, countryName(place.countryCode, language)]
    .filter(Boolean)
    .join(', ');

export function IncidentDetail() {
  const { t, i18n } = useTranslation();
  const { incidentId } = useParams({ from: '/staff/incidents/$incidentId' });
  const names = useNames();
  const me = useMe();
  const incident = useIncident(incidentId);

  if (incident.isPending) return <Text>{t('app.loading')}</Text>;
  if (incident.isError) {
    return (
      <Alert color="red" role="alert">
        {t('app.unavailable')}
      </Alert>
    );
  }
  const item = incident.data;
  if (!item) {
    return (
      <Stack>
        <Title order={1}>{t('detail.notFound')}</Title>
        <AnchorLink to="/incidents">{t('detail.back')}</AnchorLink>
      </Stack>
    );
  }

  return (
    <Stack>
      <Group gap="sm">
        <Text c="gray.8" fw={600}>
          {item.reference}
        </Text>
        <StatusBadge status={item.status} />
      </Group>
      <Title order={1}>{item.title}</Title>
      <Text c="gray.8">
        {formatPeriod(item.occurredFrom, item.occurredTo, item.datePrecision, i18n.language)}
        {' · '}
        {names.category(item.category)}
        {' · '}
        {t('detail.filedBy', { name: names.user(item.createdBy) })}
        {item.assigneeId
          ? ` · ${t('detail.assignedTo', { name: names.user(item.assigneeId) })}`
          : ''}
      </Text>
      <IncidentActions incident={item} />
      <EditLink incident={item} />
      {me.roles.includes('admin') && (
        <AnchorLink
          to="/admin/audit"
          search={{ entityType: 'incident', entityId: item.id }}
          size="sm"
        >
          {t('admin.audit.trail')}
        </AnchorLink>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="facts">
          <Title order={2} size="h4" id="facts" mb="sm">
            {t('detail.facts')}
          </Title>
          <Title order={3} size="h5">
            {t('detail.locations')}
          </Title>
          <List mb="sm">
            {item.locations.map((place, index) => (
              <List.Item key={index}>
                {t(`locationRole.${place.role}`)}: {placeOf(place, i18n.language)}
              </List.Item>
            ))}
          </List>
          {item.locations.length > 0 && (
            <Box mb="sm">
              <Suspense fallback={<Text c="gray.8">{t('map.loading')}</Text>}>
                <WorldMap
                  title={t('map.incidentTitle')}
                  countries={[...new Set(item.locations.map((place) => place.countryCode))].map(
                    (code) => ({ code }),
                  )}
                  points={item.locations.flatMap((place) =>
                    place.latitude !== undefined && place.longitude !== undefined
                      ? [
                          {
                            latitude: place.latitude,
                            longitude: place.longitude,
                            role: place.role,
                            label: placeOf(place, i18n.language),
                          },
                        ]
                      : [],
                  )}
                  zoom="highlighted"
                  height={440}
                />
              </Suspense>
            </Box>
          )}
          <Title order={3} size="h5">
            {t('detail.actors')}
          </Title>
          <List mb="sm">
            {item.actors.map((actor) => (
              <List.Item key={actor.id}>
                {actor.name} ({t(`actorType.${actor.type}`)}
                {actor.role ? `, ${actor.role}` : ''})
                {actor.imoNumber ? ` · IMO ${actor.imoNumber}` : ''}
                {actor.designationRef && (
                  <>
                    {' '}
                    <DesignatedBadge designationRef={actor.designationRef} />
                  </>
                )}
              </List.Item>
            ))}
          </List>
          <Title order={3} size="h5">
            {t('detail.quantities')}
          </Title>
          <List mb="sm">
            {item.quantities.map((quantity, index) => (
              <List.Item key={index}>
                {t(quantity.approximate ? 'detail.approximate' : 'detail.exact', {
                  value: new Intl.NumberFormat(i18n.language).format(quantity.value),
                  unit: quantity.unit,
                })}
              </List.Item>
            ))}
          </List>
          <Title order={3} size="h5">
            {t('detail.provisions')}
          </Title>
          <List>
            {item.provisions.map((code) => (
              <List.Item key={code}>
                {names.regime(item.regime)} → {names.provision(code)}
              </List.Item>
            ))}
          </List>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="summary">
          <Title order={2} size="h4" id="summary" mb="sm">
            {t('detail.summary')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{item.summary || t('detail.noSummary')}</Text>
        </Paper>
        <SourcesSection incidentId={item.id} />
        <EvidenceSection incidentId={item.id} />
        <HistoryTimeline incidentId={item.id} version={item.version} />
        <SimilarIncidents incident={item} />
      </SimpleGrid>
      {item.actors.length > 0 && <ScreeningPanel incident={item} />}
      <Discussion incidentId={item.id} />
    </Stack>
  );
}

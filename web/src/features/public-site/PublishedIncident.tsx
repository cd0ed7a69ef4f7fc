import { Alert, Anchor, Box, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { countryName, DatePrecision, formatPeriod, formatTimestamp } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { categoryName, provisionName, regimeName, webAddress } from './labels';
import { publishedIncidentQuery } from './query';

type PublicSource = components['schemas']['PublicSourceDto'];

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box component="div" mb="xs">
      <Text component="dt" fw={700} size="sm">
        {label}
      </Text>
      <Text component="dd" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Box>
  );
}

/** A public source: its kind, its name, and its address as a link that tells the site nothing. */
export function SourceItem({ source }: { source: PublicSource }) {
  const { t } = useTranslation();
  const href = webAddress(source.url);
  return (
    <List.Item style={{ overflowWrap: 'anywhere' }}>
      <Text component="span" fw={600}>
        {t(`sourceKind.${source.kind}`, { defaultValue: source.kind })}
      </Text>
      {': '}
      {href ? (
        <Anchor
          href={href}
          target="_blank"
          rel="noopener noreferrer nofollow"
          referrerPolicy="no-referrer"
          aria-label={t('publicSite.sourceLink', { name: source.name })}
        >
          {source.name}
        </Anchor>
      ) : (
        source.name
      )}
      {href && (
        <Text size="sm" c="gray.8" style={{ overflowWrap: 'anywhere' }}>
          {href}
        </Text>
      )}
      {!href && source.url && (
        <Text size="sm" c="gray.8">
          {source.url}
        </Text>
      )}
    </List.Item>
  );
}

export function PublishedIncident() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { reference } = useParams({ from: '/public/published/$reference' });
  const incident = useQuery(publishedIncidentQuery(reference));
  const notFound = incident.error instanceof ApiError && incident.error.status === 404;

  useEffect(() => {
    const heading = notFound
      ? t('publicSite.notFoundTitle')
      : (incident.data?.title ?? t('publicSite.title'));
    document.title = `${heading} · ${t('publicSite.siteName')}`;
  }, [t, language, notFound, incident.data?.title]);

  const back = (
    <Text>
      <AnchorLink to="/published" search={{}}>
        {t('publicSite.backToList')}
      </AnchorLink>
    </Text>
  );

  if (notFound)
    return (
      <Stack>
        <Title order={1}>{t('publicSite.notFoundTitle')}</Title>
        <Text>{t('publicSite.notFound', { reference })}</Text>
        {back}
      </Stack>
    );
  if (incident.isError)
    return (
      <Stack>
        <Alert color="red" role="alert">
          {incident.error instanceof ApiError && incident.error.status === 429
            ? t('publicSite.rateLimited')
            : t('app.unavailable')}
        </Alert>
        {back}
      </Stack>
    );
  if (!incident.data) return <Text c="gray.8">{t('app.loading')}</Text>;

  const item = incident.data;
  return (
    <Stack gap="md" component="article">
      {back}
      <Stack gap={4}>
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {item.title || t('publicSite.noTitle')}
        </Title>
        <Text c="gray.8">
          {item.reference} ·{' '}
          {t('publicSite.publishedOn', { date: formatTimestamp(item.publishedAt, language) })}
        </Text>
      </Stack>

      <Stack component="section" gap="xs" aria-labelledby="public-summary">
        <Title order={2} size="h3" id="public-summary">
          {t('publicSite.summary')}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {item.publicSummary}
        </Text>
      </Stack>

      <Stack component="section" gap="xs" aria-labelledby="public-details">
        <Title order={2} size="h3" id="public-details">
          {t('publicSite.details')}
        </Title>
        <Box component="dl" m={0}>
          <Field label={t('publicSite.dates')}>
            {formatPeriod(
              item.occurredFrom,
              item.occurredTo,
              item.datePrecision as DatePrecision,
              language,
            )}
          </Field>
          <Field label={t('publicSite.countries')}>
            {item.countries.map((code) => countryName(code, language)).join(', ')}
          </Field>
          <Field label={t('publicSite.regime')}>{regimeName(t, item.regime)}</Field>
          <Field label={t('publicSite.category')}>{categoryName(t, item.category)}</Field>
          {item.provisions.length > 0 && (
            <Field label={t('publicSite.provisions')}>
              {item.provisions.map((code) => provisionName(code)).join(', ')}
            </Field>
          )}
          <Field label={t('publicSite.confidence')}>
            {t(`publicSite.confidenceValue.${item.confidence ?? 'none'}`)}
          </Field>
          <Field label={t('publicSite.published')}>
            {formatTimestamp(item.publishedAt, language)}
          </Field>
        </Box>
      </Stack>

      <Stack component="section" gap="xs" aria-labelledby="public-sources">
        <Title order={2} size="h3" id="public-sources">
          {t('publicSite.sources')}
        </Title>
        {item.sources.length > 0 ? (
          <List spacing="xs">
            {item.sources.map((source, index) => (
              <SourceItem key={index} source={source} />
            ))}
          </List>
        ) : (
          <Text>{t('publicSite.noSources')}</Text>
        )}
      </Stack>
    </Stack>
  );
}

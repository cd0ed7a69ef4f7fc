import { Alert, Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import { countryName, formatPeriod } from '../../ui/format';

/** One designation of the UN list, as the list says it: where the "designated" badge leads. */
export function DesignationPage() {
  const { t, i18n } = useTranslation();
  const { reference } = useParams({ from: '/staff/sanctions/designations/$reference' });
  const designation = useQuery({
    queryKey: ['sanctions', 'designation', reference],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/sanctions/designations/{ref}', {
        params: { path: { ref: reference } },
      });
      if (response.status === 404 || response.status === 400) return null;
      if (error || !data) throw apiError(response, error);
      return data;
    },
  });
  if (designation.isPending) return <Text>{t('app.loading')}</Text>;
  if (designation.isError) {
    return (
      <Alert color="red" role="alert">
        {t('app.unavailable')}
      </Alert>
    );
  }
  const item = designation.data;
  if (!item) return <Title order={1}>{t('sanctions.designation.notFound', { reference })}</Title>;
  const language = i18n.language;
  return (
    <Stack>
      <Group gap="sm">
        <Text c="gray.8" fw={600}>
          {item.reference}
        </Text>
        <Badge color="gray" variant="light" c="gray.9">
          {t(`sanctions.kind.${item.kind}`)}
        </Badge>
        {item.removedAt && (
          <Badge color="orange" variant="light" c="orange.9">
            {t('sanctions.designation.removed')}
          </Badge>
        )}
      </Group>
      <Title order={1} style={{ overflowWrap: 'anywhere' }}>
        {item.name}
      </Title>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Text>
            {t('sanctions.designation.listedOn', {
              date: item.listedOn
                ? formatPeriod(item.listedOn, null, 'day', language)
                : t('sanctions.versions.unknown'),
              list: item.listType,
            })}
          </Text>
          {item.originalScript && <Text lang="ko">{item.originalScript}</Text>}
          {item.nationalities.length > 0 && (
            <Text>
              {t('sanctions.designation.nationalities', {
                countries: item.nationalities
                  .map((code) => (/^[A-Z]{2}$/i.test(code) ? countryName(code, language) : code))
                  .join(', '),
              })}
            </Text>
          )}
          <Title order={2} size="h4">
            {t('sanctions.designation.aliases')}
          </Title>
          {item.aliases.length === 0 ? (
            <Text c="gray.8">{t('sanctions.designation.noAliases')}</Text>
          ) : (
            <List>
              {item.aliases.map((alias, index) => (
                <List.Item key={index}>
                  {alias.name}
                  {alias.quality ? ` (${alias.quality})` : ''}
                </List.Item>
              ))}
            </List>
          )}
          {item.comments && (
            <>
              <Title order={2} size="h4">
                {t('sanctions.designation.comments')}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {item.comments}
              </Text>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

import { Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './links';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>{t('app.notFound')}</Title>
        <Text>
          <AnchorLink to="/">{t('nav.myWork')}</AnchorLink>
        </Text>
      </Stack>
    </Container>
  );
}

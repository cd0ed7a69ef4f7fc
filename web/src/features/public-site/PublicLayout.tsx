import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../../ui/LanguageSelect';
import { AnchorLink } from '../../ui/links';

/**
 * The public site's frame: its name, the language switch and the way in for staff. No session:
 * nothing here, or below, calls the authenticated API.
 */
export function PublicLayout() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.title = t('publicSite.siteName');
  }, [t, i18n.language]);
  return (
    <>
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <Box
        component="header"
        aria-label={t('publicSite.header')}
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <AnchorLink to="/published" search={{}} fw={700} c="dark.9" underline="never">
              {t('publicSite.siteName')}
            </AnchorLink>
            <Group gap="sm" wrap="nowrap">
              <LanguageSelect />
              {/* A full page load: the sign-in page resumes a kept session; this site never does. */}
              <Anchor href="/app/sign-in" size="sm">
                {t('publicSite.staffSignIn')}
              </Anchor>
            </Group>
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="md" component="main" id="main">
        <Outlet />
      </Container>
      <Container size="lg" pb="lg" component="footer">
        <Text size="sm" c="gray.8">
          {t('publicSite.confidentialNote')}
        </Text>
      </Container>
    </>
  );
}

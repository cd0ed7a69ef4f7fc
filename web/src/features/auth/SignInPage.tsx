import {
  Alert,
  Button,
  Center,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { session, SignInResult } from '../../app/session';
import { LanguageSelect } from '../../ui/LanguageSelect';
import { AnchorLink } from '../../ui/links';

type Failure = Exclude<SignInResult, { ok: true }>;

/** Sign-in: one message for any wrong credential, a countdown while rate limited. */
export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ from: '/sign-in' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const secondsLeft = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [waitUntil]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await session.signIn(email.trim(), password, remember);
    setBusy(false);
    if (result.ok) {
      await navigate({ to: search.redirect ?? '/' });
      return;
    }
    setPassword('');
    setFailure(result);
    if (result.reason === 'rate_limited') {
      setNow(Date.now());
      setWaitUntil(Date.now() + result.retryAfterSeconds * 1000);
    }
  };

  const message =
    failure?.reason === 'invalid'
      ? t('signIn.invalid')
      : failure?.reason === 'rate_limited' && secondsLeft > 0
        ? t('signIn.rateLimited', { count: secondsLeft })
        : failure?.reason === 'unavailable'
          ? t('signIn.unavailable')
          : null;

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <Group justify="space-between" align="flex-start">
              <Title order={1} size="h2">
                {t('app.name')}
              </Title>
              <LanguageSelect />
            </Group>
            <Text c="gray.8">{t('signIn.intro')}</Text>
            {search.reason === 'expired' && !failure && (
              <Alert color="yellow" role="status">
                {t('signIn.expired')}
              </Alert>
            )}
            {message && (
              <Alert color="red" role="alert">
                {message}
              </Alert>
            )}
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <PasswordInput
              label={t('signIn.password')}
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Checkbox
              label={t('signIn.remember')}
              description={t('signIn.rememberHelp')}
              checked={remember}
              onChange={(event) => setRemember(event.currentTarget.checked)}
            />
            <Button
              type="submit"
              loading={busy}
              disabled={secondsLeft > 0 || !email.trim() || !password}
            >
              {t('signIn.submit')}
            </Button>
            <AnchorLink to="/forgot-password" size="sm">
              {t('password.forgotLink')}
            </AnchorLink>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { LanguageSelect } from '../../ui/LanguageSelect';
import { AnchorLink } from '../../ui/links';

const MIN_LENGTH = 12;

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <Stack>
          <LanguageSelect />
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** "Forgot your password?": the same answer whatever the address (no account enumeration). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'sent' | 'failed'>('idle');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setState('busy');
    const { response } = await api.POST('/api/v1/auth/password/forgot', {
      body: { email: email.trim() },
    });
    setState(response.status === 202 ? 'sent' : 'failed');
  };

  return (
    <Frame title={t('password.forgotTitle')}>
      {state === 'sent' ? (
        <Alert color="green" role="status">
          {t('password.sent')}
        </Alert>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <Text>{t('password.forgotIntro')}</Text>
            {state === 'failed' && (
              <Alert color="red" role="alert">
                {t('signIn.unavailable')}
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
            <Button type="submit" loading={state === 'busy'} disabled={!email.trim()}>
              {t('password.send')}
            </Button>
          </Stack>
        </form>
      )}
      <AnchorLink to="/sign-in">{t('password.backToSignIn')}</AnchorLink>
    </Frame>
  );
}

/** Reads the token once from the link's fragment and takes it out of the address bar. */
function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (window.location.hash) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return token;
}

/** The page a set-password link opens (issued by an admin, the CLI, or "forgot password"). */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(takeToken);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'invalid' | 'failed'>(
    token ? 'idle' : 'invalid',
  );
  const tooShort = password.length < MIN_LENGTH;
  const mismatch = password !== confirm;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (!token || tooShort || mismatch) return;
    setState('busy');
    const { response } = await api.POST('/api/v1/auth/password/reset', {
      body: { token, newPassword: password },
    });
    setState(response.status === 204 ? 'done' : response.status === 400 ? 'invalid' : 'failed');
  };

  return (
    <Frame title={t('password.setTitle')}>
      {state === 'done' ? (
        <Alert color="green" role="status">
          {t('password.done')}
        </Alert>
      ) : state === 'invalid' ? (
        <>
          <Alert color="red" role="alert">
            {token ? t('password.invalidLink') : t('password.noToken')}
          </Alert>
          <AnchorLink to="/forgot-password">{t('password.forgotLink')}</AnchorLink>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <Text>{t('password.setIntro')}</Text>
            {state === 'failed' && (
              <Alert color="red" role="alert">
                {t('signIn.unavailable')}
              </Alert>
            )}
            <PasswordInput
              label={t('password.newPassword')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={touched && tooShort ? t('password.tooShort') : undefined}
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            />
            <PasswordInput
              label={t('password.confirm')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(event) => setConfirm(event.currentTarget.value)}
              error={touched && !tooShort && mismatch ? t('password.mismatch') : undefined}
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            />
            <Button type="submit" loading={state === 'busy'}>
              {t('password.save')}
            </Button>
          </Stack>
        </form>
      )}
      <AnchorLink to="/sign-in">{t('password.backToSignIn')}</AnchorLink>
    </Frame>
  );
}

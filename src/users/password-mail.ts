import { Mail } from '../common/mailer';

/** Where the web application lets the holder of a token choose a password. */
export const SET_PASSWORD_PATH = '/app/set-password';

/**
 * The link of a password token. The token is in the fragment, which a browser never sends: it
 * reaches no server log and no Referer, only the page's script, which posts it to
 * `/auth/password/reset`.
 */
export const passwordLink = (origin: string, token: string): string =>
  `${origin}${SET_PASSWORD_PATH}#token=${token}`;

const until = (expiresAt: Date): string =>
  `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The mail of an admin's or operator's link (24 h). */
export function setPasswordMail(to: string, link: string, expiresAt: Date): Mail {
  return {
    to,
    subject: 'Choose a new password for sanctions-tracker',
    text: [
      'An administrator has reset the password of your sanctions-tracker account.',
      'Your earlier password no longer works and you have been signed out everywhere.',
      '',
      'Choose a new password here (the link works once, until ' + until(expiresAt) + '):',
      link,
    ].join('\n'),
  };
}

/** The mail answering a forgotten password (30 min). */
export function resetPasswordMail(to: string, link: string, expiresAt: Date): Mail {
  return {
    to,
    subject: 'Reset your sanctions-tracker password',
    text: [
      'Someone, hopefully you, asked to reset the password of your sanctions-tracker account.',
      '',
      'Choose a new password here (the link works once, until ' + until(expiresAt) + '):',
      link,
      '',
      'If you did not ask, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}

import './app/zod-config';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { setNonce } from 'get-nonce';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { session } from './app/session';
import { loadPublicStrings, loadStaffStrings, setupI18n } from './i18n';
import { styleNonce } from './app/theme';

// Dialogs lock the page's scroll with a <style> tag of react-remove-scroll: it carries the
// page's nonce too, or the CSP refuses it.
setNonce(styleNonce());

/** The pages anyone may open; every other page is a staff page, which needs the staff strings. */
const PUBLIC_PAGES = /^\/app\/(sign-in|forgot-password|set-password|published)\b/;
/** The public site: no session at all, so not even a refresh is asked for. */
const PUBLISHED_PAGES = /^\/app\/published\b/;

async function start(): Promise<void> {
  await setupI18n();
  const path = window.location.pathname;
  // A page's strings load while the session resumes, rather than after it.
  // (A failure surfaces where the route awaits them.)
  if (PUBLISHED_PAGES.test(path)) loadPublicStrings().catch(() => undefined);
  else if (!PUBLIC_PAGES.test(path)) loadStaffStrings().catch(() => undefined);
  if (!PUBLISHED_PAGES.test(path)) await session.resume();
  createRoot(document.getElementById('root')!).render(<App />);
}

void start();

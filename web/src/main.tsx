import './app/zod-config';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { setNonce } from 'get-nonce';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { session } from './app/session';
import { loadStaffStrings, setupI18n } from './i18n';
import { styleNonce } from './app/theme';

// Dialogs lock the page's scroll with a <style> tag of react-remove-scroll: it carries the
// page's nonce too, or the CSP refuses it.
setNonce(styleNonce());

/** The pages anyone may open; every other page is a staff page, which needs the staff strings. */
const PUBLIC_PAGES = /^\/app\/(sign-in|forgot-password|set-password)\b/;

async function start(): Promise<void> {
  await setupI18n();
  // A staff page's strings load while the session resumes, rather than after it.
  // (A failure surfaces where the staff route awaits them.)
  if (!PUBLIC_PAGES.test(window.location.pathname)) loadStaffStrings().catch(() => undefined);
  await session.resume();
  createRoot(document.getElementById('root')!).render(<App />);
}

void start();

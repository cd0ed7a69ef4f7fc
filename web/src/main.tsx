import './app/zod-config';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { setNonce } from 'get-nonce';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { session } from './app/session';
import { setupI18n } from './i18n';
import { styleNonce } from './app/theme';

// Dialogs lock the page's scroll with a <style> tag of react-remove-scroll: it carries the
// page's nonce too, or the CSP refuses it.
setNonce(styleNonce());

async function start(): Promise<void> {
  await setupI18n();
  await session.resume();
  createRoot(document.getElementById('root')!).render(<App />);
}

void start();

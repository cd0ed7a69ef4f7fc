import './app/zod-config';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { session } from './app/session';
import { setupI18n } from './i18n';

async function start(): Promise<void> {
  await setupI18n();
  await session.resume();
  createRoot(document.getElementById('root')!).render(<App />);
}

void start();

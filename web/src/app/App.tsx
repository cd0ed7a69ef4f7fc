import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect } from 'react';
import { queryClient } from './query-client';
import { router } from './router';
import { session } from './session';
import { cssVariables, styleNonce, theme } from './theme';

export function App() {
  useEffect(
    () =>
      // A session that ends (sign-out, or a refresh refused) leaves nothing behind in memory.
      session.subscribe(() => {
        if (session.state.status === 'signed_out') {
          queryClient.clear();
          void router.navigate({
            to: '/sign-in',
            search: { reason: session.state.why === 'expired' ? 'expired' : undefined },
          });
        }
      }),
    [],
  );
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables} getStyleNonce={styleNonce}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}

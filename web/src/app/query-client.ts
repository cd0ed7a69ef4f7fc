import { QueryClient } from '@tanstack/react-query';

/** The one query cache: the screens' and the router's loaders' (which start a screen's data early). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, staleTime: 15_000, refetchOnWindowFocus: true },
  },
});

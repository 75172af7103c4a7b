import { QueryClient } from '@tanstack/react-query';
import { isApiProblem } from './api.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change on retry; network and 5xx errors get two more tries.
      retry: (failureCount, error) => !(isApiProblem(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
    mutations: { retry: false },
  },
});

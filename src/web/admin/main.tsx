import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { ApiError, isUnauthenticated } from './api.ts';
import { createAppRouter } from './router.tsx';
import '../ui/styles.css';
import './admin.css';

/** A lost session anywhere sends the user to the login page, and back to where they were after. */
function onError(error: unknown) {
  if (!isUnauthenticated(error)) return;
  const { pathname, href } = router.state.location;
  if (pathname === '/login') return;
  queryClient.clear();
  void router.navigate({ to: '/login', search: { redirect: href } });
}

const queryClient = new QueryClient({
  // The session query itself is checked by the route guards (router.tsx).
  queryCache: new QueryCache({ onError: (error, query) => query.queryKey[0] !== 'me' && onError(error) }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // Retry network trouble and server errors, not answers such as 403 or 404.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const router = createAppRouter(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);

import '@/lib/messages/jitless'; // first, before any zod schema exists
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/card.css';
import '@/components/pages.css';
import '@/components/templates/library.css';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { ErrorBoundary } from '@/components/dashboard/ErrorBoundary';

import { selectPageBook } from '@/lib/team/page-book';

// The book to read (personal or the team's) is known before anything renders.
await selectPageBook();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <Dashboard />
    </ErrorBoundary>
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/card.css';
import '@/components/pages.css';
import '@/components/templates/library.css';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { ErrorBoundary } from '@/components/dashboard/ErrorBoundary';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <Dashboard />
    </ErrorBoundary>
  </StrictMode>,
);

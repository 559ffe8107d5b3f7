import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/card.css';
import '@/components/pages.css';
import { Dashboard } from '@/components/dashboard/Dashboard';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Dashboard />
  </StrictMode>,
);

import '@/lib/messages/jitless'; // first, before any zod schema exists
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/pages.css';
import '@/components/templates/library.css';
import '@/components/welcome/welcome.css';
import { Welcome } from '@/components/welcome/Welcome';
import { selectPageBook } from '@/lib/team/page-book';
import { loadMembership } from '@/lib/team/membership';

// The page a first install opens (lib/background/first-run.ts). The book to read (personal or
// the team's) is known before anything renders.
await selectPageBook();
const membership = await loadMembership();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Welcome teamName={membership && !membership.removed ? membership.teamName : undefined} />
  </StrictMode>,
);

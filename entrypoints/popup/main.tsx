import '@/lib/messages/jitless'; // first, before any zod schema exists
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/pages.css';
import '@/components/popup/popup.css';
import { Popup } from '@/components/popup/Popup';

import { selectPageBook } from '@/lib/team/page-book';

// The book to read (personal or the team's) is known before anything renders.
await selectPageBook();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup />
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/pages.css';
import '@/components/popup/popup.css';
import { Popup } from '@/components/popup/Popup';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup />
  </StrictMode>,
);

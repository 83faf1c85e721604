import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { newQueryClient } from './api/queries';
import './styles.css';

document.documentElement.lang = localStorage.getItem('nqtrack.lang') === 'en' ? 'en' : 'vi';
const queryClient = newQueryClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

/**
 * Entry point: connects the store to the session worker, applies the URL's parameters
 * (?backend=, ?seed=) and mounts the KBT Lab app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../components/App';
import { applyUrl, connectWorker } from './store/workerClient';
import '../components/app.css';

connectWorker();
applyUrl(window.location.search);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('[main] #root element missing from index.html');
createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

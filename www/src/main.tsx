import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WireStoreProvider } from 'wirestore/react';
import { App } from './App';
import { recorder, store } from './wire';
import './styles.css';

store.connect();
// For the curious, from the devtools console: wirestoreDemo.store.getSnapshot('stats').
Object.assign(window, { wirestoreDemo: { store, recorder } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WireStoreProvider store={store}>
      <App />
    </WireStoreProvider>
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WireStoreProvider } from 'wirestore/react';
import { App } from './App';
import { store } from './wire';
import './styles.css';

store.connect();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WireStoreProvider store={store}>
      <App />
    </WireStoreProvider>
  </StrictMode>,
);

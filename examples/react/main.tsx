import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';
import {App} from './App.js';
// Development only (`npm start`): the mock Connect service and a stand-in for your server's
// /api/human-connect/* routes. Your app renders <App /> straight away.
import {startDevMock} from '../shared/dev-mock.js';

startDevMock().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>
  );
});

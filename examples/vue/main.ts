import {createApp} from 'vue';
import {App} from './App.js';
// Development only (`npm start`): the mock Connect service and a stand-in for your server's
// /api/human-connect/* routes. Your app mounts straight away.
import {startDevMock} from '../shared/dev-mock.js';

startDevMock().then(() => {
  createApp(App).mount('#app');
});

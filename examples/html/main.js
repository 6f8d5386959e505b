// The page's entry. Under `npm start` there is no server of your own and no real Connect
// service: dev-mock stands in for both. In your app, drop that import and call start().
import {startDevMock} from '../shared/dev-mock.js';
import {start} from './app.js';

startDevMock().then(() => start());

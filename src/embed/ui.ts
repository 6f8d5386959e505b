/**
 * The UI file's entry (`dist/human-connect.ui.<hash>.min.js`): everything of the widget that the
 * script-tag loader (`human-connect.min.js`, src/embed/loader.ts) fetches on intent, but what the
 * widget loads on first use (the later views and steps, in `human-connect.ui-later.<hash>.min.js`,
 * which the loader fetches when asked, with its own integrity hash). It registers
 * `<human-connect>`, and gives the loader the means to make `window.HumanConnect`'s real API.
 */
import '../human-connect.js';

export {createGlobalApi} from './global-api.js';

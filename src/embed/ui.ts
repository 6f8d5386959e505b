/**
 * The UI file's entry (`dist/human-connect.ui.<hash>.min.js`): everything of the widget that the
 * script-tag loader (`human-connect.min.js`, src/embed/loader.ts) fetches on intent. It registers
 * `<human-connect>`, then hands the loader the means to make `window.HumanConnect`'s real API.
 */
import '../human-connect.js';
import {createGlobalApi} from './global-api.js';
import {ownScript} from './own-script.js';
import {HANDOFF, type HandoffScript} from './ui-handoff.js';

if (typeof document !== 'undefined') {
  (ownScript(document) as HandoffScript | null)?.[HANDOFF]?.(createGlobalApi);
}

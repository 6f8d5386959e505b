/**
 * The views after "Allow": the login under way, and its success or failure.
 * One lazily loaded module (see `lazyView`): a person who never connects a
 * source never downloads them, and the consent view starts the download, so
 * they are here by the time "Allow" is pressed.
 */
export {authorizingView} from './authorizing-view.js';
export {
  connectErrorView,
  connectedView,
  returnRefusedView,
} from './result-views.js';
// An opening to a source that cannot be connected (`source-id`).
export {sourceErrorView} from './source-error-view.js';
// "Stop connecting?": asked only while a login is under way.
export {confirmDialog} from './confirm-dialog.js';
export {styles} from './later-styles.js';

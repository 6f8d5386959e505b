// Member names that terser may shorten in the script-tag bundle: the inner
// members of the flow and of the element, which nothing outside the bundle
// reads (no page, no service answer, no DOM API). About 240 B gzip. A name
// added here must be one of those: test/node/mangled-names.test.ts checks
// that none is public, on the wire or in the DOM.
export const MANGLED_NAMES = [
  // FlowController
  'announced',
  'askDisconnect',
  'cancelConfirmation',
  'cancelLogin',
  'closePopup',
  'confirmation',
  'connectionsError',
  'disconnecting',
  'emitError',
  'loadSession',
  'loginFailed',
  'reopenPopup',
  'requestClose',
  'requestForm',
  'requestedName',
  'retryConnect',
  'safeUrl',
  'showConnections',
  'showRequestForm',
  'showSearch',
  'submitRequest',
  'tokenFailure',
  'tokenStatus',
  'updateRequestForm',
  'waitForLogin',
  'watchSyncing',
  // SourceSearch
  'cancelDebounce',
  'debounceTimer',
  'loadMore',
  'retryMore',
  'setCategory',
  'setQuery',
  // HumanConnectElement's private members
  'applyLocale',
  'closeReason',
  'closeWith',
  'focusBeforeConfirm',
  'focusedView',
  'localeReady',
  'moveFocus',
  'onDialogClose',
  'renderPanel',
  'renderView',
  'resolvedLocale',
  'syncDialog',
  'viewPending',
];

export const mangledNames = new RegExp(`^(?:${MANGLED_NAMES.join('|')})$`);

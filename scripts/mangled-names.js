// Member names that the builds shorten (terser in the script-tag bundle,
// scripts/rollup-plugin-short-members.js in the ES build): the inner members
// of the flow, the results list and the element, which nothing outside the
// package reads (no page, no service answer, no DOM API). A name added here
// must be one of those: test/node/mangled-names.test.ts checks that none is
// public or on the wire. Terser leaves alone the names it knows from the DOM.
export const MANGLED_NAMES = [
  // FlowController
  'announced',
  'choose',
  'closePopup',
  'confirmation',
  'connectionsError',
  'disconnecting',
  'emitError',
  'fail',
  'isLive',
  'loadSession',
  'refresh',
  'requestClose',
  'requestForm',
  'requestedName',
  'results',
  'safeUrl',
  'showConnections',
  'showRequestForm',
  'showSearch',
  'tokenFailure',
  'tokenStatus',
  'waits',
  'repairing',
  'redirectReturn',
  'takeReturn',
  'watchSyncing',
  'upsert',
  // SourceSearch
  'cache',
  'cancelDebounce',
  'remember',
  'debounceTimer',
  'loadMore',
  'retryMore',
  'setCategory',
  'setQuery',
  'suspend',
  // ResultsList
  'activate',
  'counts',
  'estimate',
  'generation',
  'indexAt',
  'listbox',
  'schedule',
  'logoEnd',
  'logoFirst',
  'offsetOf',
  'onKey',
  'reported',
  'revealing',
  'scroller',
  'showsLogo',
  // HumanConnectElement's private members
  'applyLocale',
  'closeReason',
  'closeWith',
  'focusBeforeConfirm',
  'focusedView',
  'lazy',
  'localeReady',
  'moveFocus',
  'onCancel',
  'onDialogClose',
  'renderPanel',
  'renderView',
  'resolvedLocale',
  'syncDialog',
  'viewPending',
];

export const mangledNames = new RegExp(`^(?:${MANGLED_NAMES.join('|')})$`);

/**
 * The exports of the modules the widget loads on first use, which the script-tag files reach as
 * members (of an inlined module namespace in the one-file build, of the later file's exports in
 * the UI's two files): read by the widget's own code only, so terser shortens them there as well
 * (test/node/mangled-names.test.ts checks that each is such an export, and not public).
 */
export const LAZY_EXPORTS = [
  // src/flow
  'AUTHORIZED_MESSAGE',
  'backOnline',
  'bridgeMessage',
  'browserPage',
  'declineConsent',
  'featuredPage',
  'followSyncs',
  'holdReceipt',
  'isAuthorizedMessage',
  'isLocked',
  'isSourceId',
  'keepReceipt',
  'leaveForLogin',
  'nativeBridge',
  'needsLogin',
  'offersAnother',
  'openAsked',
  'openRepair',
  'openSource',
  'postEvent',
  'prepareRedirect',
  'readReturned',
  'receiptOf',
  'receiptUrl',
  'reconnect',
  'seeConsent',
  'sendConsent',
  'settleReturn',
  'sourceOf',
  'takeNote',
  'tellApp',
  'waitForAuthorization',
  'waitForLogin',
  // src/views
  'attentionLine',
  'authorizingView',
  'confirmDialog',
  'connectedView',
  'connectErrorView',
  'connectionStatusLabel',
  'connectionsView',
  'consentView',
  'referenceLine',
  'requestView',
  'returnRefusedView',
  'sourceErrorView',
  'tokenErrorView',
];

/** What terser shortens in the script-tag files: the inner members, and the lazy exports. */
export const scriptTagMangledNames = new RegExp(
  `^(?:${[...MANGLED_NAMES, ...LAZY_EXPORTS].join('|')})$`
);

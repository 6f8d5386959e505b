/**
 * The browser's own view of the network, for tests of offline and back
 * online. The requests themselves fail through the mock service
 * (`scenario.offline`); this makes `navigator.onLine` say so and fires the
 * events a real loss of network fires, the same in every browser.
 */
export function goOffline(): () => void {
  Object.defineProperty(navigator, 'onLine', {
    configurable: true,
    get: () => false,
  });
  window.dispatchEvent(new Event('offline'));
  return goOnline;
}

/** Back online: `navigator.onLine` is the browser's own again, and `online` fires. */
export function goOnline(): void {
  // The override sits on the instance; deleting it uncovers the prototype's getter.
  delete (navigator as {onLine?: boolean}).onLine;
  window.dispatchEvent(new Event('online'));
}
